import { describe, expect, it } from 'vitest';
import { stratifiedFoldAssignment, stratifiedKFold } from '../../src/evaluate/stratified-k-fold.js';
import { trainTestSplit } from '../../src/evaluate/train-test-split.js';
import { expectError } from './helpers.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function expectPartition(parts: readonly Int32Array[], n: number): void {
  const all = parts.flatMap((p) => [...p]).sort((a, b) => a - b);
  expect(all).toEqual(range(n));
  for (const p of parts)
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1] as number);
}

const labels = [...'aaaaaaaaaaaaaaaaaaaabbbbbbbbbbcccccddd'.split('')];

describe('trainTestSplit', () => {
  it('splits a row count with scikit-learn sizes (test rounded up)', () => {
    const { train, test } = trainTestSplit(10, { testSize: 0.25 });
    expect(test.length).toBe(3);
    expect(train.length).toBe(7);
    expectPartition([train, test], 10);
    expect(trainTestSplit(10, { testSize: 4 }).test.length).toBe(4);
    expect(trainTestSplit(100).test.length).toBe(25);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = trainTestSplit(1000, { seed: 7 });
    expect(trainTestSplit(1000, { seed: 7 })).toEqual(a);
    expect([...trainTestSplit(1000, { seed: 8 }).test]).not.toEqual([...a.test]);
  });

  it('keeps order without shuffle', () => {
    const { train, test } = trainTestSplit(8, { testSize: 0.25, shuffle: false });
    expect([...train]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...test]).toEqual([6, 7]);
  });

  it('stratifies by labels and keeps class shares', () => {
    // 20 a, 10 b, 5 c, 3 d; half of each, the odd halves of c and d rounded by a seeded draw.
    for (const seed of [1, 2, 3, 4, 5]) {
      const { train, test } = trainTestSplit(labels, { testSize: 0.5, seed });
      expectPartition([train, test], labels.length);
      const count = (c: string): number => [...test].filter((i) => labels[i] === c).length;
      expect(count('a')).toBe(10);
      expect(count('b')).toBe(5);
      expect([2, 3]).toContain(count('c'));
      expect([1, 2]).toContain(count('d'));
      expect(test.length).toBe(19);
    }
  });

  it('can split labels without stratifying', () => {
    const { test } = trainTestSplit(labels, { testSize: 0.5, stratify: false });
    expect(test.length).toBe(19);
  });

  it('refuses impossible settings', () => {
    expectError(() => trainTestSplit(10, { testSize: 0 }), 'INVALID_OPTION');
    expectError(() => trainTestSplit(10, { testSize: 1.5 }), 'INVALID_OPTION');
    expectError(() => trainTestSplit(10, { testSize: 10 }), 'INVALID_OPTION');
    expectError(() => trainTestSplit(1), 'INVALID_INPUT');
    expectError(() => trainTestSplit(10, { stratify: true }), 'INVALID_OPTION');
    expectError(() => trainTestSplit(labels, { shuffle: false }), 'INVALID_OPTION');
    expectError(() => trainTestSplit(['a', 'a', 'b', 'b', 'c']), 'INVALID_INPUT');
    expectError(() => trainTestSplit(labels, { testSize: 2 }), 'INVALID_OPTION');
    expectError(() => trainTestSplit(10, { seed: 1.5 }), 'INVALID_OPTION');
  });
});

describe('stratifiedKFold', () => {
  it('partitions rows into folds; train is the complement of test', () => {
    const folds = stratifiedKFold(labels, { folds: 4 });
    expect(folds).toHaveLength(4);
    expectPartition(
      folds.map((f) => f.test),
      labels.length,
    );
    for (const fold of folds) {
      expectPartition([fold.train, fold.test], labels.length);
    }
  });

  it('keeps per-class fold sizes when shuffled, deterministic per seed', () => {
    const plain = stratifiedFoldAssignment(labels, { folds: 5 });
    const shuffled = stratifiedFoldAssignment(labels, { folds: 5, shuffle: true, seed: 42 });
    expect(stratifiedFoldAssignment(labels, { folds: 5, shuffle: true, seed: 42 })).toEqual(
      shuffled,
    );
    expect([...shuffled]).not.toEqual([...plain]);
    const sizes = (assignment: Int32Array, c: string): number[] => {
      const out = new Array<number>(5).fill(0);
      assignment.forEach((f, i) => {
        if (labels[i] === c) out[f]!++;
      });
      return out;
    };
    for (const c of ['a', 'b', 'c', 'd']) expect(sizes(shuffled, c)).toEqual(sizes(plain, c));
    expect([
      ...stratifiedFoldAssignment(labels, { folds: 5, shuffle: true, seed: 43 }),
    ]).not.toEqual([...shuffled]);
  });

  it('allows classes smaller than the number of folds', () => {
    const folds = stratifiedKFold(['x', 'x', 'x', 'x', 'x', 'y'], { folds: 5 });
    expect(folds.map((f) => f.test.length)).toEqual([2, 1, 1, 1, 1]);
  });

  it('refuses impossible settings', () => {
    expectError(() => stratifiedKFold(labels, { folds: 1 }), 'INVALID_OPTION');
    expectError(() => stratifiedKFold(['a', 'b'], { folds: 3 }), 'INVALID_OPTION');
    expectError(() => stratifiedKFold(['a', 'b', 'c', 'd'], { folds: 3 }), 'INVALID_INPUT');
    expectError(() => stratifiedKFold(['a', 1] as string[]), 'INVALID_INPUT');
  });
});

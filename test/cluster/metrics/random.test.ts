import { describe, expect, it } from 'vitest';
import {
  createRandom,
  deriveSeed,
  sampleWithReplacement,
  sampleWithoutReplacement,
} from '../../../src/cluster/metrics/random.js';
import { expectError } from './helpers.js';

describe('seeded random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const r = createRandom(seed);
      return Array.from({ length: 5 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(-1)).not.toEqual(draw(2 ** 32 - 1));
    // Pinned so that a change of the generator (and of every seeded result) is noticed.
    expect(draw(0)).toMatchInlineSnapshot(`
      [
        221931283,
        2161104812,
        3171759778,
        4180677183,
        1543772655,
      ]
    `);
  });

  it('draws floats in [0, 1) and unbiased integers', () => {
    const r = createRandom(1);
    const counts = new Array<number>(6).fill(0);
    let sum = 0;
    for (let i = 0; i < 60_000; i++) {
      const f = r.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      sum += f;
      counts[r.nextInt(6)]!++;
    }
    expect(sum / 60_000).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expectError(() => r.nextInt(0), 'INVALID_OPTION');
    expectError(() => createRandom(0.5), 'INVALID_OPTION');
  });

  it('derives distinct seeds from paths', () => {
    const seeds = new Set<number>();
    for (let b = 0; b < 50; b++) for (let k = 1; k < 10; k++) seeds.add(deriveSeed(7, b, k));
    expect(seeds.size).toBe(450);
    expect(deriveSeed(7, 1, 2)).toBe(deriveSeed(7, 1, 2));
    expect(deriveSeed(7, 1, 2)).not.toBe(deriveSeed(7, 2, 1));
    expect(deriveSeed(7)).toBeGreaterThanOrEqual(0);
  });

  it('samples rows with and without replacement', () => {
    const without = sampleWithoutReplacement(100, 30, createRandom(5));
    expect(new Set(without).size).toBe(30);
    expect(Math.max(...without)).toBeLessThan(100);
    expect(sampleWithoutReplacement(10, 50, createRandom(5))).toHaveLength(10);
    const withRep = sampleWithReplacement(1000, createRandom(5));
    expect(withRep).toHaveLength(1000);
    // About 1 - 1/e of the rows are drawn at least once.
    expect(new Set(withRep).size / 1000).toBeCloseTo(0.632, 1);
  });
});

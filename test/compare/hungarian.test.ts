import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/cluster/metrics/random.js';
import { contingencyTable } from '../../src/compare/contingency.js';
import { hungarianMatch } from '../../src/compare/hungarian.js';
import { expectError } from './helpers.js';

/** Best total over every injective assignment of the smaller side, by brute force. */
function bruteForce(matrix: readonly (readonly number[])[]): number {
  const r = matrix.length;
  const c = (matrix[0] ?? []).length;
  const at = (i: number, j: number): number => (matrix[i] as number[])[j] as number;
  const transposed = r > c;
  const small = transposed ? c : r;
  const large = transposed ? r : c;
  let best = -Infinity;
  const used = new Array<boolean>(large).fill(false);
  const walk = (i: number, sum: number): void => {
    if (i === small) {
      best = Math.max(best, sum);
      return;
    }
    for (let j = 0; j < large; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + (transposed ? at(j, i) : at(i, j)));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

describe('hungarianMatch', () => {
  it('finds the optimum of brute force on random square and rectangular tables', () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const r = 1 + random.nextInt(6);
      const c = 1 + random.nextInt(6);
      const max = [2, 5, 100][trial % 3] as number; // small ranges force many ties
      const matrix = Array.from({ length: r }, () =>
        Array.from({ length: c }, () => random.nextInt(max)),
      );
      const matching = hungarianMatch(matrix);
      expect(matching.matched).toBe(bruteForce(matrix));
      expect(matching.pairs).toHaveLength(Math.min(r, c));
      // One-to-one and consistent.
      const cols = matching.pairs.map((p) => p.colIndex);
      expect(new Set(cols).size).toBe(cols.length);
      for (const pair of matching.pairs) {
        expect(matching.rowMatch[pair.rowIndex]).toBe(pair.colIndex);
        expect(matching.colMatch[pair.colIndex]).toBe(pair.rowIndex);
        expect(pair.count).toBe((matrix[pair.rowIndex] as number[])[pair.colIndex]);
      }
      expect(matching.unmatchedRows.length).toBe(r - Math.min(r, c));
      expect(matching.unmatchedCols.length).toBe(c - Math.min(r, c));
    }
  });

  it('handles real-valued and negative scores', () => {
    const random = createRandom(12);
    for (let trial = 0; trial < 100; trial++) {
      const r = 1 + random.nextInt(5);
      const c = 1 + random.nextInt(5);
      const matrix = Array.from({ length: r }, () =>
        Array.from({ length: c }, () => random.nextFloat() * 10 - 5),
      );
      expect(hungarianMatch(matrix).matched).toBeCloseTo(bruteForce(matrix), 10);
    }
  });

  it('names pairs by labels and reports the agreement rate', () => {
    const classes = ['gold', 'gold', 'gold', 'silver', 'silver', 'bronze', 'bronze', 'bronze'];
    const clusters = [2, 2, 0, 0, 0, 1, 1, 2];
    const matching = hungarianMatch(contingencyTable(classes, clusters));
    const pairs = Object.fromEntries(matching.pairs.map((p) => [p.row, p.col]));
    expect(pairs).toEqual({ bronze: 1, gold: 2, silver: 0 });
    expect(matching.matched).toBe(6);
    expect(matching.total).toBe(8);
    expect(matching.agreement).toBe(0.75);
  });

  it('leaves the surplus side unmatched', () => {
    const matching = hungarianMatch(contingencyTable(['a', 'a', 'b', 'c'], [0, 0, 0, 1]));
    expect(matching.pairs.map((p) => [p.row, p.col])).toEqual([
      ['a', 0],
      ['c', 1],
    ]);
    expect(matching.unmatchedRows).toEqual(['b']);
    expect(matching.unmatchedCols).toEqual([]);
  });

  it('accepts an empty matrix and refuses ragged or non-finite input', () => {
    const empty = hungarianMatch([]);
    expect(empty.pairs).toEqual([]);
    expect(empty.agreement).toBeNaN();
    expectError(() => hungarianMatch([[1, 2], [3]]), 'INVALID_INPUT');
    expectError(() => hungarianMatch([[1, NaN]]), 'INVALID_INPUT');
  });

  it('is fast on a 300 × 300 table', () => {
    const random = createRandom(13);
    const matrix = Array.from({ length: 300 }, () =>
      Array.from({ length: 300 }, () => random.nextInt(1000)),
    );
    const start = performance.now();
    const matching = hungarianMatch(matrix);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(matching.pairs).toHaveLength(300);
  });
});

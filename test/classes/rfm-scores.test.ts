import { describe, expect, it } from 'vitest';
import {
  decodeEdges,
  encodeEdges,
  fmScore,
  rfmCell,
  scoreColumn,
  scoreEdges,
  scoreValue,
} from '../../src/classes/rfm-scores.js';
import { seededRandom } from './helpers.js';

/** The documented count formula, written out directly. */
function countScore(train: readonly number[], x: number, bins: number, higher: boolean): number {
  let count = 0;
  for (const v of train) if (higher ? v < x : v > x) count++;
  return Math.min(bins, 1 + Math.floor((bins * count) / train.length));
}

function expectCountFormula(train: readonly number[], bins: number, higher: boolean): void {
  const direction = higher ? 'higher' : 'lower';
  const edges = scoreEdges(train, bins, direction);
  expect(edges).toHaveLength(bins - 1);
  for (const x of train) {
    expect(scoreValue(x, edges, direction)).toBe(countScore(train, x, bins, higher));
  }
}

describe('scoreEdges', () => {
  it('splits ten distinct values into five equal scores', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    const edges = scoreEdges(values, 5, 'higher');
    expect(edges).toEqual([3, 5, 7, 9]);
    expect(values.map((x) => scoreValue(x, edges, 'higher'))).toEqual([
      5, 1, 5, 1, 4, 2, 4, 2, 3, 3,
    ]);
    const recency = scoreEdges(values, 5, 'lower');
    expect(recency).toEqual([8, 6, 4, 2]);
    expect([1, 2, 3, 10].map((x) => scoreValue(x, recency, 'lower'))).toEqual([5, 5, 4, 1]);
  });

  it('never splits ties: half the customers with frequency 1 (hand-computed)', () => {
    const frequency = [1, 1, 1, 1, 1, 2, 3, 4, 5, 6];
    // count(< x): 1 → 0, 2 → 5, 3 → 6, 4 → 7, 5 → 8, 6 → 9; score = 1 + floor(5·count/10).
    const edges = scoreEdges(frequency, 5, 'higher');
    expect(edges).toEqual([2, 2, 3, 5]);
    expect(frequency.map((x) => scoreValue(x, edges, 'higher'))).toEqual([
      1, 1, 1, 1, 1, 3, 4, 4, 5, 5,
    ]);
  });

  it('marks unreachable edges when the top is one big tie', () => {
    const values = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    // count(< 1) = 1: score 1 + floor(5/10) = 1 for everyone.
    const edges = scoreEdges(values, 5, 'higher');
    expect(edges).toEqual([Infinity, Infinity, Infinity, Infinity]);
    expectCountFormula(values, 5, true);
    const recency = scoreEdges([5, 5, 5, 5, 5, 5, 5, 5, 5, 9], 5, 'lower');
    expect(recency).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expectCountFormula([5, 5, 5, 5, 5, 5, 5, 5, 5, 9], 5, false);
  });

  it('reproduces the count formula on heavy-tie random data for several bin counts', () => {
    const random = seededRandom(7);
    for (const n of [1, 2, 3, 7, 50, 333, 1000]) {
      const frequency = Array.from({ length: n }, () =>
        random() < 0.5 ? 1 : 1 + Math.floor(random() * 6),
      );
      const recency = Array.from({ length: n }, () => Math.floor(random() * 30) * 10);
      const money = Array.from({ length: n }, () => Math.round(random() * 20) * 5);
      for (const bins of [2, 3, 4, 5, 7, 10]) {
        expectCountFormula(frequency, bins, true);
        expectCountFormula(money, bins, true);
        expectCountFormula(recency, bins, false);
      }
    }
  });

  it('ignores NaN and gives edges that are monotone', () => {
    const values = [3, NaN, 1, 2, NaN, 5, 4];
    expect(scoreEdges(values, 5, 'higher')).toEqual(scoreEdges([3, 1, 2, 5, 4], 5, 'higher'));
    const random = seededRandom(3);
    const data = Array.from({ length: 500 }, () => Math.floor(random() * 40));
    const up = scoreEdges(data, 5, 'higher');
    const down = scoreEdges(data, 5, 'lower');
    for (let q = 1; q < 4; q++) {
      expect(up[q]!).toBeGreaterThanOrEqual(up[q - 1]!);
      expect(down[q]!).toBeLessThanOrEqual(down[q - 1]!);
    }
  });
});

describe('scoreValue / scoreColumn', () => {
  it('scores new values by the edges and keeps NaN', () => {
    const edges = [3, 5, 7, 9];
    expect(scoreValue(-100, edges, 'higher')).toBe(1);
    expect(scoreValue(6, edges, 'higher')).toBe(3);
    expect(scoreValue(1000, edges, 'higher')).toBe(5);
    expect(scoreValue(NaN, edges, 'higher')).toBeNaN();
    const scores = scoreColumn(new Float64Array([1, NaN, 9]), edges, 'higher');
    expect(Array.from(scores)).toEqual([1, NaN, 5]);
  });
});

describe('edge JSON encoding', () => {
  it('maps infinite edges to null and back by direction', () => {
    expect(encodeEdges([1, Infinity, -Infinity])).toEqual([1, null, null]);
    expect(decodeEdges([1, null], 'higher')).toEqual([1, Infinity]);
    expect(decodeEdges([1, null], 'lower')).toEqual([1, -Infinity]);
    const edges = scoreEdges([0, 1, 1, 1, 1, 1, 1, 1, 1, 1], 5, 'higher');
    expect(JSON.parse(JSON.stringify(encodeEdges(edges)))).toEqual([null, null, null, null]);
  });
});

describe('fmScore and rfmCell', () => {
  it('rounds the F/M average half up', () => {
    expect(fmScore(1, 1)).toBe(1);
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(2, 5)).toBe(4);
    expect(fmScore(NaN, 5)).toBeNaN();
    for (let f = 1; f <= 5; f++) {
      for (let m = 1; m <= 5; m++) expect(fmScore(f, m)).toBe(Math.round((f + m) / 2 + 1e-9));
    }
  });

  it('writes digits, dashes above 9 bins, null for NaN', () => {
    expect(rfmCell(5, 4, 5, 5)).toBe('545');
    expect(rfmCell(10, 3, 7, 10)).toBe('10-3-7');
    expect(rfmCell(NaN, 3, 7, 5)).toBeNull();
  });
});

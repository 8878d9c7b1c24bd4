/**
 * Gower distances and the Gower silhouette against an independent computation (numpy
 * broadcasting + scikit-learn's precomputed silhouette, scripts/fixtures/gower.py) on the Mall
 * and Wholesale data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  gowerDistances,
  gowerSilhouetteSamples,
  gowerSilhouetteScore,
} from '../../../src/cluster/kprototypes/index.js';

interface GowerCase {
  name: string;
  numeric: number[][];
  categorical: Record<string, string[]>;
  labels: number[];
  firstRows: number[][];
  samples: number[];
  score: number;
}

const cases = (
  JSON.parse(
    readFileSync(new URL('../../fixtures/cluster/gower.json', import.meta.url), 'utf8'),
  ) as { cases: GowerCase[] }
).cases;

describe('Gower distance and silhouette', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: equal to numpy + scikit-learn', (_n, c) => {
    const input = { numeric: c.numeric, categorical: c.categorical };
    const d = gowerDistances(input);
    const n = c.numeric.length;
    c.firstRows.forEach((row, i) =>
      row.forEach((v, j) => expect(Math.abs((d[i * n + j] as number) - v)).toBeLessThan(1e-14)),
    );
    const samples = gowerSilhouetteSamples(input, c.labels);
    c.samples.forEach((v, i) => expect(Math.abs((samples[i] as number) - v)).toBeLessThan(1e-12));
    expect(gowerSilhouetteScore(input, c.labels)).toBeCloseTo(c.score, 12);
  });

  it('a worked pair: mean of range-scaled differences and mismatches', () => {
    // Ages range 20..60 (40), one categorical attribute: rows 0 and 1 differ by 10/40 and a
    // mismatch → (0.25 + 1) / 2; rows 0 and 2 by 40/40 and no mismatch → 0.5.
    const d = gowerDistances({ numeric: [[20], [30], [60]], categorical: { g: ['f', 'm', 'f'] } });
    expect(Array.from(d)).toEqual([0, 0.625, 0.5, 0.625, 0, 0.875, 0.5, 0.875, 0]);
  });

  it('a sampled score is the exact score of its subset, seeded', () => {
    const c = cases[1] as GowerCase;
    const input = { numeric: c.numeric, categorical: c.categorical };
    const a = gowerSilhouetteScore(input, c.labels, { sampleSize: 200, seed: 4 });
    expect(gowerSilhouetteScore(input, c.labels, { sampleSize: 200, seed: 4 })).toBe(a);
    expect(a).not.toBe(c.score);
    expect(Math.abs(a - c.score)).toBeLessThan(0.1);
    expect(() => gowerSilhouetteScore(input, c.labels, { sampleSize: 1 })).toThrow(/at least 2/);
  });
});

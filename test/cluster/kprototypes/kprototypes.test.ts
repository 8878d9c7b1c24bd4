/**
 * KPrototypes: the default γ recovers planted segments whichever side carries them (Huang's
 * rule of thumb does not when the categories do), and the estimator contract.
 */
import { describe, expect, it } from 'vitest';
import { KPrototypes } from '../../../src/cluster/kprototypes/index.js';
import { adjustedRandScore } from '../../../src/cluster/metrics/adjusted-rand.js';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import { plantedMixed } from './helpers.js';

const SEEDS = [1, 2, 3];
// Numeric side strong (centres 4 sd apart), categories weak (30 % planted level).
const numericSignal = (seed: number) => plantedMixed(600, 3, 4, 0.3, seed);
// Categories strong (80 % planted level), numeric side weak (centres 0.8 sd apart).
const categoricalSignal = (seed: number) => plantedMixed(600, 3, 0.8, 0.8, seed);

const ari = (data: ReturnType<typeof plantedMixed>, gamma?: 'auto' | 'huang' | number): number =>
  adjustedRandScore(
    data.planted,
    new KPrototypes({ k: 3, seed: 0, ...(gamma === undefined ? {} : { gamma }) }).fit(data).labels,
  );

describe('KPrototypes: the default γ', () => {
  it.each(SEEDS)('recovers segments planted in the numbers (seed %i)', (seed) => {
    expect(ari(numericSignal(seed))).toBeGreaterThan(0.85);
  });

  it.each(SEEDS)('recovers segments planted in the categories (seed %i)', (seed) => {
    const data = categoricalSignal(seed);
    expect(ari(data)).toBeGreaterThan(0.85);
    // Huang's γ = half the numeric standard deviation lets the numbers drown them.
    expect(ari(data, 'huang')).toBeLessThan(0.45);
  });

  it("is 2 × mean numeric variance / mean categorical Gini impurity; 'huang' is half the mean sd", () => {
    const data = categoricalSignal(1);
    // z-scored numbers: every variance is 1. Impurity counted here independently.
    const impurity = Object.values(data.categorical).map((column) => {
      const counts = new Map<string, number>();
      for (const v of column) counts.set(v, (counts.get(v) ?? 0) + 1);
      return 1 - [...counts.values()].reduce((s, c) => s + (c / column.length) ** 2, 0);
    });
    const meanImpurity = impurity.reduce((a, b) => a + b, 0) / impurity.length;
    const model = new KPrototypes({ k: 3 }).fit(data);
    expect(model.gamma).toBeCloseTo(2 / meanImpurity, 10);
    expect(new KPrototypes({ k: 3, gamma: 'huang' }).fit(data).gamma).toBeCloseTo(0.5, 10);
    expect(new KPrototypes({ k: 3, gamma: 7 }).fit(data).gamma).toBe(7);
  });
});

describe('KPrototypes: contract', () => {
  const data = plantedMixed(300, 4, 3, 0.6, 5);

  it('same seed, same bytes; the cost is the sum of the chosen costs', () => {
    const a = new KPrototypes({ k: 4, seed: 11 }).fit(data);
    const b = new KPrototypes({ k: 4, seed: 11 }).fit(data);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    const costs = a.transform(data);
    const labels = a.labels;
    let total = 0;
    for (let i = 0; i < data.numeric.rows; i++) {
      const row = Array.from(costs.subarray(i * 4, i * 4 + 4));
      expect(row.indexOf(Math.min(...row))).toBe(labels[i]);
      total += row[labels[i]!]!;
    }
    expect(total).toBeCloseTo(a.cost, 8);
    expect(a.predict(data)).toEqual(labels);
  });

  it('a single row cost by hand: squared distance + γ × mismatches', () => {
    const model = new KPrototypes({ k: 4, seed: 1, gamma: 2.5 }).fit(data);
    const { means, modes } = model.learned;
    const costs = model.transform({
      numeric: [[1, -1, 0.5]],
      categorical: { c0: ['w'], c1: ['?'], c2: [modes[2]![2]!] },
    });
    for (let j = 0; j < 4; j++) {
      const m = means[j]!;
      const squares = (1 - m[0]!) ** 2 + (-1 - m[1]!) ** 2 + (0.5 - m[2]!) ** 2;
      const mismatches =
        (modes[j]![0] === 'w' ? 0 : 1) + 1 + (modes[j]![2] === modes[2]![2] ? 0 : 1);
      expect(costs[j]).toBeCloseTo(squares + 2.5 * mismatches, 12);
    }
  });

  it('tol stops a run early on the same trajectory; tol 0 runs until no row moves', () => {
    const early = new KPrototypes({ k: 4, seed: 2, nInit: 1, tol: 0.05 }).fit(data).learned;
    const full = new KPrototypes({ k: 4, seed: 2, nInit: 1, tol: 0 }).fit(data).learned;
    expect(early.iterations).toBeLessThan(full.iterations);
    expect(full.cost).toBeLessThanOrEqual(early.cost);
    expect(full.converged && early.converged).toBe(true);
  });

  it('round-trips through JSON', () => {
    const model = new KPrototypes({ k: 4, seed: 3, init: 'huang', nInit: 4 }).fit(data);
    const json = JSON.stringify(model.toJSON());
    const back = KPrototypes.fromJSON(json);
    expect(back.params).toEqual(model.params);
    expect(back.predict(data)).toEqual(model.labels);
    expect(back.gamma).toBe(model.gamma);
    expect(JSON.stringify(back.toJSON())).toBe(json);
    expect(() =>
      KPrototypes.fromJSON(json.replace(`"gamma":${model.gamma}`, '"gamma":-1')),
    ).toThrow(/"gamma" must be a number >= 0/);
    expect(() => KPrototypes.fromJSON(json.replace('"KPrototypes"', '"KModes"'))).toThrow(
      /expected a KPrototypes/,
    );
  });

  it('refuses bad data and options with typed errors', () => {
    const bad = (f: () => unknown): CohortlabError => {
      try {
        f();
      } catch (e) {
        return e as CohortlabError;
      }
      throw new Error('did not throw');
    };
    const nan = bad(() =>
      new KPrototypes({ k: 2 }).fit({
        numeric: { data: Float64Array.of(1, NaN), rows: 2, cols: 1, names: ['age'] },
        categorical: { g: ['a', 'b'] },
      }),
    );
    expect(nan.code).toBe('INVALID_INPUT');
    expect(nan.message).toMatch(/age/);
    expect(
      bad(() =>
        new KPrototypes({ k: 2 }).fit({ numeric: [[1], [2], [3]], categorical: { g: ['a', 'b'] } }),
      ).message,
    ).toMatch(/3 rows, the categorical part 2/);
    const model = new KPrototypes({ k: 2 }).fit({
      numeric: [[1], [2], [5]],
      categorical: { g: ['a', 'b', 'b'] },
    });
    expect(
      bad(() => model.predict({ numeric: [[1, 2]], categorical: { g: ['a'] } })).message,
    ).toMatch(/2 numeric attributes/);
    expect(bad(() => model.predict({ numeric: [[1]], categorical: { h: ['a'] } })).message).toMatch(
      /"g" was used at fit/,
    );
    expect(bad(() => new KPrototypes({ k: 2, gamma: 0 })).code).toBe('INVALID_OPTION');
    expect(bad(() => new KPrototypes({ k: 2, init: 'cao', nInit: 5 })).code).toBe('INVALID_OPTION');
    expect(
      bad(() =>
        new KPrototypes({ k: 4 }).fit({
          numeric: [[1], [2], [3]],
          categorical: { g: ['a', 'b', 'b'] },
        }),
      ).message,
    ).toMatch(/more than the 3 rows/);
    expect(
      bad(() =>
        new KPrototypes({ k: 3 }).fit({
          numeric: [[1], [1], [2], [2]],
          categorical: { g: ['a', 'a', 'b', 'b'] },
        }),
      ).message,
    ).toMatch(/fewer distinct/);
  });
});

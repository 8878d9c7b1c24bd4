import { describe, expect, it } from 'vitest';
import { SimpleImputer } from '../../src/preprocess/simple-imputer.js';
import { isInvertible } from '../../src/preprocess/transformer.js';
import {
  SPEND,
  expectClose,
  expectError,
  expectSameTable,
  f64,
  fixture,
  maxScaledDiff,
  numericTable,
  snapshot,
  viaJSON,
} from './helpers.js';

interface ImputerFixture {
  input: Record<string, (number | null)[]>;
  cases: {
    params: { strategy: 'median' | 'mean' | 'most_frequent' };
    statistics: number[];
    output: Record<string, number[]>;
  }[];
}

describe('SimpleImputer', () => {
  it('fills NaN with the median by default', () => {
    const table = numericTable({ a: [1, null, 10, 4, null] });
    const imputer = new SimpleImputer().fit(table);
    expect(imputer.params.strategy).toBe('median');
    expect(imputer.statistics).toEqual([4]);
    expectClose(imputer.transform(table)['a'], [1, 4, 10, 4, 4]);
  });

  it('fills NaN with the mean', () => {
    const table = numericTable({ a: [1, null, 10, 4], b: [0.5, 0.25, null, null] });
    const out = new SimpleImputer({ strategy: 'mean' }).fit(table).transform(table);
    expectClose(out['a'], [1, 5, 10, 4]);
    expectClose(out['b'], [0.5, 0.25, 0.375, 0.375]);
  });

  it('fills a numeric constant into numeric columns only', () => {
    const table = { a: f64([null, 2]), t: [null, 'x'] };
    const before = snapshot(table);
    const out = new SimpleImputer({ strategy: 'constant', fillValue: -1 })
      .fit(table)
      .transform(table);
    expectClose(out['a'], [-1, 2]);
    expect(out['t']).toBe(table.t);
    expectSameTable(table, before);
  });

  it('fills a text constant into text columns only', () => {
    const table = { a: f64([null, 2]), t: [null, 'x', null] as (string | null)[] };
    const rows = { a: f64([null, 2, 3]), t: table.t };
    const imputer = new SimpleImputer({ strategy: 'constant', fillValue: 'unknown' }).fit(rows);
    const out = imputer.transform(rows);
    expect(out['t']).toEqual(['unknown', 'x', 'unknown']);
    expect(out['a']).toBe(rows.a);
    expect(rows.t).toEqual([null, 'x', null]);
  });

  it('fills the most frequent value, ties going to the smallest', () => {
    const table = {
      n: f64([3, 1, 3, 1, null, 7]),
      t: ['b', null, 'a', 'b', 'a', null],
    };
    const imputer = new SimpleImputer({ strategy: 'most_frequent' }).fit(table);
    // n: 3 and 1 both twice → 1; t: 'a' and 'b' both twice → 'a' (null is missing, not a value).
    expect(imputer.statistics).toEqual([1, 'a']);
    const out = imputer.transform(table);
    expectClose(out['n'], [3, 1, 3, 1, 1, 7]);
    expect(out['t']).toEqual(['b', 'a', 'a', 'b', 'a', 'a']);
  });

  it('keeps the column order and passes other columns through', () => {
    const table = { z: ['q'], a: f64([null]), b: f64([2]) };
    const imputer = new SimpleImputer({ columns: ['b'], strategy: 'mean' }).fit(table);
    const out = imputer.transform(table);
    expect(Object.keys(out)).toEqual(['z', 'a', 'b']);
    expect(out['a']).toBe(table.a);
    expect(imputer.featureNamesOut).toEqual(['z', 'a', 'b']);
  });

  it('has no inverse', () => {
    expect(isInvertible(new SimpleImputer())).toBe(false);
  });

  it('survives a JSON round trip exactly', () => {
    const table = {
      a: f64([0.1, null, 0.7, 0.3]),
      t: ['x', null, 'y', 'y'],
    };
    for (const options of [
      { strategy: 'mean' as const },
      { strategy: 'median' as const, columns: ['a'] },
      { strategy: 'most_frequent' as const },
      { strategy: 'constant' as const, fillValue: 'none' },
    ]) {
      const imputer = new SimpleImputer(options).fit(table);
      const restored = SimpleImputer.fromJSON(viaJSON(imputer));
      expect(restored.params).toEqual(imputer.params);
      expect(restored.statistics).toEqual(imputer.statistics);
      expectSameTable(restored.transform(table), imputer.transform(table));
    }
  });

  it('matches scikit-learn on the wholesale spend columns with values knocked out', () => {
    const sk = fixture<ImputerFixture>('simple-imputer.json');
    const table = numericTable(sk.input);
    for (const c of sk.cases) {
      const imputer = new SimpleImputer(c.params).fit(table);
      expect(maxScaledDiff(imputer.statistics as number[], c.statistics)).toBeLessThan(1e-12);
      const out = imputer.transform(table);
      for (const name of SPEND) {
        expect(maxScaledDiff(out[name] as Float64Array, c.output[name]!)).toBeLessThan(1e-12);
      }
    }
  });

  it('reports errors with stable codes', () => {
    expectError(() => new SimpleImputer({ strategy: 'max' } as never), 'INVALID_OPTION');
    expectError(() => new SimpleImputer({ strategy: 'constant' }), 'INVALID_OPTION');
    expectError(
      () => new SimpleImputer({ strategy: 'constant', fillValue: NaN }),
      'INVALID_OPTION',
    );
    expectError(() => new SimpleImputer({ strategy: 'mean', fillValue: 0 }), 'INVALID_OPTION');
    expectError(() => new SimpleImputer().transform(numericTable({ a: [1] })), 'NOT_FITTED');
    expectError(
      () => new SimpleImputer().fit(numericTable({ a: [1], e: [null] })),
      'INVALID_INPUT',
      {
        column: 'e',
      },
    );
    expectError(
      () => new SimpleImputer({ strategy: 'most_frequent' }).fit({ t: [null] }),
      'INVALID_INPUT',
      {
        column: 't',
      },
    );
    expectError(() => new SimpleImputer({ columns: ['t'] }).fit({ t: ['x'] }), 'INVALID_INPUT', {
      column: 't',
    });
    expectError(
      () => new SimpleImputer().fit(numericTable({ a: [1, -Infinity] })),
      'INVALID_INPUT',
      {
        column: 'a',
        row: 2,
      },
    );
    const json = new SimpleImputer().fit(numericTable({ a: [1] })).toJSON();
    expectError(
      () => SimpleImputer.fromJSON({ ...json, state: { ...(json.state as object), fill: [null] } }),
      'INVALID_MODEL',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Log1p } from '../../src/preprocess/log1p.js';
import {
  SPEND,
  expectClose,
  expectError,
  expectSameTable,
  fixture,
  maxScaledDiff,
  numericTable,
  snapshot,
  viaJSON,
  wholesale,
} from './helpers.js';

describe('Log1p', () => {
  it('computes log(1 + x), keeping 0 at 0 and NaN as NaN', () => {
    const table = numericTable({ a: [0, Math.E - 1, -0.5, null, 99] });
    const out = new Log1p().fit(table).transform(table);
    expectClose(out['a'], [0, 1, Math.log(0.5), null, Math.log(100)], 1e-15);
  });

  it('transforms only numeric columns by default and passes the rest through', () => {
    const table = { name: ['a', 'b'], x: new Float64Array([1, 3]), y: new Float64Array([0, 7]) };
    const before = snapshot(table);
    const t = new Log1p({ columns: ['y'] }).fit(table);
    const out = t.transform(table);
    expect(Object.keys(out)).toEqual(['name', 'x', 'y']);
    expect(out['x']).toBe(table.x);
    expectClose(out['y'], [0, Math.log(8)], 1e-15);
    expect(new Log1p().fit(table).transform(table)['name']).toBe(table.name);
    expect(t.featureNamesOut).toEqual(['name', 'x', 'y']);
    expectSameTable(table, before);
  });

  it('refuses values <= -1 naming the column and 1-based row', () => {
    const table = numericTable({ ok: [1, 2, 3], bad: [0, -1, -2] });
    const error = expectError(() => new Log1p().fit(table), 'INVALID_INPUT', {
      column: 'bad',
      row: 2,
    });
    expect(error.count).toBe(2);
    expect(error.message).toContain('row 2');
    const fitted = new Log1p().fit(numericTable({ ok: [1], bad: [0] }));
    expectError(
      () => fitted.transform(numericTable({ ok: [1, 2], bad: [5, -3] })),
      'INVALID_INPUT',
      {
        column: 'bad',
        row: 2,
      },
    );
  });

  it('inverts its transform to 1e-12', () => {
    const { numeric } = wholesale();
    const t = new Log1p().fit(numeric);
    const back = t.inverseTransform(t.transform(numeric));
    for (const name of SPEND) {
      expect(maxScaledDiff(back[name] as Float64Array, numeric[name] as Float64Array)).toBeLessThan(
        1e-12,
      );
    }
  });

  it('survives a JSON round trip exactly', () => {
    const { numeric } = wholesale();
    const t = new Log1p({ columns: ['Milk', 'Fresh'] }).fit(numeric);
    const restored = Log1p.fromJSON(viaJSON(t));
    expect(restored.params).toEqual(t.params);
    expectSameTable(restored.transform(numeric), t.transform(numeric));
  });

  it('matches numpy.log1p on the wholesale spend columns', () => {
    const { numeric } = wholesale();
    const np = fixture<{ output: Record<string, number[]> }>('log1p.json');
    const out = new Log1p().fit(numeric).transform(numeric);
    for (const name of SPEND) expectClose(out[name], np.output[name]!);
  });

  it('reports errors with stable codes', () => {
    expectError(() => new Log1p().transform(numericTable({ a: [1] })), 'NOT_FITTED');
    expectError(() => new Log1p({ columns: 'a' } as never), 'INVALID_OPTION');
    expectError(() => new Log1p({ columns: ['a'] }).fit({ a: ['x'] }), 'INVALID_INPUT', {
      column: 'a',
    });
    expectError(
      () =>
        Log1p.fromJSON({
          format: 'cohortlab-model',
          type: 'Log1p',
          version: 1,
          params: {},
          state: {},
        }),
      'INVALID_MODEL',
    );
  });
});

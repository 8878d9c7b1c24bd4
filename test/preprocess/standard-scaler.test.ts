import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import {
  SPEND,
  expectClose,
  expectError,
  expectSameTable,
  fixture,
  maxAbsDiff,
  maxScaledDiff,
  numericTable,
  snapshot,
  viaJSON,
  wholesale,
} from './helpers.js';

interface ScalerFixture {
  cases: {
    params: Record<string, unknown>;
    attributes: Record<string, number[]>;
    output: Record<string, number[]>;
  }[];
}

/** Mean and population std by plain loops, independent of the implementation. */
function reference(values: number[]): { mean: number; std: number } {
  const finite = values.filter((v) => !Number.isNaN(v));
  let s = 0;
  for (const v of finite) s += v;
  const m = s / finite.length;
  let ss = 0;
  for (const v of finite) ss += (v - m) ** 2;
  return { mean: m, std: Math.sqrt(ss / finite.length) };
}

describe('StandardScaler', () => {
  it('standardizes with the population std (closed form)', () => {
    // [1, 2, 3, 4]: mean 2.5, population variance 1.25.
    const table = numericTable({ a: [1, 2, 3, 4] });
    const scaler = new StandardScaler().fit(table);
    expect(scaler.mean).toEqual([2.5]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    const s = Math.sqrt(1.25);
    expectClose(scaler.transform(table)['a'], [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
  });

  it('matches hand-computed values on a multi-column table', () => {
    const a = [3.5, -2, 10, 7.25, 0, 1e3];
    const b = [0.001, 0.002, 0.004, 0.008, 0.016, 0.032];
    const table = numericTable({ a, b });
    const out = new StandardScaler().fit(table).transform(table);
    for (const [name, values] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const { mean, std } = reference(values);
      expectClose(
        out[name],
        values.map((v) => (v - mean) / std),
      );
    }
  });

  it('ignores NaN when fitting and keeps NaN in the output', () => {
    const table = numericTable({ a: [1, null, 3] });
    const scaler = new StandardScaler().fit(table);
    expect(scaler.mean).toEqual([2]);
    expect(scaler.scale).toEqual([1]);
    expectClose(scaler.transform(table)['a'], [-1, null, 1]);
  });

  it('gives a constant column scale 1, like scikit-learn', () => {
    const table = numericTable({ c: Array(10).fill(5), tenth: Array(10).fill(0.1) });
    const scaler = new StandardScaler().fit(table);
    // 0.1 ten times has a mean that is not exactly 0.1: the variance is ~1e-34, not 0,
    // and still counts as zero.
    expect(scaler.scale).toEqual([1, 1]);
    const out = scaler.transform(table);
    expectClose(out['c'], Array(10).fill(0));
    expect(maxAbsDiff(out['tenth'] as Float64Array, Array(10).fill(0))).toBeLessThan(1e-16);
  });

  it('honours withMean and withStd', () => {
    const table = numericTable({ a: [1, 2, 3, 4] });
    const s = Math.sqrt(1.25);
    const noMean = new StandardScaler({ withMean: false }).fit(table).transform(table);
    expectClose(noMean['a'], [1 / s, 2 / s, 3 / s, 4 / s]);
    const noStd = new StandardScaler({ withStd: false }).fit(table).transform(table);
    expectClose(noStd['a'], [-1.5, -0.5, 0.5, 1.5]);
  });

  it('scales only the chosen columns and passes the others through in order', () => {
    const table = {
      id: ['x', 'y', 'z'],
      a: new Float64Array([1, 2, 3]),
      b: new Float64Array([4, 4, 8]),
    };
    const before = snapshot(table);
    const scaler = new StandardScaler({ columns: ['b'] }).fit(table);
    const out = scaler.transform(table);
    expect(Object.keys(out)).toEqual(['id', 'a', 'b']);
    expect(out['id']).toBe(table.id);
    expect(out['a']).toBe(table.a);
    expect(out['b']).not.toBe(table.b);
    expect(scaler.featureNamesOut).toEqual(['id', 'a', 'b']);
    expectSameTable(table, before);
  });

  it('defaults to every numeric column', () => {
    const table = { id: ['x', 'y'], a: new Float64Array([1, 3]), b: new Float64Array([0, 4]) };
    const out = new StandardScaler().fit(table).transform(table);
    expect(out['id']).toBe(table.id);
    expectClose(out['a'], [-1, 1]);
    expectClose(out['b'], [-1, 1]);
  });

  it('inverts its transform to 1e-12', () => {
    const { numeric } = wholesale();
    const scaler = new StandardScaler().fit(numeric);
    const back = scaler.inverseTransform(scaler.transform(numeric));
    for (const name of SPEND) {
      expect(maxScaledDiff(back[name] as Float64Array, numeric[name] as Float64Array)).toBeLessThan(
        1e-12,
      );
    }
  });

  it('survives a JSON round trip exactly', () => {
    const { numeric } = wholesale();
    const table = { ...numeric, gap: new Float64Array(440).fill(NaN) };
    const scaler = new StandardScaler({ columns: ['Fresh', 'Milk', 'gap'], withMean: false }).fit(
      table,
    );
    // An all-NaN column learns NaN statistics, stored as null.
    expect(Number.isNaN(scaler.mean[2])).toBe(true);
    const restored = StandardScaler.fromJSON(viaJSON(scaler));
    expect(restored.isFitted).toBe(true);
    expect(restored.params).toEqual(scaler.params);
    expect(restored.featureNamesOut).toEqual(scaler.featureNamesOut);
    expectSameTable(restored.transform(table), scaler.transform(table));
    expectSameTable(restored.inverseTransform(table), scaler.inverseTransform(table));
    expect(StandardScaler.fromJSON(JSON.stringify(scaler.toJSON())).mean).toEqual(scaler.mean);
  });

  it('matches scikit-learn on the wholesale spend columns', () => {
    const { numeric } = wholesale();
    const [sk] = fixture<ScalerFixture>('standard-scaler.json').cases;
    const scaler = new StandardScaler().fit(numeric);
    expect(maxScaledDiff(scaler.mean, sk!.attributes['mean_']!)).toBeLessThan(1e-12);
    expect(maxScaledDiff(scaler.scale, sk!.attributes['scale_']!)).toBeLessThan(1e-12);
    const out = scaler.transform(numeric);
    for (const name of SPEND) expectClose(out[name], sk!.output[name]!);
  });

  it('reports errors with stable codes', () => {
    const table = { id: ['x'], a: new Float64Array([1]) };
    expectError(() => new StandardScaler().transform(table), 'NOT_FITTED');
    expectError(() => new StandardScaler().toJSON(), 'NOT_FITTED');
    expectError(() => new StandardScaler().featureNamesOut, 'NOT_FITTED');
    expectError(() => new StandardScaler({ columns: ['nope'] }).fit(table), 'UNKNOWN_FEATURE', {
      column: 'nope',
    });
    expectError(() => new StandardScaler({ columns: ['id'] }).fit(table), 'INVALID_INPUT', {
      column: 'id',
    });
    expectError(() => new StandardScaler().fit(table).transform({ id: ['x'] }), 'UNKNOWN_FEATURE');
    expectError(
      () => new StandardScaler().fit(numericTable({ a: [1, Infinity] })),
      'INVALID_INPUT',
      {
        column: 'a',
        row: 2,
      },
    );
    expectError(() => new StandardScaler({ withmean: false } as never), 'INVALID_OPTION');
    expectError(() => new StandardScaler({ withMean: 'no' } as never), 'INVALID_OPTION');
    expectError(() => new StandardScaler({ columns: ['a', 'a'] }), 'INVALID_OPTION');
    const json = new StandardScaler().fit(table).toJSON();
    expectError(() => StandardScaler.fromJSON({ ...json, type: 'MinMaxScaler' }), 'INVALID_MODEL');
    expectError(() => StandardScaler.fromJSON({ ...json, version: 2 }), 'INVALID_MODEL');
    expectError(
      () => StandardScaler.fromJSON({ ...json, state: { ...(json.state as object), mean: [] } }),
      'INVALID_MODEL',
    );
    expectError(
      () => StandardScaler.fromJSON({ ...json, params: { withMean: 1 } }),
      'INVALID_MODEL',
    );
    expectError(() => StandardScaler.fromJSON('{not json'), 'INVALID_MODEL');
  });
});

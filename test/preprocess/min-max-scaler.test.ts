import { describe, expect, it } from 'vitest';
import { MinMaxScaler } from '../../src/preprocess/min-max-scaler.js';
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

interface ScalerFixture {
  cases: {
    params: { featureRange?: [number, number] };
    attributes: Record<string, number[]>;
    output: Record<string, number[]>;
  }[];
}

describe('MinMaxScaler', () => {
  it('maps the fitted range onto [0, 1]', () => {
    const table = numericTable({ a: [2, 4, 6, 10] });
    const scaler = new MinMaxScaler().fit(table);
    expect(scaler.dataMin).toEqual([2]);
    expect(scaler.dataMax).toEqual([10]);
    expectClose(scaler.transform(table)['a'], [0, 0.25, 0.5, 1]);
  });

  it('maps onto a custom featureRange', () => {
    const table = numericTable({ a: [2, 4, 6, 10] });
    const out = new MinMaxScaler({ featureRange: [-1, 3] }).fit(table).transform(table);
    // (x - 2) / 8 * 4 - 1
    expectClose(out['a'], [-1, 0, 1, 3]);
  });

  it('lets new data fall outside the range unless clip is set', () => {
    const train = numericTable({ a: [0, 10] });
    const test = numericTable({ a: [-5, 5, 20, null] });
    expectClose(new MinMaxScaler().fit(train).transform(test)['a'], [-0.5, 0.5, 2, null]);
    expectClose(new MinMaxScaler({ clip: true }).fit(train).transform(test)['a'], [
      0,
      0.5,
      1,
      null,
    ]);
  });

  it('maps a constant column to the low end, like scikit-learn', () => {
    const table = numericTable({ c: [7, 7, 7] });
    const scaler = new MinMaxScaler({ featureRange: [2, 5] }).fit(table);
    expectClose(scaler.transform(table)['c'], [2, 2, 2]);
    // The range counts as 1, so values 1 away move by the width of the target range.
    expectClose(scaler.transform(numericTable({ c: [8, 6] }))['c'], [5, -1]);
    expectClose(scaler.inverseTransform(scaler.transform(table))['c'], [7, 7, 7]);
  });

  it('ignores NaN when fitting and keeps NaN in the output', () => {
    const table = numericTable({ a: [null, 1, 3, null, 5] });
    const scaler = new MinMaxScaler().fit(table);
    expect(scaler.dataMin).toEqual([1]);
    expect(scaler.dataMax).toEqual([5]);
    expectClose(scaler.transform(table)['a'], [null, 0, 0.5, null, 1]);
  });

  it('passes other columns through in order and leaves the input alone', () => {
    const table = { a: new Float64Array([1, 2]), id: ['p', 'q'], b: new Float64Array([3, 5]) };
    const before = snapshot(table);
    const out = new MinMaxScaler({ columns: ['a'] }).fit(table).transform(table);
    expect(Object.keys(out)).toEqual(['a', 'id', 'b']);
    expect(out['b']).toBe(table.b);
    expectClose(out['a'], [0, 1]);
    expectSameTable(table, before);
  });

  it('inverts its transform to 1e-12', () => {
    const { numeric } = wholesale();
    const scaler = new MinMaxScaler({ featureRange: [-3, 7] }).fit(numeric);
    const back = scaler.inverseTransform(scaler.transform(numeric));
    for (const name of SPEND) {
      expect(maxScaledDiff(back[name] as Float64Array, numeric[name] as Float64Array)).toBeLessThan(
        1e-12,
      );
    }
  });

  it('survives a JSON round trip exactly', () => {
    const { numeric } = wholesale();
    const table = { ...numeric, empty: new Float64Array(440).fill(NaN) };
    const scaler = new MinMaxScaler({ featureRange: [-1, 2], clip: true }).fit(table);
    const restored = MinMaxScaler.fromJSON(viaJSON(scaler));
    expect(restored.params).toEqual(scaler.params);
    expect(restored.featureNamesOut).toEqual(scaler.featureNamesOut);
    expectSameTable(restored.transform(table), scaler.transform(table));
    expectSameTable(restored.inverseTransform(table), scaler.inverseTransform(table));
  });

  it('matches scikit-learn on the wholesale spend columns', () => {
    const { numeric } = wholesale();
    for (const sk of fixture<ScalerFixture>('min-max-scaler.json').cases) {
      const scaler = new MinMaxScaler(sk.params).fit(numeric);
      expect(scaler.dataMin).toEqual(sk.attributes['data_min_']);
      expect(scaler.dataMax).toEqual(sk.attributes['data_max_']);
      const out = scaler.transform(numeric);
      for (const name of SPEND) expectClose(out[name], sk.output[name]!);
    }
  });

  it('reports errors with stable codes', () => {
    const table = numericTable({ a: [1, 2] });
    expectError(() => new MinMaxScaler().transform(table), 'NOT_FITTED');
    expectError(() => new MinMaxScaler().inverseTransform(table), 'NOT_FITTED');
    expectError(() => new MinMaxScaler({ featureRange: [1, 1] }), 'INVALID_OPTION');
    expectError(() => new MinMaxScaler({ featureRange: [2, 1] }), 'INVALID_OPTION');
    expectError(() => new MinMaxScaler({ featureRange: [0] } as never), 'INVALID_OPTION');
    expectError(() => new MinMaxScaler({ clip: 1 } as never), 'INVALID_OPTION');
    expectError(() => new MinMaxScaler({ columns: ['b'] }).fit(table), 'UNKNOWN_FEATURE', {
      column: 'b',
    });
    expectError(
      () => new MinMaxScaler().fit(numericTable({ a: [-Infinity, 1, 2] })),
      'INVALID_INPUT',
      {
        column: 'a',
        row: 1,
      },
    );
    const json = new MinMaxScaler().fit(table).toJSON();
    expectError(
      () => MinMaxScaler.fromJSON({ ...json, state: { columns: ['a'] } }),
      'INVALID_MODEL',
    );
    expectError(
      () => MinMaxScaler.fromJSON({ ...json, params: { featureRange: [1, 0] } }),
      'INVALID_MODEL',
    );
  });
});

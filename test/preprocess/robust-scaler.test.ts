import { describe, expect, it } from 'vitest';
import { RobustScaler } from '../../src/preprocess/robust-scaler.js';
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
    params: { quantileRange?: [number, number] };
    attributes: Record<string, number[]>;
    output: Record<string, number[]>;
  }[];
}

describe('RobustScaler', () => {
  it('centres on the median and divides by the IQR (closed form)', () => {
    // 1..9: median 5; linear quantiles at 25% and 75% are positions 2 and 6 → 3 and 7.
    const table = numericTable({ a: [9, 1, 8, 2, 7, 3, 6, 4, 5] });
    const scaler = new RobustScaler().fit(table);
    expect(scaler.center).toEqual([5]);
    expect(scaler.scale).toEqual([4]);
    expectClose(scaler.transform(table)['a'], [1, -1, 0.75, -0.75, 0.5, -0.5, 0.25, -0.25, 0]);
  });

  it('interpolates quantiles linearly', () => {
    // [0, 10, 20, 100]: median 15; 25% at position 0.75 → 7.5; 75% at 2.25 → 20 + 0.25*80 = 40.
    const table = numericTable({ a: [0, 10, 20, 100] });
    const scaler = new RobustScaler().fit(table);
    expect(scaler.center).toEqual([15]);
    expect(scaler.scale).toEqual([32.5]);
    // quantileRange [10, 90]: positions 0.3 → 3 and 2.7 → 20 + 0.7*80 = 76.
    const wide = new RobustScaler({ quantileRange: [10, 90] }).fit(table);
    expect(wide.scale[0]).toBeCloseTo(73, 12);
  });

  it('gives a zero IQR scale 1', () => {
    const table = numericTable({ a: [1, 2, 2, 2, 2, 2, 9] });
    const scaler = new RobustScaler().fit(table);
    expect(scaler.scale).toEqual([1]);
    expectClose(scaler.transform(table)['a'], [-1, 0, 0, 0, 0, 0, 7]);
  });

  it('honours withCentering and withScaling', () => {
    const table = numericTable({ a: [9, 1, 8, 2, 7, 3, 6, 4, 5] });
    expectClose(
      new RobustScaler({ withCentering: false }).fit(table).transform(table)['a'],
      [2.25, 0.25, 2, 0.5, 1.75, 0.75, 1.5, 1, 1.25],
    );
    expectClose(
      new RobustScaler({ withScaling: false }).fit(table).transform(table)['a'],
      [4, -4, 3, -3, 2, -2, 1, -1, 0],
    );
  });

  it('ignores NaN when fitting and keeps NaN in the output', () => {
    const table = numericTable({ a: [null, 1, 2, 3, 4, 5, null], id: [0, 0, 0, 0, 0, 0, 0] });
    const before = snapshot(table);
    const scaler = new RobustScaler({ columns: ['a'] }).fit(table);
    expect(scaler.center).toEqual([3]);
    expect(scaler.scale).toEqual([2]);
    const out = scaler.transform(table);
    expectClose(out['a'], [null, -1, -0.5, 0, 0.5, 1, null]);
    expect(out['id']).toBe(table['id']);
    expectSameTable(table, before);
  });

  it('inverts its transform to 1e-12', () => {
    const { numeric } = wholesale();
    const scaler = new RobustScaler().fit(numeric);
    const back = scaler.inverseTransform(scaler.transform(numeric));
    for (const name of SPEND) {
      expect(maxScaledDiff(back[name] as Float64Array, numeric[name] as Float64Array)).toBeLessThan(
        1e-12,
      );
    }
  });

  it('survives a JSON round trip exactly', () => {
    const { numeric } = wholesale();
    const scaler = new RobustScaler({ quantileRange: [5, 95], withCentering: false }).fit(numeric);
    const restored = RobustScaler.fromJSON(viaJSON(scaler));
    expect(restored.params).toEqual(scaler.params);
    expectSameTable(restored.transform(numeric), scaler.transform(numeric));
    expectSameTable(restored.inverseTransform(numeric), scaler.inverseTransform(numeric));
  });

  it('matches scikit-learn on the wholesale spend columns', () => {
    const { numeric } = wholesale();
    for (const sk of fixture<ScalerFixture>('robust-scaler.json').cases) {
      const scaler = new RobustScaler(sk.params).fit(numeric);
      expect(maxScaledDiff(scaler.center, sk.attributes['center_']!)).toBeLessThan(1e-12);
      expect(maxScaledDiff(scaler.scale, sk.attributes['scale_']!)).toBeLessThan(1e-12);
      const out = scaler.transform(numeric);
      for (const name of SPEND) expectClose(out[name], sk.output[name]!);
    }
  });

  it('reports errors with stable codes', () => {
    const table = numericTable({ a: [1, 2] });
    expectError(() => new RobustScaler().transform(table), 'NOT_FITTED');
    expectError(() => new RobustScaler({ quantileRange: [-1, 50] }), 'INVALID_OPTION');
    expectError(() => new RobustScaler({ quantileRange: [50, 101] }), 'INVALID_OPTION');
    expectError(() => new RobustScaler({ quantileRange: [75, 25] }), 'INVALID_OPTION');
    expectError(() => new RobustScaler().fit(table).transform({ a: ['x', 'y'] }), 'INVALID_INPUT', {
      column: 'a',
    });
    expectError(
      () => RobustScaler.fromJSON({ format: 'cohortlab-model', type: 'RobustScaler' }),
      'INVALID_MODEL',
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../src/data/datasets.js';
import { Engine } from '../../src/data/engine.js';
import type { Transactions } from '../../src/data/transactions.js';
import { expectedPurchases, probabilityAlive } from '../../src/predict/bg-nbd/expectations.js';
import { rfmSummary } from '../../src/predict/bg-nbd/rfm-summary.js';
import {
  calibrationVsHoldout,
  cumulativeRepeatPurchases,
  frequencyRecencyGrid,
} from '../../src/predict/diagnostics/index.js';

// test/fixtures/value/diagnostics.json: pandas + scipy (scripts/fixtures/bg_nbd_diagnostics.py)
// at the published parameters, on all 23,570 CDNOW customers.
const fixture = JSON.parse(readFileSync('test/fixtures/value/diagnostics.json', 'utf8')) as {
  duration: number;
  calibration: [x: number, customers: number, actual: number, predicted: number][];
  cumulative: [week: number, actual: number, predicted: number][];
};
const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

let engine: Engine;
let tx: Transactions;
beforeAll(async () => {
  engine = await Engine.open();
  tx = await datasets.cdnow({ engine });
}, 60_000);
afterAll(() => engine.close());

describe('repeat-buying diagnostics on CDNOW', () => {
  it('calibration vs holdout by calibration purchases equals pandas + scipy', async () => {
    const summary = await rfmSummary(tx, { calibrationEnd: '1997-10-01', asOf: '1998-07-01' });
    expect(summary.durationHoldout).toBe(fixture.duration);
    const rows = calibrationVsHoldout(params, summary, 8);
    expect(rows).toHaveLength(8);
    rows.forEach((row, k) => {
      const [x, customers, actual, predicted] = fixture.calibration[k]!;
      expect([row.frequency, row.customers, row.orMore]).toEqual([x, customers, k === 7]);
      expect(row.actual).toBeCloseTo(actual, 12);
      expect(Math.abs(row.predicted - predicted) / predicted).toBeLessThan(1e-9);
    });
  });

  it('refuses a summary without a holdout', async () => {
    const summary = await rfmSummary(tx, { asOf: '1998-07-01' });
    expect(() => calibrationVsHoldout(params, summary)).toThrow(
      /needs a summary made with calibrationEnd/,
    );
  });

  it('cumulative repeat purchases, actual and predicted, week by week equal pandas + scipy', async () => {
    const result = await cumulativeRepeatPurchases(params, tx, { asOf: '1998-07-01' });
    expect(result.start).toBe('1997-01-01');
    expect(result.weeks).toHaveLength(fixture.cumulative.length);
    fixture.cumulative.forEach(([week, actual, predicted], k) => {
      expect(result.weeks[k]).toBe(week);
      expect(result.actual[k]).toBe(actual);
      expect(Math.abs(result.predicted[k]! - predicted) / Math.max(1, predicted)).toBeLessThan(
        1e-9,
      );
    });
  });
});

describe('frequencyRecencyGrid', () => {
  it('holds E[Y(t)] and P(alive) at every cell, null for recency > 0 without repeat purchases', () => {
    const grid = frequencyRecencyGrid(params, { T: 39, t: 52, maxFrequency: 5, steps: 3 });
    expect(grid.frequency).toEqual([0, 1, 2, 3, 4, 5]);
    expect(grid.recency).toEqual([0, 13, 26, 39]);
    expect(grid.expected[0]).toEqual([expectedPurchases(params, 52, 0, 0, 39), null, null, null]);
    expect(grid.expected[3]![2]).toBe(expectedPurchases(params, 52, 3, 26, 39));
    expect(grid.alive[5]![1]).toBe(probabilityAlive(params, 5, 13, 39));
    // A recent buyer is more likely alive than one who stopped long ago.
    expect(grid.alive[5]![3]!).toBeGreaterThan(grid.alive[5]![1]!);
    expect(() => frequencyRecencyGrid(params, { T: 0, t: 1 })).toThrow(/need T > 0/);
  });
});

/**
 * Checks of notebook 08 (value ahead and acquisition cohorts) against the published Gamma-Gamma
 * parameters and the pandas / scipy fixtures of test/fixtures/value and test/fixtures/clv.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { GammaGamma } from '../../src/predict/gamma-gamma/gamma-gamma.js';
import type { CalibrationHoldoutRow } from '../../src/predict/diagnostics/calibration-holdout.js';
import type { CumulativeRepeat } from '../../src/predict/diagnostics/cumulative-repeat.js';
import type { PredictedTiers } from '../../src/pipeline/value-summary.js';
import { bodyRows, figuresOf, tablesOf } from './outputs.js';
import { displaysOf, stdoutOf, type NotebookRun } from './tslab-runner.js';

type AcquisitionRow = [string, number, number, number, number, number, number];

/** Checks notebook 08's outputs. */
export function checkValueNotebook(run: NotebookRun, root: string): void {
  const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;
  const diagnostics = read<{
    calibration: [number, number, number, number][];
    cumulative: [number, number, number][];
  }>('test/fixtures/value/diagnostics.json');
  const cdnow = read<{ acquisition: AcquisitionRow[] }>('test/fixtures/value/cdnow.json');
  const clvFixture = read<{ cases: { horizonMonths: number; sum: number }[] }>(
    'test/fixtures/clv/reference.json',
  );
  const { locals } = run;
  const html = displaysOf(run.notebook, 'text/html');
  const tables = tablesOf(html);
  const figures = figuresOf(html);
  const text = stdoutOf(run.notebook);
  expect(tables).toHaveLength(6);
  expect(figures).toHaveLength(5);

  // 1. The published Gamma-Gamma parameters, within 0.01; no warning on CDNOW.
  const spendModel = locals['spendModel'] as GammaGamma;
  const published = { p: 6.25, q: 3.74, gamma: 15.44 };
  for (const [k, v] of Object.entries(published)) {
    expect(Math.abs(spendModel.parameters[k as keyof typeof published] - v)).toBeLessThan(0.01);
  }
  expect(bodyRows(tables[0]!).map((r) => r.slice(0, 2))).toEqual([
    ['p', '6.2500'],
    ['q', '3.7400'],
    ['gamma', '15.4400'],
  ]);
  expect(text).toContain(
    '946 repeat buyers; correlation of frequency and mean spend 0.114; warnings: 0',
  );

  // 2. The value ahead: within 0.5 % of scipy's at the published parameters (fitted ones here).
  const clv = locals['clv'] as Float64Array;
  const total = Array.from(clv).reduce((s, v) => s + v, 0);
  const reference = clvFixture.cases.find((c) => c.horizonMonths === 12)!.sum;
  expect(Math.abs(total - reference) / reference).toBeLessThan(0.005);
  const top = bodyRows(tables[1]!).map((r) => Number(r.at(-1)!.replace(/,/g, '')));
  expect(top).toHaveLength(10);
  expect(top[0]).toBeCloseTo(Math.max(...clv), 2);

  // 3. Calibration vs holdout: the groups and actual means of pandas; the expectations close to
  // scipy's at the published parameters (the fit here is on all 23,570 customers).
  const rows = locals['holdoutRows'] as CalibrationHoldoutRow[];
  rows.forEach((row, k) => {
    const [, customers, actual, predicted] = diagnostics.calibration[k]!;
    expect(row.customers).toBe(customers);
    expect(row.actual).toBeCloseTo(actual, 12);
    expect(Math.abs(row.predicted - predicted) / predicted).toBeLessThan(0.15);
  });
  const cumulative = locals['cumulative'] as CumulativeRepeat;
  expect(Array.from(cumulative.actual)).toEqual(diagnostics.cumulative.map((c) => c[1]));
  const last = cumulative.predicted.length - 1;
  expect(
    Math.abs(cumulative.predicted[last]! - cumulative.actual[last]!) / cumulative.actual[last]!,
  ).toBeLessThan(0.1);

  // 5. Acquisition cohorts: pandas' table, and the heatmap's z its retention rates.
  const acquisitionRows = bodyRows(tables[3]!);
  expect(acquisitionRows).toHaveLength(cdnow.acquisition.length);
  acquisitionRows.forEach((row, i) => {
    const expected = cdnow.acquisition[i]!;
    expect(row[0]).toBe(expected[0]);
    expect(Number(row[3]!.replace(/,/g, ''))).toBe(expected[3]);
  });
  const heatmap = figures[4]![0]!;
  expect(heatmap.type).toBe('heatmap');
  expect(heatmap.z![0]!.slice(0, 3)).toEqual(cdnow.acquisition.slice(0, 3).map((r) => r[4]));

  // 6. The migration from past to predicted tiers covers every customer with a value.
  const tiers = locals['tiers'] as PredictedTiers;
  expect(tiers.migration.total).toBe(tiers.customerId.length);
  // Every customer with a value: all but the 68 who never bought anything (every order $0).
  expect(tiers.customerId.length).toBe(23_502);
  expect(text).toMatch(
    /tier by value ahead differs from tier by past value for \d+ of 23502 customers/,
  );
}

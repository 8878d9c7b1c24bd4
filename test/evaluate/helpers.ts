/**
 * Shared helpers of the evaluation tests: the scikit-learn fixture and assertions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { CohortlabError, type ErrorCode } from '../../src/errors/cohortlab-error.js';

/** A float of the fixture: null for NaN, "inf" / "-inf" for infinities. */
export type FixtureNumber = number | null | 'inf' | '-inf';

/** A label-metric case. */
export interface LabelFixture {
  name: string;
  yTrue: (number | string)[];
  yPred: (number | string)[];
  sampleWeight?: number[];
  labels?: (number | string)[];
  accuracy: number;
  balancedAccuracy: number;
  balancedAccuracyAdjusted: FixtureNumber;
  perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  macro: [number, number, number];
  weighted: [number, number, number];
  micro: [number, number, number];
  confusion: number[][];
  report2: string;
  report4: string;
}

/** A ROC curve of the fixture. */
export interface RocFixture {
  fpr: FixtureNumber[];
  tpr: FixtureNumber[];
  thresholds: FixtureNumber[];
}

/** A binary-score case. */
export interface BinaryFixture {
  name: string;
  yTrue: number[];
  yScore: number[];
  sampleWeight?: number[];
  roc: RocFixture;
  rocAll: RocFixture;
  auc: number;
  brier?: number;
  logLoss?: number;
  logLossSum?: number;
}

/** A multiclass-probability case. */
export interface MulticlassFixture {
  name: string;
  classes: string[];
  yTrue: string[];
  proba: number[];
  aucMacro?: number;
  aucWeighted?: number;
  logLoss: number;
}

/** A calibration data set with curves. */
export interface CalibrationFixture {
  name: string;
  yTrue: number[];
  yProb: number[];
  curves: {
    strategy: 'uniform' | 'quantile';
    bins: number;
    probTrue: number[];
    probPred: number[];
  }[];
}

/** test/fixtures/evaluate/metrics.json, written by scripts/fixtures/evaluate.py. */
export interface EvaluateFixture {
  sklearn: string;
  labels: LabelFixture[];
  binary: BinaryFixture[];
  multiclass: MulticlassFixture[];
  calibration: CalibrationFixture[];
  kfold: { name: string; labels: (number | string)[]; testFold: Record<string, number[]> }[];
  split: {
    name: string;
    labels: (number | string)[];
    testSize: number;
    classes: (number | string)[];
    trainCounts: number[];
    testCounts: number[];
  }[];
}

let cached: EvaluateFixture | undefined;

/** The parsed fixture (read once). */
export function fixture(): EvaluateFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../fixtures/evaluate/metrics.json', import.meta.url), 'utf8'),
  ) as EvaluateFixture;
  return cached;
}

/** The fixture float as a number. */
export function value(x: FixtureNumber): number {
  if (x === null) return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  return x;
}

/** Records the largest |ours − sklearn| per metric across tests. */
export const maxDiff = new Map<string, number>();

/** Compares `actual` with `expected` to `tol` (NaN and infinities must match exactly). */
export function expectClose(
  metric: string,
  actual: number,
  expected: FixtureNumber,
  tol = 1e-9,
): void {
  const want = value(expected);
  if (!Number.isFinite(want)) {
    expect(actual, metric).toBe(want);
    return;
  }
  const diff = Math.abs(actual - want);
  maxDiff.set(metric, Math.max(maxDiff.get(metric) ?? 0, diff));
  expect(diff, `${metric}: ${actual} vs ${want}`).toBeLessThanOrEqual(tol);
}

/** Element-wise {@link expectClose} of equal-length arrays. */
export function expectAllClose(
  metric: string,
  actual: ArrayLike<number>,
  expected: readonly FixtureNumber[],
  tol = 1e-9,
): void {
  expect(actual.length, `${metric} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expectClose(metric, actual[i] as number, expected[i] as FixtureNumber, tol);
  }
}

/** Asserts that `run` throws a CohortlabError with `code`. */
export function expectError(run: () => unknown, code: ErrorCode): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CohortlabError);
  expect((caught as CohortlabError).code).toBe(code);
}

/** Asserts that `promise` rejects with a CohortlabError with `code`. */
export async function expectRejection(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CohortlabError);
  expect((caught as CohortlabError).code).toBe(code);
}

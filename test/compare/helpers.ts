/**
 * Shared helpers of the comparison tests: the scikit-learn fixture and error assertions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { CohortlabError, type ErrorCode } from '../../src/errors/cohortlab-error.js';

/** One pair of labelings with scikit-learn's values. */
export interface PairFixture {
  name: string;
  a: (number | string)[];
  b: (number | string)[];
  ari: number;
  ami: Record<'arithmetic' | 'geometric' | 'min' | 'max', number>;
  nmi: Record<'arithmetic' | 'geometric' | 'min' | 'max', number>;
  mi: number;
  /** beta (Python repr) → [homogeneity, completeness, V-measure]. */
  hcv: Record<string, [number, number, number]>;
  fmi: number;
  rowLabels: (number | string)[];
  colLabels: (number | string)[];
  contingency: number[][];
  purity: number;
  inversePurity: number;
  /** Best one-to-one matching total (scipy's linear_sum_assignment, maximize=True). */
  matched: number;
}

/** test/fixtures/compare/metrics.json, written by scripts/fixtures/compare.py. */
export interface CompareFixture {
  sklearn: string;
  pairs: PairFixture[];
  emi: { name: string; rowTotals: number[]; colTotals: number[]; emi: number }[];
  lgamma: { x: number; lgamma: number; math: number }[];
}

let cached: CompareFixture | undefined;

/** The parsed fixture (read once). */
export function fixture(): CompareFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../fixtures/compare/metrics.json', import.meta.url), 'utf8'),
  ) as CompareFixture;
  return cached;
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

/** Records the largest |ours − sklearn| per metric across tests (printed at the end). */
export const maxDiff = new Map<string, number>();

/** Compares `actual` with `expected` to `tol` and records the difference under `metric`. */
export function expectClose(metric: string, actual: number, expected: number, tol = 1e-9): void {
  const diff = Math.abs(actual - expected);
  maxDiff.set(metric, Math.max(maxDiff.get(metric) ?? 0, diff));
  expect(diff, `${metric}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

/**
 * Shared helpers of the decision-tree tests: the scikit-learn fixtures (written by
 * scripts/fixtures/tree.py), tables built from them and error assertions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DecisionTreeOptions } from '../../../src/classify/tree/options.js';
import { CohortlabError, type ErrorCode } from '../../../src/errors/cohortlab-error.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

/** scikit-learn's `tree_` arrays (leaves: feature and threshold −2). */
export interface SklearnTree {
  childrenLeft: number[];
  childrenRight: number[];
  feature: number[];
  threshold: number[];
  impurity: number[];
  nNodeSamples: number[];
  weightedNNodeSamples: number[];
  value: number[][];
}

/** One fitted case of tree-small.json. */
export interface SmallCase {
  name: string;
  params: DecisionTreeOptions;
  tree: SklearnTree;
  featureImportances: number[];
  predictions: string[];
  probabilities: number[];
  depth: number;
  leaves: number;
}

/** test/fixtures/classify/tree-small.json. */
export interface SmallFixture {
  sklearn: string;
  seed: number;
  features: string[];
  columns: Record<string, number[]>;
  target: string[];
  classes: string[];
  cases: SmallCase[];
  paths: { name: string; params: DecisionTreeOptions; ccpAlphas: number[]; impurities: number[] }[];
}

/** test/fixtures/classify/tree-wholesale.json. */
export interface WholesaleFixture {
  sklearn: string;
  features: string[];
  columns: Record<string, number[]>;
  channel: string[];
  folds: number[][];
  cv: { maxDepth: number; foldAccuracy: number[]; mean: number }[];
  balanced: { params: DecisionTreeOptions; predictions: string[] }[];
}

function load<T>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/classify/${name}`, import.meta.url), 'utf8'),
  ) as T;
}

let small: SmallFixture | undefined;
let wholesale: WholesaleFixture | undefined;

/** The parsed small fixture. */
export function smallFixture(): SmallFixture {
  small ??= load<SmallFixture>('tree-small.json');
  return small;
}

/** The parsed wholesale fixture. */
export function wholesaleFixture(): WholesaleFixture {
  wholesale ??= load<WholesaleFixture>('tree-wholesale.json');
  return wholesale;
}

/** Numeric columns of a fixture as a ColumnTable. */
export function tableOf(columns: Record<string, number[]>): ColumnTable {
  return Object.fromEntries(
    Object.entries(columns).map(([name, values]) => [name, Float64Array.from(values)]),
  );
}

/** Asserts that `fn` throws a CohortlabError with `code`; returns it. */
export function expectError(fn: () => unknown, code: ErrorCode): CohortlabError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CohortlabError);
  const error = caught as CohortlabError;
  expect(error.code).toBe(code);
  return error;
}

/** Largest |a − b| / max(1, |b|). */
export function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return worst;
}

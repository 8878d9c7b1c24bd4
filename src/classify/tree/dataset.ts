/**
 * Turning a {@link ColumnTable}, labels and weights into what the tree grows on: class indices,
 * one float64 or category-code column per feature, and one weight per row. Every check that
 * names a column or a row lives here, so the split search can assume clean input.
 *
 * Missing values are refused: a NaN (or ±Infinity) in a numeric feature and a null in a text
 * feature are INVALID_INPUT naming the column, the first row and how many rows are affected,
 * at fit and at predict alike (impute first, e.g. with `SimpleImputer`). scikit-learn 1.2 refuses
 * them too.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  columnNames,
  getColumn,
  isNumericColumn,
  rowCount,
  type ColumnTable,
} from '../../table/column-table.js';
import type { ClassWeight } from './options.js';

/** A feature as the fitted tree knows it. */
export type TreeFeature =
  | { readonly name: string; readonly type: 'numeric' }
  | {
      readonly name: string;
      readonly type: 'categorical';
      /** The categories seen at fit, sorted; split nodes refer to them by index. */
      readonly categories: readonly string[];
    };

/** One encoded feature column: float64 values, or category indices (−1: not seen at fit). */
export type EncodedColumn =
  | { readonly type: 'numeric'; readonly values: Float64Array }
  | { readonly type: 'categorical'; readonly codes: Int32Array; readonly count: number };

/** Class labels as indices into the sorted distinct labels. */
export interface EncodedTarget {
  readonly classes: readonly string[];
  readonly y: Int32Array;
}

function badInput(detail: string, column?: string, row?: number, count?: number): CohortlabError {
  const location: { column?: string; row?: number; count?: number } = {};
  if (column !== undefined) location.column = column;
  if (row !== undefined) location.row = row + 1;
  if (count !== undefined) location.count = count;
  return new CohortlabError('INVALID_INPUT', detail, location);
}

/** Sorted distinct labels and the class index of every row; INVALID_INPUT on a non-string. */
export function encodeTarget(
  target: readonly unknown[],
  rows: number,
  owner: string,
): EncodedTarget {
  if (!Array.isArray(target)) throw badInput(`${owner}: the target must be an array of labels`);
  if (target.length !== rows) {
    throw badInput(`${owner}: the target has ${target.length} labels for ${rows} rows`);
  }
  let firstBad = -1;
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    if (typeof target[i] !== 'string') {
      if (firstBad < 0) firstBad = i;
      bad++;
    }
  }
  if (bad > 0) {
    throw badInput(
      `${owner}: target labels must be strings, found ${String(target[firstBad])}`,
      undefined,
      firstBad,
      bad,
    );
  }
  const labels = target as readonly string[];
  const classes = [...new Set(labels)].sort();
  const index = new Map(classes.map((label, k) => [label, k]));
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = index.get(labels[i] as string) as number;
  return { classes, y };
}

/**
 * The feature columns of a fit: `names` when given (distinct, existing; text columns become
 * categorical features), else every numeric column of `table` — text columns are often ids, so
 * they are used only when named.
 */
export function describeFeatures(
  table: ColumnTable,
  names: readonly string[] | undefined,
  owner: string,
): TreeFeature[] {
  const selected = names ?? columnNames(table).filter((n) => isNumericColumn(getColumn(table, n)));
  if (!Array.isArray(selected) || !selected.every((n) => typeof n === 'string')) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: "features" must be a list of names`);
  }
  if (selected.length === 0) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: no feature columns (no numeric column)`);
  }
  const seen = new Set<string>();
  return selected.map((name): TreeFeature => {
    if (seen.has(name)) {
      throw new CohortlabError('INVALID_OPTION', `${owner}: "features" lists a column twice`, {
        column: name,
      });
    }
    seen.add(name);
    const column = getColumn(table, name);
    if (isNumericColumn(column)) return { name, type: 'numeric' };
    checkText(column, name, owner);
    const categories = [...new Set(column as readonly string[])].sort();
    return { name, type: 'categorical', categories };
  });
}

function checkText(column: readonly (string | null)[], name: string, owner: string): void {
  let first = -1;
  let count = 0;
  for (let i = 0; i < column.length; i++) {
    if (typeof column[i] !== 'string') {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count > 0) {
    throw badInput(`${owner}: missing value in a feature (impute it first)`, name, first, count);
  }
}

function checkNumeric(values: Float64Array, name: string, owner: string): void {
  let first = -1;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count > 0) {
    const value = values[first] as number;
    const what = Number.isNaN(value) ? 'missing value (NaN)' : `non-finite value ${value}`;
    throw badInput(`${owner}: ${what} in a feature (impute it first)`, name, first, count);
  }
}

/**
 * The feature columns of `table` encoded for the tree, checked against the fitted `features`:
 * each must exist (UNKNOWN_FEATURE), have the same kind (INVALID_INPUT) and no missing value.
 * Text values not seen at fit get code −1.
 */
export function encodeColumns(
  table: ColumnTable,
  features: readonly TreeFeature[],
  owner: string,
): { columns: EncodedColumn[]; rows: number } {
  const rows = rowCount(table);
  const columns = features.map((feature): EncodedColumn => {
    const column = getColumn(table, feature.name);
    if (feature.type === 'numeric') {
      if (!isNumericColumn(column)) {
        throw badInput(`${owner}: expected a numeric column, found text`, feature.name);
      }
      checkNumeric(column, feature.name, owner);
      return { type: 'numeric', values: column };
    }
    if (isNumericColumn(column)) {
      throw badInput(`${owner}: expected a text (categorical) column, found numbers`, feature.name);
    }
    checkText(column, feature.name, owner);
    const index = new Map(feature.categories.map((c, k) => [c, k]));
    const codes = new Int32Array(rows);
    for (let i = 0; i < rows; i++) codes[i] = index.get(column[i] as string) ?? -1;
    return { type: 'categorical', codes, count: feature.categories.length };
  });
  return { columns, rows };
}

/**
 * One weight per row: `sampleWeight` times the class weight of the row's label, or `null` when
 * neither is given (every weight 1, the fast path). `'balanced'` gives class k the weight
 * n / (classes · n_k) of scikit-learn's `compute_sample_weight`, from unweighted counts.
 */
export function rowWeights(
  target: EncodedTarget,
  sampleWeight: ArrayLike<number> | undefined,
  classWeight: ClassWeight,
  owner: string,
): Float64Array | null {
  const { y, classes } = target;
  const n = y.length;
  if (sampleWeight === undefined && classWeight === null) return null;
  const weights = new Float64Array(n).fill(1);
  if (sampleWeight !== undefined) {
    if (sampleWeight === null || typeof sampleWeight.length !== 'number') {
      throw badInput(`${owner}: sampleWeight must be an array of numbers`);
    }
    if (sampleWeight.length !== n) {
      throw badInput(`${owner}: sampleWeight has ${sampleWeight.length} values for ${n} rows`);
    }
    for (let i = 0; i < n; i++) {
      const w = sampleWeight[i];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw badInput(
          `${owner}: sample weights must be finite and ≥ 0, found ${String(w)}`,
          undefined,
          i,
        );
      }
      weights[i] = w;
    }
  }
  if (classWeight !== null) {
    const perClass = new Float64Array(classes.length).fill(1);
    if (classWeight === 'balanced') {
      const counts = new Float64Array(classes.length);
      for (let i = 0; i < n; i++) counts[y[i] as number]! += 1;
      for (let k = 0; k < classes.length; k++) {
        perClass[k] = n / (classes.length * (counts[k] as number));
      }
    } else {
      for (const [label, w] of Object.entries(classWeight)) {
        const k = classes.indexOf(label);
        if (k < 0) {
          throw new CohortlabError(
            'INVALID_OPTION',
            `${owner}: classWeight names "${label}", which is not a class of the target`,
          );
        }
        perClass[k] = w;
      }
    }
    for (let i = 0; i < n; i++) weights[i]! *= perClass[y[i] as number] as number;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] as number;
  if (!(total > 0)) throw badInput(`${owner}: the row weights sum to 0`);
  return weights;
}

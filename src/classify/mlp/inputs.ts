/**
 * Checks of what {@link MLPClassifier} is given: feature columns, their values, the target
 * and the weights. Every problem is a {@link CohortlabError} that names the column and the
 * 1-based row where one is to blame.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  columnNames,
  getColumn,
  getNumeric,
  isNumericColumn,
  rowCount,
  type ColumnTable,
} from '../../table/column-table.js';
import type { MLPClassWeight } from './options.js';

/**
 * The feature columns to learn from. An explicit list must name distinct numeric columns of
 * `table` (`UNKNOWN_FEATURE` for a missing one, `INVALID_INPUT` for a text one); without one,
 * every numeric column in table order. Text columns must be encoded first (one-hot).
 */
export function resolveFeatures(
  table: ColumnTable,
  features: readonly string[] | undefined,
  owner: string,
): string[] {
  rowCount(table); // refuses ragged tables
  if (features === undefined) {
    const numeric = columnNames(table).filter((name) => isNumericColumn(getColumn(table, name)));
    if (numeric.length === 0) {
      throw new CohortlabError('INVALID_INPUT', `${owner}: the table has no numeric column`);
    }
    return numeric;
  }
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string')) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: features must be a list of column names`);
  }
  if (features.length === 0) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: features lists no column`);
  }
  const seen = new Set<string>();
  for (const name of features) {
    if (seen.has(name)) {
      throw new CohortlabError('INVALID_OPTION', `${owner}: features lists a column twice`, {
        column: name,
      });
    }
    seen.add(name);
    getNumeric(table, name);
  }
  return [...features];
}

/**
 * The named columns as a row-major float64 matrix. A NaN or ±Infinity is `INVALID_INPUT`
 * naming the column, the first row (1-based) and how many rows of that column are affected:
 * a neural net has no notion of a missing value, so impute first.
 */
export function finiteMatrix(
  table: ColumnTable,
  names: readonly string[],
  owner: string,
): { data: Float64Array; rows: number; cols: number } {
  const rows = rowCount(table);
  const cols = names.length;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const name = names[j] as string;
    const column = getNumeric(table, name);
    let first = -1;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      const v = column[i] as number;
      if (!Number.isFinite(v)) {
        if (first < 0) first = i;
        count++;
      }
      data[i * cols + j] = v;
    }
    if (first >= 0) {
      const value = column[first] as number;
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: ${Number.isNaN(value) ? 'missing value (NaN)' : `infinite value ${value}`} in a feature; impute or drop it first`,
        { column: name, row: first + 1, count },
      );
    }
  }
  return { data, rows, cols };
}

/**
 * The target as class indices into the sorted distinct labels. One string per row; fewer than
 * two classes is `INVALID_INPUT`.
 */
export function encodeTarget(
  target: unknown,
  rows: number,
  owner: string,
): { classes: string[]; y: Int32Array } {
  if (!Array.isArray(target)) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: target must be an array of labels`);
  }
  const labels = target as readonly unknown[];
  if (labels.length !== rows) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: target has ${labels.length} labels for ${rows} rows`,
    );
  }
  const distinct = new Set<string>();
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    if (typeof label !== 'string') {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: target label ${String(label)} is not a string`,
        { row: i + 1 },
      );
    }
    distinct.add(label);
  }
  const classes = [...distinct].sort();
  if (classes.length < 2) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the target has a single class ${JSON.stringify(classes[0] ?? '')}; a classifier needs at least two`,
    );
  }
  const index = new Map(classes.map((c, k) => [c, k]));
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = index.get(labels[i] as string) as number;
  return { classes, y };
}

/**
 * The weight of each class: all 1 without `classWeight`; for `'balanced'`,
 * `rows / (classes × count)` from unweighted counts (scikit-learn's rule); a map's weight, 1
 * for classes it leaves out. A map naming a class the target lacks is `INVALID_INPUT`.
 */
export function classWeights(
  classWeight: MLPClassWeight | undefined,
  classes: readonly string[],
  y: Int32Array,
  owner: string,
): Float64Array {
  const k = classes.length;
  const weights = new Float64Array(k).fill(1);
  if (classWeight === undefined) return weights;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < y.length; i++) counts[y[i] as number] = (counts[y[i] as number] ?? 0) + 1;
    for (let c = 0; c < k; c++) weights[c] = y.length / (k * (counts[c] as number));
    return weights;
  }
  for (const [label, weight] of Object.entries(classWeight)) {
    const c = classes.indexOf(label);
    if (c < 0) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: classWeight names class ${JSON.stringify(label)}, which the target does not contain`,
      );
    }
    weights[c] = weight;
  }
  return weights;
}

/**
 * One weight per row: sample weight × class weight, scaled so that the training rows'
 * weights average 1 (the loss then keeps its scale whatever the weights' units). Weights must
 * be finite and ≥ 0 (`INVALID_INPUT` naming the row) and the training rows' total positive.
 */
export function rowWeights(
  sampleWeight: ArrayLike<number> | undefined,
  perClass: Float64Array,
  y: Int32Array,
  trainRows: Int32Array,
  owner: string,
): Float32Array {
  const n = y.length;
  if (sampleWeight !== undefined) {
    if (typeof sampleWeight !== 'object' || sampleWeight === null) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: sampleWeight must be an array of numbers`,
      );
    }
    if (sampleWeight.length !== n) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: sampleWeight has ${sampleWeight.length} values for ${n} rows`,
      );
    }
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[i];
    if (typeof w !== 'number' || !(w >= 0) || w === Infinity) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: sample weight ${String(w)} is not a finite number >= 0`,
        { row: i + 1 },
      );
    }
    weights[i] = w * (perClass[y[i] as number] as number);
  }
  let total = 0;
  for (let t = 0; t < trainRows.length; t++) total += weights[trainRows[t] as number] as number;
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the training rows' weights (sample × class weights) must have a positive, finite total`,
    );
  }
  const scale = trainRows.length / total;
  return Float32Array.from(weights, (w) => w * scale);
}

/**
 * The data layout the cluster metrics read: a row-major float64 matrix. It is structurally the
 * same as the k-means `Matrix` and as what `toMatrix` of a `ColumnTable` returns, so any of
 * them can be passed.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

/** A row-major float64 matrix: row `i`, column `j` is `data[i * cols + j]`. */
export interface MatrixLike {
  /** The values, `rows * cols` of them, row after row. */
  readonly data: Float64Array;
  /** Number of rows (points). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
}

/**
 * Checks the shape of `x` and that every value is finite (NaN and ±Infinity have no place in
 * distance computations). INVALID_INPUT naming the first bad row (1-based) otherwise; `owner`
 * names the function for the message.
 */
export function checkMatrix(x: MatrixLike, owner: string): void {
  if (typeof x !== 'object' || x === null || !(x.data instanceof Float64Array)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner} needs a matrix { data: Float64Array, rows, cols }`,
    );
  }
  const { data, rows, cols } = x;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: matrix shape must be whole numbers with at least one column, got ${rows} x ${cols}`,
    );
  }
  if (data.length !== rows * cols) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: matrix data has ${data.length} values, expected ${rows} x ${cols} = ${rows * cols}`,
    );
  }
  let first = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first >= 0) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: feature ${(first % cols) + 1} is ${data[first]}; values must be finite`,
      { row: Math.floor(first / cols) + 1, count },
    );
  }
}

/** The rows at `indices` (in that order, repeats allowed) as a new matrix. */
export function takeMatrixRows(x: MatrixLike, indices: ArrayLike<number>): MatrixLike {
  const { data, cols } = x;
  const out = new Float64Array(indices.length * cols);
  for (let r = 0; r < indices.length; r++) {
    const from = (indices[r] as number) * cols;
    out.set(data.subarray(from, from + cols), r * cols);
  }
  return { data: out, rows: indices.length, cols };
}

/**
 * The data layout k-means trains on: a row-major float64 matrix, plus the adapters that build
 * one from the tables the rest of cohortlab produces (a {@link ColumnTable}, a danfo.js
 * DataFrame, or a plain object of number arrays).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { ColumnTable } from '../../table/column-table.js';
import { sharedMatrixData } from './arena.js';

/**
 * A row-major float64 matrix: row `i`, column `j` is `data[i * cols + j]`. Structurally the
 * same as what `toMatrix` of a column table returns, so that can be passed directly.
 */
export interface Matrix {
  /** The values, `rows * cols` of them, row after row. */
  readonly data: Float64Array;
  /** Number of rows (points, customers). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
  /** Feature names, one per column, when known: used in error messages and kept by models. */
  readonly names?: readonly string[];
}

/**
 * Matrices of at least this many values that cohortlab allocates ({@link createMatrix} and
 * the adapters) live in a SharedArrayBuffer, so that multi-threaded fits read them without
 * copying. They behave like any Float64Array, except that posting them to a worker shares
 * rather than copies them. Up to 2 GiB they sit at the start of a shared WebAssembly memory
 * (see `arena.ts`), where the WebAssembly kernels read them without copying.
 */
export const SHARED_MIN_VALUES = 2 ** 20;

/**
 * A zero-filled matrix of the given shape (in shared memory from {@link SHARED_MIN_VALUES}
 * values on). Fill `data` row by row: row `i`, column `j` is `data[i * cols + j]`.
 */
export function createMatrix(rows: number, cols: number, names?: readonly string[]): Matrix {
  const length = rows * cols;
  // Large ones in a shared WebAssembly memory where possible (see arena.ts: the WebAssembly
  // kernels then read the rows in place), a plain SharedArrayBuffer otherwise.
  const data =
    length >= SHARED_MIN_VALUES
      ? (sharedMatrixData(length) ?? new Float64Array(new SharedArrayBuffer(length * 8)))
      : new Float64Array(length);
  return names === undefined ? { data, rows, cols } : { data, rows, cols, names: [...names] };
}

/** What the k-means models accept as data: a {@link Matrix} or an array of equal-length rows. */
export type MatrixInput = Matrix | readonly (readonly number[])[];

/** Anything shaped like a danfo.js DataFrame: column names and row-major values. */
export interface FrameLike {
  /** Column names, in order. */
  readonly columns: readonly string[];
  /** One array per row, values in column order. */
  readonly values: readonly (readonly unknown[])[];
}

/**
 * Plain column object: column name → values. Float64Array columns (a {@link ColumnTable}) and
 * arrays of numbers both work; `null` / `undefined` entries count as missing (NaN).
 */
export type ColumnsInput =
  ColumnTable | Readonly<Record<string, ArrayLike<number | null | undefined> | readonly unknown[]>>;

/**
 * A {@link Matrix} from a table: a {@link ColumnTable}, a danfo DataFrame (or anything with
 * `columns` and row-major `values`), or a plain object of number arrays.
 *
 * Without `columns`, every numeric column is taken, in table order (text columns are skipped);
 * with `columns`, exactly those, in that order: a missing one is `UNKNOWN_FEATURE` and a
 * non-numeric one `INVALID_INPUT`. Missing values become NaN, which the models refuse with
 * an error naming the feature and row, so impute first.
 */
export function matrixFromTable(
  table: ColumnsInput | FrameLike,
  columns?: readonly string[],
): Matrix {
  if (typeof table !== 'object' || table === null) {
    throw new CohortlabError('INVALID_INPUT', 'matrixFromTable needs a table object');
  }
  const source = isDataFrameLike(table) ? dataFrameColumns(table) : columnObject(table);
  const names = columns === undefined ? numericNames(source) : [...columns];
  if (new Set(names).size !== names.length) {
    throw new CohortlabError('INVALID_OPTION', 'matrixFromTable: a column is listed twice');
  }
  const picked = names.map((name) => numericColumn(source, name));
  const rows = commonLength(picked.length === 0 ? [...source.values()] : picked);
  const cols = picked.length;
  const { data } = createMatrix(rows, cols);
  for (let j = 0; j < cols; j++) {
    const column = picked[j] as ArrayLike<unknown>;
    for (let i = 0; i < rows; i++) data[i * cols + j] = toNumber(column[i]);
  }
  return { data, rows, cols, names };
}

/**
 * A {@link Matrix} from an array of rows (`[[x, y], [x, y], …]`). All rows must have the same
 * length; `names`, if given, must have that length too.
 */
export function matrixFromRows(
  rows: readonly (readonly number[])[],
  names?: readonly string[],
): Matrix {
  if (!Array.isArray(rows)) {
    throw new CohortlabError('INVALID_INPUT', 'expected an array of rows');
  }
  const n = rows.length;
  const cols = n === 0 ? (names?.length ?? 0) : (rows[0] as readonly number[]).length;
  const { data } = createMatrix(n, cols);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `row has ${Array.isArray(row) ? row.length : 'no'} values, expected ${cols} like the first row`,
        { row: i + 1 },
      );
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = toNumber(row[j]);
  }
  if (names !== undefined && names.length !== cols) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${names.length} feature names given for ${cols} columns`,
    );
  }
  return names === undefined ? { data, rows: n, cols } : { data, rows: n, cols, names };
}

/** The rows of a matrix as plain arrays (for display, JSON or other libraries). */
export function matrixToRows(matrix: Matrix): number[][] {
  const out: number[][] = new Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    out[i] = Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols));
  }
  return out;
}

/**
 * Turns a {@link MatrixInput} into a {@link Matrix} and checks its shape and (unless
 * `finite` is false, for callers that check in a pass of their own) that every value is
 * finite: `INVALID_INPUT` otherwise, see {@link requireFinite}. The data is not copied.
 */
export function checkedMatrix(input: MatrixInput, owner: string, finite = true): Matrix {
  const matrix = Array.isArray(input)
    ? matrixFromRows(input as readonly (readonly number[])[])
    : (input as Matrix);
  if (typeof matrix !== 'object' || matrix === null || !(matrix.data instanceof Float64Array)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner} needs a matrix { data: Float64Array, rows, cols } or an array of rows`,
    );
  }
  const { data, rows, cols, names } = matrix;
  if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(cols) || cols < 1) {
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
  if (names !== undefined && names.length !== cols) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: matrix has ${names.length} feature names for ${cols} columns`,
    );
  }
  if (finite) requireFinite(matrix, owner);
  return matrix;
}

/**
 * `INVALID_INPUT` naming the feature (by name when known, else its 0-based column index) and
 * the 1-based row of the first NaN or ±Infinity in `matrix`, with the count of bad values in
 * that feature.
 */
export function requireFinite(matrix: Matrix, owner: string): void {
  const { data, cols, names } = matrix;
  for (let p = 0; p < data.length; p++) {
    const value = data[p] as number;
    // `v - v` is NaN exactly for NaN and ±Infinity: one cheap test per value.
    if (value - value !== 0) {
      const row = Math.floor(p / cols);
      const j = p - row * cols;
      const name = names?.[j];
      let count = 0;
      for (let q = j; q < data.length; q += cols) {
        const v = data[q] as number;
        if (v - v !== 0) count++;
      }
      const feature =
        name === undefined ? `feature ${j} (0-based column index)` : `feature "${name}"`;
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: ${feature} is ${value} at row ${row + 1}; k-means needs finite numbers (impute or drop missing values first)`,
        { row: row + 1, column: name ?? `#${j}`, count },
      );
    }
  }
}

function isDataFrameLike(value: object): value is FrameLike {
  const frame = value as Partial<FrameLike>;
  return (
    Array.isArray(frame.columns) &&
    Array.isArray(frame.values) &&
    frame.columns.every((c) => typeof c === 'string') &&
    frame.values.every((row) => Array.isArray(row))
  );
}

type Columns = ReadonlyMap<string, ArrayLike<unknown>>;

function dataFrameColumns(frame: FrameLike): Columns {
  const out = new Map<string, unknown[]>();
  frame.columns.forEach((name, j) => {
    out.set(
      name,
      frame.values.map((row) => row[j]),
    );
  });
  return out;
}

function columnObject(table: object): Columns {
  const out = new Map<string, ArrayLike<unknown>>();
  for (const [name, column] of Object.entries(table)) {
    if (column instanceof Float64Array || Array.isArray(column) || ArrayBuffer.isView(column)) {
      out.set(name, column as ArrayLike<unknown>);
    } else {
      throw new CohortlabError('INVALID_INPUT', 'column is not an array', { column: name });
    }
  }
  return out;
}

function isNumericLike(column: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(column)) return true;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v !== null && v !== undefined && typeof v !== 'number') return false;
  }
  return true;
}

function numericNames(source: Columns): string[] {
  return [...source].filter(([, column]) => isNumericLike(column)).map(([name]) => name);
}

function numericColumn(source: Columns, name: string): ArrayLike<unknown> {
  const column = source.get(name);
  if (column === undefined) {
    throw new CohortlabError(
      'UNKNOWN_FEATURE',
      `no such column; available: ${[...source.keys()].join(', ')}`,
      { column: name },
    );
  }
  if (!isNumericLike(column)) {
    throw new CohortlabError('INVALID_INPUT', 'expected a numeric column, found text', {
      column: name,
    });
  }
  return column;
}

function commonLength(columns: readonly ArrayLike<unknown>[]): number {
  let n: number | undefined;
  for (const column of columns) {
    if (n === undefined) n = column.length;
    else if (column.length !== n) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `columns have different lengths (${n} and ${column.length})`,
      );
    }
  }
  return n ?? 0;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'bigint') return Number(value);
  return NaN;
}

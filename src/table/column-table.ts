import { CohortlabError } from '../errors/cohortlab-error.js';
import { own } from '../util/own.js';

/** A numeric column: float64, missing values are NaN. */
export type NumericColumn = Float64Array;
/** A text (categorical) column: missing values are null. */
export type TextColumn = readonly (string | null)[];
/** One column of a {@link ColumnTable}. */
export type Column = NumericColumn | TextColumn;

/**
 * Columnar data as a plain object: column name → column, all of equal length.
 * Key order is column order. This is the currency between every stage of cohortlab and is
 * what notebooks receive ("plain column objects").
 */
export type ColumnTable = Readonly<Record<string, Column>>;

/** True for float64 columns. */
export function isNumericColumn(column: Column): column is NumericColumn {
  return column instanceof Float64Array;
}

/** Column names in order. */
export function columnNames(table: ColumnTable): string[] {
  return Object.keys(table);
}

/** Number of rows (0 for a table without columns). Throws if column lengths differ. */
export function rowCount(table: ColumnTable): number {
  let n: number | undefined;
  for (const [name, column] of Object.entries(table)) {
    if (n === undefined) n = column.length;
    else if (column.length !== n) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `column has ${column.length} rows, expected ${n} like the columns before it`,
        { column: name },
      );
    }
  }
  return n ?? 0;
}

/** The named column; a typed error naming it when absent. */
export function getColumn(table: ColumnTable, name: string): Column {
  const column = own(table, name);
  if (column === undefined) {
    throw new CohortlabError(
      'UNKNOWN_FEATURE',
      `no such column; available: ${columnNames(table).join(', ')}`,
      { column: name },
    );
  }
  return column;
}

/** The named column, which must be numeric. */
export function getNumeric(table: ColumnTable, name: string): NumericColumn {
  const column = getColumn(table, name);
  if (!isNumericColumn(column)) {
    throw new CohortlabError('INVALID_INPUT', 'expected a numeric column, found text', {
      column: name,
    });
  }
  return column;
}

/** The named column, which must be text. */
export function getText(table: ColumnTable, name: string): TextColumn {
  const column = getColumn(table, name);
  if (isNumericColumn(column)) {
    throw new CohortlabError('INVALID_INPUT', 'expected a text column, found numbers', {
      column: name,
    });
  }
  return column;
}

/** A new table with only the given columns, in the given order. */
export function selectColumns(table: ColumnTable, names: readonly string[]): ColumnTable {
  const out: Record<string, Column> = {};
  for (const name of names) out[name] = getColumn(table, name);
  return out;
}

/** The rows at `indices`, in that order, as a new table. */
export function takeRows(table: ColumnTable, indices: ArrayLike<number>): ColumnTable {
  const out: Record<string, Column> = {};
  for (const [name, column] of Object.entries(table)) {
    if (isNumericColumn(column)) {
      const taken = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) taken[i] = column[indices[i] as number] as number;
      out[name] = taken;
    } else {
      const taken: (string | null)[] = new Array(indices.length);
      for (let i = 0; i < indices.length; i++) taken[i] = column[indices[i] as number] ?? null;
      out[name] = taken;
    }
  }
  return out;
}

/** Row objects (for display and JSON); NaN becomes null. */
export function toRecords(table: ColumnTable): Record<string, number | string | null>[] {
  const n = rowCount(table);
  const entries = Object.entries(table);
  const rows: Record<string, number | string | null>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, number | string | null> = {};
    for (const [name, column] of entries) {
      const value = column[i];
      row[name] = typeof value === 'number' && Number.isNaN(value) ? null : (value ?? null);
    }
    rows[i] = row;
  }
  return rows;
}

/**
 * Row-major float64 matrix of the named numeric columns, the layout models train on.
 * Returns the data and its shape.
 */
export function toMatrix(
  table: ColumnTable,
  names: readonly string[],
): { data: Float64Array; rows: number; cols: number } {
  const columns = names.map((name) => getNumeric(table, name));
  const rows = rowCount(table);
  const cols = columns.length;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const column = columns[j] as Float64Array;
    for (let i = 0; i < rows; i++) data[i * cols + j] = column[i] as number;
  }
  return { data, rows, cols };
}

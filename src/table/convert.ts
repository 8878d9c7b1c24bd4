import type { Column, ColumnTable } from './column-table.js';
import { isNumericColumn } from './column-table.js';
import { importOptional, OPTIONAL_PACKAGES } from '../util/optional-package.js';

/**
 * The members of a danfo.js DataFrame that cohortlab's own types rely on. danfojs-node is an
 * optional package, so its types are not part of cohortlab's; cast the result of
 * {@link toDataFrame} to danfo's `DataFrame` for its full API.
 */
export interface DanfoDataFrame {
  /** Column names. */
  readonly columns: string[];
  /** Rows of values. */
  readonly values: unknown[];
  /** `[rows, columns]`. */
  readonly shape: number[];
  /** The first rows as a new frame. */
  head(rows?: number): DanfoDataFrame;
  /** Prints the frame as a text table. */
  print(): void;
}

/**
 * A danfo.js DataFrame with the table's columns (numbers stay float64, NaN for missing).
 * danfojs-node is an optional package, loaded on first use: `MISSING_PACKAGE` names what to
 * install (and the overrides it needs) when it is not there.
 */
export async function toDataFrame(table: ColumnTable): Promise<DanfoDataFrame> {
  const danfo = await importOptional(OPTIONAL_PACKAGES.danfo, () => import('danfojs-node'));
  const data: Record<string, (number | string | null)[]> = {};
  for (const [name, column] of Object.entries(table)) {
    data[name] = isNumericColumn(column) ? Array.from(column) : [...column];
  }
  return new danfo.DataFrame(data) as unknown as DanfoDataFrame;
}

/**
 * A {@link ColumnTable} from anything shaped like a danfo DataFrame: columns where every
 * value is a number (or missing) become Float64Array, the others text.
 */
export function fromDataFrame(frame: {
  readonly columns: readonly string[];
  readonly values: readonly unknown[];
}): ColumnTable {
  const table: Record<string, Column> = {};
  frame.columns.forEach((name, j) => {
    const values = frame.values.map((row) => (Array.isArray(row) ? (row as unknown[])[j] : row));
    const numeric = values.every((v) => v === null || v === undefined || typeof v === 'number');
    table[name] = numeric
      ? Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN))
      : values.map((v) => (v === null || v === undefined ? null : String(v)));
  });
  return table;
}

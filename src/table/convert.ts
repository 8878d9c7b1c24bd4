import type { DataFrame } from 'danfojs-node';
import type { Column, ColumnTable } from './column-table.js';
import { isNumericColumn } from './column-table.js';

/**
 * A danfo.js DataFrame with the table's columns (numbers stay float64, NaN for missing).
 * danfojs-node is loaded on first use: it is large, and only notebooks need it.
 */
export async function toDataFrame(table: ColumnTable): Promise<DataFrame> {
  const danfo = await import('danfojs-node');
  const data: Record<string, (number | string | null)[]> = {};
  for (const [name, column] of Object.entries(table)) {
    data[name] = isNumericColumn(column) ? Array.from(column) : [...column];
  }
  return new danfo.DataFrame(data);
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

import { columnNames, isNumericColumn, rowCount, type ColumnTable } from '../table/column-table.js';

/** A column with its name already JSON-quoted. */
interface KeyedColumn {
  readonly key: string;
  readonly column: ColumnTable[string];
}

function keyed(table: ColumnTable): KeyedColumn[] {
  return columnNames(table).map((name) => ({
    key: JSON.stringify(name),
    column: table[name] as ColumnTable[string],
  }));
}

/**
 * One row of a table as a JSON object text. Numbers use JavaScript's shortest round-trip
 * form, so every float64 reads back bit-identical; NaN (and ±Infinity, which JSON cannot
 * hold) become null, as do null text cells.
 */
function rowJson(columns: readonly KeyedColumn[], row: number): string {
  const parts: string[] = [];
  for (const { key, column } of columns) {
    const value = column[row];
    let text: string;
    if (isNumericColumn(column)) {
      const v = value as number;
      text = Number.isFinite(v) ? String(v) : 'null';
    } else {
      text = value === null || value === undefined ? 'null' : JSON.stringify(value);
    }
    parts.push(`${key}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * A table as a JSON array of records, one object per row with the columns as keys in table
 * order; one record per line, so large files stay diff- and grep-friendly. See
 * {@link toNdjson} for the value rules.
 */
export function toJson(table: ColumnTable): string {
  const columns = keyed(table);
  const n = rowCount(table);
  if (n === 0) return '[]\n';
  const lines: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) lines[i] = rowJson(columns, i);
  return `[\n${lines.join(',\n')}\n]\n`;
}

/**
 * A table as newline-delimited JSON: one record per line, `\n` after each. Float64 values are
 * written in shortest round-trip form (they parse back to the same double); NaN and null
 * become JSON null. Negative zero is written as 0, as JSON.stringify does.
 */
export function toNdjson(table: ColumnTable): string {
  const columns = keyed(table);
  const n = rowCount(table);
  const lines: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) lines[i] = `${rowJson(columns, i)}\n`;
  return lines.join('');
}

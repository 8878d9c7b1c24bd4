import { isNumericColumn, rowCount, type ColumnTable } from '../table/column-table.js';

// Spreadsheets execute cells that start with these; a leading ' makes them plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A table as RFC 4180 CSV text: comma-separated, CRLF line ends, fields quoted when they hold
 * a comma, quote or line break, quotes doubled. Text cells that a spreadsheet would run as a
 * formula (starting with = + - @ tab or CR) get a leading apostrophe. Numbers are written in
 * full precision (shortest round-trip form); NaN and null are empty cells.
 */
export function toCsv(table: ColumnTable): string {
  const names = Object.keys(table);
  const columns = Object.values(table);
  const n = rowCount(table);
  const lines: string[] = [names.map((name) => csvField(name)).join(',')];
  for (let i = 0; i < n; i++) {
    const cells = columns.map((column) => {
      if (isNumericColumn(column)) {
        const v = column[i] as number;
        return Number.isNaN(v) ? '' : String(v);
      }
      const v = column[i];
      return v === null || v === undefined ? '' : csvField(v);
    });
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One text field, guarded against formula injection and quoted when needed. */
export function csvField(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

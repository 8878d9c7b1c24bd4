/**
 * HTML tables from a {@link ColumnTable} or from headers and rows, with numbers formatted like
 * the CLI's text tables (thousands separators, fixed decimals) and every cell escaped.
 * Alignment is written inline so the table reads the same in a report and in a notebook.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { isNumericColumn, rowCount, type ColumnTable } from '../table/column-table.js';
import { formatCell, type Cell } from '../util/text-table.js';
import { escapeHtml } from './html-escape.js';

/** A table given as a header row and data rows (cells: text, numbers, missing). */
export interface TableRows {
  /** Column names, in order. */
  readonly headers: readonly string[];
  /** Data rows, each as long as `headers`. */
  readonly rows: readonly (readonly Cell[])[];
}

/** What {@link htmlTable} accepts: a column table or headers and rows. */
export type TableInput = ColumnTable | TableRows;

/** Options of {@link htmlTable}. */
export interface HtmlTableOptions {
  /**
   * Decimals for non-integer numbers: one number for every column, or per column name
   * (others get 2). Integers are written without decimals. Default 2.
   */
  readonly digits?: number | Readonly<Record<string, number>>;
  /** Show at most this many rows and a note with the total; default: all rows. */
  readonly maxRows?: number;
  /** A caption above the table (plain text). */
  readonly caption?: string;
}

/** True when `table` is {@link TableRows} rather than a column table. */
export function isTableRows(table: TableInput): table is TableRows {
  const candidate = table as { headers?: unknown; rows?: unknown };
  return (
    Array.isArray(candidate.headers) &&
    Array.isArray(candidate.rows) &&
    candidate.rows.every((row) => Array.isArray(row))
  );
}

/** Headers, the first `limit` rows and the total row count of either kind of table. */
export function tableRows(
  table: TableInput,
  limit = Infinity,
): { headers: string[]; rows: Cell[][]; numeric: boolean[]; total: number } {
  if (isTableRows(table)) {
    const headers = [...table.headers];
    const rows = table.rows.slice(0, limit).map((row, i) => {
      if (row.length !== headers.length) {
        throw new CohortlabError(
          'INVALID_INPUT',
          `table row has ${row.length} cells, expected ${headers.length} like the header`,
          { row: i + 1 },
        );
      }
      return [...row];
    });
    const numeric = headers.map((_, j) =>
      table.rows.every((row) => typeof row[j] === 'number' || row[j] == null),
    );
    return { headers, rows, numeric, total: table.rows.length };
  }
  const total = rowCount(table);
  const columns = Object.values(table);
  const shown = Math.min(total, limit);
  const rows: Cell[][] = new Array(shown);
  for (let i = 0; i < shown; i++) rows[i] = columns.map((column) => column[i] ?? null);
  return { headers: Object.keys(table), rows, numeric: columns.map(isNumericColumn), total };
}

/**
 * The table as an HTML `<table>` (class `cl-table`): numeric columns right-aligned, numbers
 * formatted with {@link formatCell}, every header and cell escaped. With `maxRows`, a
 * `<p class="cl-table-note">` after the table says how many rows were left out.
 */
export function htmlTable(table: TableInput, options: HtmlTableOptions = {}): string {
  const maxRows = options.maxRows ?? Infinity;
  if (!(maxRows >= 0)) {
    throw new CohortlabError('INVALID_OPTION', `maxRows must be 0 or more, got ${maxRows}`);
  }
  const { headers, rows, numeric, total } = tableRows(table, maxRows);
  const digits = headers.map((name) => digitsFor(options.digits, name));
  const align = (j: number): string => (numeric[j] ? 'right' : 'left');
  const head = headers
    .map((h, j) => `<th style="text-align:${align(j)}">${escapeHtml(h)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const cells = row.map(
        (cell, j) =>
          `<td style="text-align:${align(j)}">${escapeHtml(formatCell(cell, digits[j]))}</td>`,
      );
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption =
    options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>\n`;
  const html =
    `<table class="cl-table">\n${caption}<thead><tr>${head}</tr></thead>\n` +
    `<tbody>\n${body}${body === '' ? '' : '\n'}</tbody>\n</table>`;
  if (rows.length === total) return html;
  const note = `Showing ${formatCell(rows.length)} of ${formatCell(total)} rows.`;
  return `${html}\n<p class="cl-table-note">${note}</p>`;
}

/** Decimals for `column` under the `digits` option (default 2). */
export function digitsFor(digits: HtmlTableOptions['digits'], column: string): number {
  if (digits === undefined) return 2;
  if (typeof digits === 'number') return digits;
  return digits[column] ?? 2;
}

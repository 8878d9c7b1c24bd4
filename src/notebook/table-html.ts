/**
 * Tables for notebook outputs: the report's HTML table, cut to its first rows.
 *
 * @module
 */
import { htmlTable, type HtmlTableOptions, type TableInput } from '../report/html-table.js';

/** Rows shown by default in a notebook. */
export const DEFAULT_NOTEBOOK_ROWS = 20;

/**
 * A column table, or headers and rows, as an HTML table for a notebook output: numbers
 * formatted, cells escaped, at most `maxRows` rows (default 20) with a note giving the total.
 */
export function tableHtml(table: TableInput, options: HtmlTableOptions = {}): string {
  return htmlTable(table, { ...options, maxRows: options.maxRows ?? DEFAULT_NOTEBOOK_ROWS });
}

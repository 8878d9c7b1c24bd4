/**
 * `show(x)`: a figure or a table as rich output in a tslab notebook, as text elsewhere.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  figureTitle,
  isPlotlyFigure,
  traceTypes,
  type PlotlyFigureLike,
} from '../report/figure.js';
import {
  digitsFor,
  tableRows,
  type HtmlTableOptions,
  type TableInput,
} from '../report/html-table.js';
import { formatCell, formatTextTable } from '../util/text-table.js';
import { figureHtml, type FigureHtmlOptions } from './figure-html.js';
import { DEFAULT_NOTEBOOK_ROWS, tableHtml } from './table-html.js';
import { tslabDisplay, type HtmlDisplay } from './tslab.js';

/** Options of {@link show}. */
export interface ShowOptions extends FigureHtmlOptions, HtmlTableOptions {
  /** Where HTML goes; default: tslab's `display` when running in tslab, else text is printed. */
  readonly display?: HtmlDisplay;
  /** Where the text fallback goes; default `console.log`. */
  readonly print?: (text: string) => void;
}

/**
 * Shows a Plotly figure or a table (column table, or headers and rows). In a tslab kernel
 * (or with `display`) it is displayed as HTML ({@link figureHtml} / {@link tableHtml}, at
 * most `maxRows` rows, default 20); elsewhere a text rendering is printed: the table's first
 * rows aligned, or a one-line description of the figure.
 */
export function show(value: PlotlyFigureLike | TableInput, options: ShowOptions = {}): void {
  const figure = isPlotlyFigure(value);
  if (!figure && (typeof value !== 'object' || value === null)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `show() takes a Plotly figure ({data, layout}) or a table, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const display = options.display ?? tslabDisplay();
  if (display !== undefined) {
    display.html(figure ? figureHtml(value, options) : tableHtml(value as TableInput, options));
    return;
  }
  const print = options.print ?? ((text: string) => console.log(text));
  print(figure ? figureText(value) : tableText(value as TableInput, options));
}

/** One line describing a figure, for outputs that cannot show HTML. */
export function figureText(figure: PlotlyFigureLike): string {
  const title = figureTitle(figure);
  const types = traceTypes(figure);
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  const kinds = [...counts].map(([type, n]) => (n > 1 ? `${n} ${type}` : type)).join(', ');
  const named = title === undefined ? 'Plotly figure' : `Plotly figure "${title}"`;
  const traces = `${types.length} trace${types.length === 1 ? '' : 's'}`;
  return `${named}: ${traces}${kinds === '' ? '' : ` (${kinds})`}; shown as a plot in a tslab notebook`;
}

/** A table's first `maxRows` rows (default 20) as aligned text, with the total when cut. */
export function tableText(table: TableInput, options: HtmlTableOptions = {}): string {
  const maxRows = options.maxRows ?? DEFAULT_NOTEBOOK_ROWS;
  const { headers, rows, numeric, total } = tableRows(table, maxRows);
  // Numbers formatted here, per column, as in the HTML table.
  const digits = headers.map((name) => digitsFor(options.digits, name));
  const cells = rows.map((row) =>
    row.map((cell, j) => (typeof cell === 'number' ? formatCell(cell, digits[j]) : cell)),
  );
  const text = formatTextTable(headers, cells, 2, numeric);
  if (rows.length === total) return text;
  return `${text}\n(showing ${formatCell(rows.length)} of ${formatCell(total)} rows)`;
}

/**
 * Display helpers for tslab notebooks: Plotly figures (plotly.js inlined, offline) and tables
 * as HTML outputs, with a text fallback outside a notebook.
 *
 * @module
 */
export { figureHtml, type FigureHtmlOptions } from './figure-html.js';
export { plotlyLoaderHtml, resetNotebookPlotly } from './plotly-loader.js';
export { DEFAULT_NOTEBOOK_ROWS, tableHtml } from './table-html.js';
export { figureText, show, tableText, type ShowOptions } from './show.js';
export { tslabDisplay, tslabNewDisplay, type HtmlDisplay } from './tslab.js';
export { NotebookProgress, notebookProgress, type NotebookProgressOptions } from './progress.js';

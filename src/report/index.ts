/**
 * Self-contained HTML reports (plotly.js inlined, opens offline), HTML tables, and PNG export
 * of figures and reports through headless Chromium.
 *
 * @module
 */
export {
  DEFAULT_PLOTLY_CONFIG,
  figureTitle,
  isPlotlyFigure,
  traceTypes,
  type PlotlyFigureLike,
} from './figure.js';
export { escapeHtml, jsonForScript, scriptSafe } from './html-escape.js';
export {
  htmlTable,
  isTableRows,
  type HtmlTableOptions,
  type TableInput,
  type TableRows,
} from './html-table.js';
export { htmlReport } from './html-report.js';
export type {
  FigureBlock,
  HtmlReportOptions,
  ReportBlock,
  ReportSection,
  SummaryItem,
  TableBlock,
  TextBlock,
} from './report-types.js';
export { writeHtmlReport } from './write-html-report.js';
export { plotlyBundlePath, plotlyVersion } from './plotly-source.js';
export {
  CHROMIUM_CANDIDATES,
  CHROMIUM_FLAGS,
  findChromium,
  type ChromiumOptions,
} from './chromium.js';
export {
  figureToPng,
  PngExporter,
  reportScreenshot,
  type FigurePngOptions,
  type PngResult,
  type ScreenshotOptions,
} from './png-export.js';

/**
 * The report's stylesheet, inlined in its `<head>`: readable on screen and in print, no web
 * fonts (the report must open offline).
 *
 * @module
 */

/** CSS of the HTML report. */
export const REPORT_CSS = `
:root { --fg: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --accent: #2457a6; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.cl-page { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 28px; }
.cl-subtitle { margin: 0 0 8px; color: var(--muted); font-size: 17px; }
.cl-meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 8px 0 0; color: var(--muted); font-size: 13px; }
.cl-meta div { display: flex; gap: 6px; }
.cl-meta dt { font-weight: 600; }
.cl-meta dd { margin: 0; }
nav.cl-toc { margin: 20px 0; padding: 12px 18px; background: var(--band); border-radius: 6px; }
nav.cl-toc h2 { margin: 0 0 6px; font-size: 15px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
nav.cl-toc ol { margin: 0; padding-left: 22px; }
nav.cl-toc a { color: var(--accent); text-decoration: none; }
nav.cl-toc a:hover { text-decoration: underline; }
section { margin-top: 32px; }
section h2 { font-size: 21px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
p { max-width: 80ch; }
.cl-table-wrap { overflow-x: auto; margin: 12px 0; }
table.cl-table { border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
table.cl-table caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
table.cl-table th, table.cl-table td { padding: 4px 10px; border-bottom: 1px solid var(--rule); white-space: nowrap; }
table.cl-table thead th { border-bottom: 2px solid var(--fg); }
table.cl-table tbody tr:nth-child(even) { background: var(--band); }
.cl-table-note { color: var(--muted); font-size: 13px; margin-top: 4px; }
.cl-summary table.cl-table { font-size: 15px; }
figure.cl-figure-box { margin: 16px 0; }
figure.cl-figure-box figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.cl-figure { width: 100%; }
.cl-figure-error { padding: 12px; background: #fff4f4; color: #a61b1b; border: 1px solid #f5c2c2; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@media print { nav.cl-toc { display: none; } section { break-inside: avoid-page; } }
`;

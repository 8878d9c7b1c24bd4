/**
 * Notebook outputs in Chromium: the HTML of two `figureHtml` outputs placed on a page the way
 * classic Jupyter pages are (an AMD `define` from RequireJS, here a recording stand-in, and
 * CommonJS-looking `module` / `exports` globals). The first output's loader must create
 * `window.Plotly` without registering an AMD module or touching `module.exports`, restore
 * `define`, and both figures must draw. One browser launch; a missing /usr/bin/chromium
 * fails the test (never skipped).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureHtml, resetNotebookPlotly, tableHtml } from '../../src/notebook/index.js';
import { CHROMIUM_FLAGS } from '../../src/report/chromium.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [...CHROMIUM_FLAGS];

/** What RequireJS leaves on a page: a global AMD `define`; plus CommonJS-like globals. */
const NOTEBOOK_PAGE_SETUP = `<script>
  window.amdCalls = 0;
  window.define = function () { window.amdCalls++; };
  window.define.amd = { jQuery: true };
  window.originalDefine = window.define;
  window.module = { exports: {} };
  window.exports = window.module.exports;
</script>`;

let workDir: string;
let context: BrowserContext;
const errors: string[] = [];
const requests: string[] = [];
let state: {
  amdCalls: number;
  defineRestored: boolean;
  moduleExportsKeys: string[];
  plotly: string;
  figures: { plotly: boolean; traces: number; drawn: boolean }[];
  rows: number;
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium)`,
    );
  }
  workDir = mkdtempSync(join(tmpdir(), 'cohortlab-notebook-'));
  resetNotebookPlotly();
  const outputs = [
    figureHtml({ data: [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }] }),
    tableHtml({ headers: ['k', 'value'], rows: [[1, 0.5]] }),
    figureHtml({
      data: [
        { type: 'scatter', x: [1, 2], y: [3, 4] },
        { type: 'pie', labels: ['x', 'y'], values: [1, 2], domain: { x: [0.6, 1] } },
      ],
    }),
  ];
  const file = join(workDir, 'notebook.html');
  writeFileSync(
    file,
    `<!DOCTYPE html><html><head><meta charset="utf-8">${NOTEBOOK_PAGE_SETUP}</head><body>\n` +
      outputs.map((html) => `<div class="output_html">${html}</div>`).join('\n') +
      '\n</body></html>\n',
  );
  context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(
    "document.querySelectorAll('.cl-figure.js-plotly-plot .main-svg').length >= 2",
    undefined,
    { timeout: 120_000 },
  );
  state = await page.evaluate(`({
    amdCalls: window.amdCalls,
    defineRestored: window.define === window.originalDefine,
    moduleExportsKeys: Object.keys(window.module.exports),
    plotly: typeof window.Plotly.newPlot,
    figures: Array.from(document.querySelectorAll('.cl-figure')).map(function (div) {
      return {
        plotly: div.classList.contains('js-plotly-plot'),
        traces: div.data ? div.data.length : -1,
        drawn: div.querySelector('.main-svg') !== null,
      };
    }),
    rows: document.querySelectorAll('table.cl-table tbody tr').length,
  })`);
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('notebook figure outputs in a browser', () => {
  it('loads plotly.js as window.Plotly on a page with AMD and CommonJS globals', () => {
    expect(state.plotly).toBe('function');
    expect(state.amdCalls).toBe(0);
    expect(state.defineRestored).toBe(true);
    expect(state.moduleExportsKeys).toEqual([]);
  });

  it('draws every figure, the second one with the plotly.js of the first', () => {
    expect(state.figures).toEqual([
      { plotly: true, traces: 1, drawn: true },
      { plotly: true, traces: 2, drawn: true },
    ]);
    expect(state.rows).toBe(1);
  });

  it('logs no errors and requests nothing but the page itself', () => {
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });
});

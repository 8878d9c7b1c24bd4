/**
 * Opens a generated report in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core, as in CI) and checks that it works offline: every figure drawn by the
 * inlined plotly.js with all its traces, no console or page errors, no request other than
 * file://, and escaped text shown as text. Saves a screenshot to test/.artifacts/report.png.
 *
 * A missing browser fails the test (CI installs chromium); it is never skipped.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/report/index.js';
import { pngHeader } from './png.js';
import { SAMPLE_FIGURES } from './sample-figures.js';
import { CHROMIUM_FLAGS } from '../../src/report/chromium.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [...CHROMIUM_FLAGS];
const EVIL = '<script>alert(1)</script><img src=x onerror="window.__xss=1">';
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

interface FigureState {
  id: string;
  plotly: boolean;
  svg: boolean;
  canvas: boolean;
  traces: number;
  types: string[];
}

let workDir: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];
let figures: FigureState[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium)`,
    );
  }
  workDir = mkdtempSync(join(tmpdir(), 'cohortlab-browser-'));
  const reportFile = join(workDir, 'report.html');
  writeFileSync(
    reportFile,
    htmlReport({
      title: 'Browser test report',
      generatedAt: new Date('2026-11-22T12:00:00Z'),
      meta: { data: 'sample' },
      summary: { customers: 23570, revenue: 2500315.63 },
      sections: [
        {
          title: 'Tables',
          blocks: [
            { type: 'text', text: 'Class names are data and must show as text.' },
            {
              type: 'table',
              table: { class: ['Champions', EVIL], customers: new Float64Array([4334, 1]) },
            },
          ],
        },
        {
          title: 'Figures',
          blocks: SAMPLE_FIGURES.map((s) => ({
            type: 'figure',
            figure: s.figure,
            caption: s.name,
          })),
        },
        {
          title: 'Escaping in figures',
          blocks: [
            {
              type: 'figure',
              figure: {
                data: [{ type: 'bar', name: `</script>${EVIL}`, x: [EVIL, 'b'], y: [1, 2] }],
                layout: { title: { text: `</script><!--<script>${EVIL}` } },
              },
            },
          ],
        },
      ],
    }),
  );
  context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    viewport: { width: 1200, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(reportFile).href, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(
    "document.documentElement.hasAttribute('data-cohortlab-figures')",
    undefined,
    { timeout: 120_000 },
  );
  figures = await page.evaluate<FigureState[]>(`
    Array.from(document.querySelectorAll('div[data-cohortlab-figure]')).map(function (div) {
      return {
        id: div.id,
        plotly: div.classList.contains('js-plotly-plot'),
        svg: div.querySelector('svg.main-svg') !== null,
        canvas: div.querySelector('canvas') !== null,
        traces: div.data ? div.data.length : -1,
        types: div.data ? div.data.map(function (t) { return t.type; }) : [],
      };
    })`);
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('HTML report in Chromium', () => {
  it('draws every figure with all its traces', async () => {
    expect(await page.getAttribute('html', 'data-cohortlab-figures')).toBe('rendered');
    const expected = [
      ...SAMPLE_FIGURES.map((s) => ({
        traces: s.traces,
        types: s.figure.data.map((t) => (t as { type: string }).type),
      })),
      { traces: 1, types: ['bar'] },
    ];
    expect(figures.map((f) => ({ traces: f.traces, types: f.types }))).toEqual(expected);
    for (const figure of figures) {
      expect(figure.plotly, figure.id).toBe(true);
      expect(figure.svg || figure.canvas, figure.id).toBe(true);
    }
    // WebGL trace: parcoords draws on canvases.
    const parcoords = figures[SAMPLE_FIGURES.findIndex((s) => s.name === 'parcoords')];
    expect(parcoords?.canvas).toBe(true);
    // SVG traces have their marks: 4 bars, 4 pie slices, 4 sankey links.
    expect(await page.locator('#fig-2 .bars .point').count()).toBe(4);
    expect(await page.locator('#fig-7 .slice').count()).toBe(4);
    expect(await page.locator('#fig-4 .sankey-link').count()).toBe(4);
  });

  it('logs no errors and requests nothing but local files', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });

  it('shows hostile class names as text, in tables and in figures', async () => {
    expect(dialogs).toEqual([]);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('td', { hasText: 'alert(1)' }).textContent()).toBe(EVIL);
    const last = `#fig-${SAMPLE_FIGURES.length + 1}`;
    expect(await page.evaluate(`document.querySelector('${last}').data[0].x[0]`)).toBe(EVIL);
    expect(await page.evaluate(`document.querySelector('${last}').layout.title.text`)).toBe(
      `</script><!--<script>${EVIL}`,
    );
    // The page has exactly the script elements the report writes.
    expect(await page.locator('script').count()).toBe(2 + SAMPLE_FIGURES.length + 1);
  });

  it('has a working table of contents', async () => {
    const links = await page.evaluate<[string, boolean][]>(`
      Array.from(document.querySelectorAll('nav.cl-toc a')).map(function (a) {
        return [a.textContent, document.getElementById(a.hash.slice(1)) !== null];
      })`);
    expect(links).toEqual([
      ['Summary', true],
      ['Tables', true],
      ['Figures', true],
      ['Escaping in figures', true],
    ]);
  });

  it('saves a screenshot of the whole report', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    const header = pngHeader(readFileSync(file));
    expect(header.width).toBe(1200);
    expect(header.height).toBeGreaterThan(8 * 400);
  });
});

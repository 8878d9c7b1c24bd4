import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import { figureHtml, resetNotebookPlotly, tableHtml } from '../../src/notebook/index.js';

const EVIL = '</script><script>alert(1)</script>';
const plotlyFile = createRequire(import.meta.url).resolve('plotly.js-dist/plotly.js');
const BANNER = readFileSync(plotlyFile, 'utf8')
  .slice(0, 200)
  .match(/plotly\.js v[\d.]+/)?.[0];
const figure = {
  data: [{ type: 'bar', name: EVIL, x: ['a', 'b'], y: new Float64Array([1, 2]) }],
  layout: { title: { text: 'Bars' } },
};

/** How many times the plotly.js bundle occurs in `html`. */
const bundles = (html: string): number => html.split(BANNER as string).length - 1;

/** The JSON spec in a figure's drawing script. */
function spec(html: string): unknown {
  const json = /var spec = (.*);\n/.exec(html)?.[1];
  return JSON.parse(json as string);
}

beforeEach(() => resetNotebookPlotly());

describe('figureHtml', () => {
  it('ships plotly.js with the first figure of the kernel only', () => {
    expect(BANNER).toMatch(/^plotly\.js v\d/);
    const first = figureHtml(figure);
    const second = figureHtml(figure);
    expect(bundles(first)).toBe(1);
    expect(bundles(second)).toBe(0);
    expect(bundles(figureHtml(figure, { includePlotly: true }))).toBe(1);
    expect(bundles(figureHtml(figure))).toBe(0);
    resetNotebookPlotly();
    expect(bundles(figureHtml(figure, { includePlotly: false }))).toBe(0);
    expect(bundles(figureHtml(figure))).toBe(1);
  });

  it('loads plotly.js with define, module, exports and require shadowed, guarded by window.Plotly', () => {
    const html = figureHtml(figure);
    const loader = html.slice(html.indexOf('<script>'), html.indexOf(BANNER as string));
    expect(loader).toContain('if (window.Plotly) return;');
    expect(loader).toContain('window.define = undefined;');
    expect(loader).toContain('(function (define, module, exports, require) {');
    expect(html).toContain('}).call(window);');
  });

  it('draws into its own div with the figure as script-safe JSON', () => {
    const html = figureHtml(figure, { includePlotly: false });
    const id =
      /<div id="(cl-fig-[0-9a-f]+-\d+)" class="cl-figure" style="height:420px"><\/div>/.exec(
        html,
      )?.[1];
    expect(id).toBeDefined();
    expect(html).toContain(`document.getElementById('${id}')`);
    expect(html).toContain('window.Plotly.newPlot(div, spec.data, spec.layout, spec.config);');
    expect(html).not.toContain('alert(1)</script>');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(spec(html)).toEqual({
      data: [{ type: 'bar', name: EVIL, x: ['a', 'b'], y: [1, 2] }],
      layout: { title: { text: 'Bars' } },
      config: { responsive: true, displaylogo: false },
    });
    // Ids differ between figures; a layout height leaves the div unsized.
    const other = figureHtml({ data: [], layout: { height: 300 } }, { includePlotly: false });
    expect(other).toMatch(/<div id="cl-fig-[0-9a-f]+-\d+" class="cl-figure"><\/div>/);
    expect(other).not.toContain(`id="${id}"`);
    expect(figureHtml(figure, { includePlotly: false, height: 250 })).toContain(
      'style="height:250px"',
    );
  });
});

describe('tableHtml', () => {
  it('shows the first 20 rows by default, numbers formatted and cells escaped', () => {
    const n = 25;
    const html = tableHtml({
      name: Array.from({ length: n }, (_, i) => (i === 0 ? EVIL : `c${i}`)),
      revenue: new Float64Array(n).map((_, i) => 1000 * i + 0.125),
    });
    expect(html.match(/<tr>/g)).toHaveLength(21);
    expect(html).toContain('<p class="cl-table-note">Showing 20 of 25 rows.</p>');
    expect(html).toContain('<td style="text-align:right">19,000.13</td>');
    expect(html).not.toContain('<script>');
    expect(tableHtml({ headers: ['a'], rows: [[1], [2], [3]] }, { maxRows: 2 })).toContain(
      'Showing 2 of 3 rows.',
    );
  });
});

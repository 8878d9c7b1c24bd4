import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  resetNotebookPlotly,
  show,
  tableText,
  tslabDisplay,
  type HtmlDisplay,
} from '../../src/notebook/index.js';

const figure = {
  data: [
    { type: 'bar', x: ['a'], y: [1] },
    { type: 'scatter', x: [1], y: [2] },
    { x: [1], y: [3] },
  ],
  layout: { title: { text: 'Segments' } },
};
const table = {
  segment: ['Champions', 'Loyal', 'At risk'],
  customers: new Float64Array([4334, 12345, 7]),
  share: new Float64Array([0.18384, 0.5, 0.0003]),
};

/** Collects what `show` prints or displays. */
function sink(): { out: string[]; display: HtmlDisplay; print: (text: string) => void } {
  const out: string[] = [];
  return { out, display: { html: (html) => out.push(html) }, print: (text) => out.push(text) };
}

beforeEach(() => resetNotebookPlotly());

describe('show outside a notebook', () => {
  it('prints a table as aligned text, numbers formatted, cut to maxRows', () => {
    const { out, print } = sink();
    show(table, { print });
    expect(out).toEqual([
      [
        'segment    customers  share',
        '─────────  ─────────  ─────',
        'Champions      4,334   0.18',
        'Loyal         12,345   0.50',
        'At risk            7   0.00',
      ].join('\n'),
    ]);
    expect(tableText(table, { maxRows: 1, digits: { share: 4 } })).toBe(
      [
        'segment    customers   share',
        '─────────  ─────────  ──────',
        'Champions      4,334  0.1838',
        '(showing 1 of 3 rows)',
      ].join('\n'),
    );
  });

  it('prints one line describing a figure', () => {
    const { out, print } = sink();
    show(figure, { print });
    expect(out).toEqual([
      'Plotly figure "Segments": 3 traces (bar, 2 scatter); shown as a plot in a tslab notebook',
    ]);
  });

  it('rejects what is neither a figure nor a table', () => {
    expect(() => show(42 as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('show with a display', () => {
  it('displays figures and tables as HTML', () => {
    const { out, display } = sink();
    show(figure, { display });
    show(figure, { display });
    show(table, { display, maxRows: 2 });
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('plotly.js v');
    expect(out[0]).toContain('window.Plotly.newPlot(');
    expect(out[1]).not.toContain('plotly.js v');
    expect(out[2]).toContain('<td style="text-align:left">Champions</td>');
    expect(out[2]).toContain('Showing 2 of 3 rows.');
  });
});

describe('show in a tslab kernel', () => {
  // tslab's own modules, loaded with Node's require as the kernel does: the kernel sets
  // `jupyter.lastWriteDisplayData` while a cell runs, and `display` sends through it.
  const nodeRequire = createRequire(import.meta.url);
  const dist = path.join(path.dirname(nodeRequire.resolve('tslab/package.json')), 'dist');
  const jupyter = nodeRequire(path.join(dist, 'jupyter.js')) as {
    lastWriteDisplayData: ((data: { data: Record<string, unknown> }) => void) | null;
  };
  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
  });

  it('finds no display before the kernel runs a cell, then tslab’s own', () => {
    expect(tslabDisplay()).toBeUndefined();
    const shown: Record<string, unknown>[] = [];
    jupyter.lastWriteDisplayData = (data) => shown.push(data.data);
    const display = tslabDisplay();
    const tslab = nodeRequire(path.join(dist, 'public.js')) as { display: HtmlDisplay };
    expect(display).toBe(tslab.display);

    show(table);
    show(figure);
    expect(shown).toHaveLength(2);
    expect(Object.keys(shown[0] as object)).toEqual(['text/html']);
    expect(shown[0]?.['text/html']).toContain('<td style="text-align:right">12,345</td>');
    expect(shown[1]?.['text/html']).toContain('window.Plotly.newPlot(');
  });
});

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  htmlReport,
  plotlyVersion,
  writeHtmlReport,
  type HtmlReportOptions,
} from '../../src/report/index.js';
import { SAMPLE_FIGURES } from './sample-figures.js';

const EVIL = '<script>alert(1)</script>';
const BREAKOUT = '</script><script>alert(2)</script><!--';
const plotlyFile = createRequire(import.meta.url).resolve('plotly.js-dist/plotly.js');
const PLOTLY_BANNER = `plotly.js v${JSON.parse(readFileSync(join(plotlyFile, '..', 'package.json'), 'utf8')).version}`;

const options: HtmlReportOptions = {
  title: 'Segments & <clusters>',
  subtitle: 'CDNOW, as of 1998-07-01',
  generatedAt: new Date('2026-11-22T10:30:00Z'),
  meta: { data: 'data/cdnow_master.txt', seed: 42, 'as of': '1998-07-01' },
  summary: [
    { label: 'customers', value: 23570 },
    { label: 'revenue', value: 2500315.628, note: 'before as-of' },
    { label: EVIL, value: 'k = 4' },
  ],
  sections: [
    {
      title: 'Classes',
      blocks: [
        { type: 'text', text: 'First paragraph\ncontinues.\n\nSecond <b>paragraph</b>.' },
        {
          type: 'table',
          caption: 'RFM segments',
          table: {
            class: ['Champions', EVIL],
            customers: new Float64Array([4334, 12]),
            share: new Float64Array([0.18384, 0.0005]),
          },
          digits: { share: 3 },
        },
      ],
    },
    {
      title: 'Clusters',
      blocks: [
        {
          type: 'figure',
          caption: 'Recency',
          figure: {
            data: [{ type: 'bar', name: BREAKOUT, x: [EVIL, 'b'], y: new Float64Array([1, 2]) }],
            layout: { title: { text: BREAKOUT } },
          },
        },
        { type: 'text', text: ['Only one', 'paragraph each.'] },
        {
          type: 'table',
          table: {
            headers: ['k', 'silhouette'],
            rows: [
              [2, 0.41234],
              [3, 0.5],
            ],
          },
        },
      ],
    },
    {
      title: 'Clusters',
      blocks: SAMPLE_FIGURES.map((s) => ({ type: 'figure', figure: s.figure })),
    },
  ],
};
const html = htmlReport(options);
const plotlyStart = html.indexOf(PLOTLY_BANNER);
/** The report without the inlined plotly.js (from its <script> to the next </script>). */
const page = (() => {
  const open = html.lastIndexOf('<script>', plotlyStart);
  const close = html.indexOf('</script>', plotlyStart);
  return html.slice(0, open) + '<script>PLOTLY' + html.slice(close);
})();

describe('htmlReport', () => {
  it('inlines plotly.js exactly once, unchanged apart from script escaping', () => {
    expect(plotlyStart).toBeGreaterThan(0);
    expect(html.indexOf(PLOTLY_BANNER, plotlyStart + 1)).toBe(-1);
    const source = readFileSync(plotlyFile, 'utf8');
    expect(html).toContain(source.slice(0, 2000));
    expect(html).toContain(source.slice(-2000));
    expect(html.length).toBeGreaterThan(source.length);
    expect(plotlyVersion()).toBe(PLOTLY_BANNER.slice('plotly.js v'.length));
  });

  it('loads nothing from the network', () => {
    expect(page).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).toContain(`content="default-src 'none';`);
  });

  it('escapes text so that no markup or script can be injected', () => {
    // Script elements: plotly.js, the renderer, and one JSON spec per figure; nothing else.
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    const figures = 1 + SAMPLE_FIGURES.length;
    expect(scripts.filter((s) => s === '<script>')).toHaveLength(2);
    expect(scripts.filter((s) => s.startsWith('<script type="application/json"'))).toHaveLength(
      figures,
    );
    expect(scripts).toHaveLength(2 + figures);
    expect(page).not.toContain('alert(1)</script>');
    expect(page).not.toContain('<b>');
    expect(page).toContain('<h1>Segments &amp; &lt;clusters&gt;</h1>');
    expect(page).toContain('<title>Segments &amp; &lt;clusters&gt;</title>');
    expect(page).toContain(
      '<td style="text-align:left">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
    );
    expect(page).toContain('<p>Second &lt;b&gt;paragraph&lt;/b&gt;.</p>');
  });

  it('embeds figure JSON that cannot end its script element and parses back to the figure', () => {
    const specs = [
      ...page.matchAll(/<script type="application\/json" id="(fig-\d+)-spec">(.*?)<\/script>/g),
    ];
    expect(specs.map((m) => m[1])).toEqual(
      Array.from({ length: 1 + SAMPLE_FIGURES.length }, (_, i) => `fig-${i + 1}`),
    );
    const first = JSON.parse(specs[0]?.[2] as string);
    expect(first).toEqual({
      data: [{ type: 'bar', name: BREAKOUT, x: [EVIL, 'b'], y: [1, 2] }],
      layout: { title: { text: BREAKOUT } },
      config: { responsive: true, displaylogo: false },
    });
    for (const [i, sample] of SAMPLE_FIGURES.entries()) {
      const spec = JSON.parse(specs[i + 1]?.[2] as string);
      expect(spec.data).toHaveLength(sample.traces);
      expect(spec.data).toEqual(JSON.parse(JSON.stringify(sample.figure.data, typedToArray)));
    }
    // Every figure div points at its spec; a layout with a height leaves the div unsized.
    expect(page).toContain(
      '<div class="cl-figure" id="fig-1" data-cohortlab-figure="fig-1-spec" style="height:420px"></div>',
    );
    expect(page).toContain(
      `<div class="cl-figure" id="fig-${SAMPLE_FIGURES.length + 1}" data-cohortlab-figure="fig-${SAMPLE_FIGURES.length + 1}-spec"></div>`,
    );
  });

  it('has the header, a table of contents, the summary and every section in order', () => {
    expect(page).toContain('<time datetime="2026-11-22T10:30:00.000Z">2026-11-22 10:30 UTC</time>');
    expect(page).toContain('<div><dt>seed</dt><dd>42</dd></div>');
    expect(page).toContain('<div><dt>data</dt><dd>data/cdnow_master.txt</dd></div>');
    expect(page).toContain('<p class="cl-subtitle">CDNOW, as of 1998-07-01</p>');
    const toc = [...page.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(toc).toEqual([
      ['summary', 'Summary'],
      ['sec-classes', 'Classes'],
      ['sec-clusters', 'Clusters'],
      ['sec-clusters-2', 'Clusters'],
    ]);
    const sectionIds = [...page.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    expect(sectionIds).toEqual(toc.map((t) => t[0]));
    expect(page.match(/<table class="cl-table">/g)).toHaveLength(3);
    expect(page).toContain('<p>First paragraph continues.</p>');
    expect(page).toContain('<p>Only one</p>\n<p>paragraph each.</p>');
    expect(page).toContain('<caption>RFM segments</caption>');
    expect(page).toContain('<figcaption>Recency</figcaption>');
  });

  it('formats numbers in the summary and the tables', () => {
    expect(page).toContain(
      '<tr><td style="text-align:left">customers</td><td style="text-align:left">23,570</td><td style="text-align:left"></td></tr>',
    );
    expect(page).toContain('<td style="text-align:left">2,500,315.63</td>');
    expect(page).toContain('<td style="text-align:left">before as-of</td>');
    // Column table: integers with separators, `share` with 3 decimals.
    expect(page).toContain(
      '<tr><td style="text-align:left">Champions</td><td style="text-align:right">4,334</td><td style="text-align:right">0.184</td></tr>',
    );
    expect(page).toContain('<td style="text-align:right">0.001</td>');
    // Rows table: default 2 decimals.
    expect(page).toContain(
      '<tr><td style="text-align:right">2</td><td style="text-align:right">0.41</td></tr>',
    );
  });

  it('leaves plotly.js out of a report without figures and validates its options', () => {
    const plain = htmlReport({ title: 'T', sections: [{ title: 'S', blocks: [] }] });
    expect(plain).not.toContain(PLOTLY_BANNER);
    expect(plain).not.toContain('<script');
    expect(plain.length).toBeLessThan(20_000);
    expect(() => htmlReport({ title: ' ', sections: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    expect(() => htmlReport({ title: 'T', sections: [], generatedAt: new Date('nope') })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

describe('writeHtmlReport', () => {
  it('writes the report atomically and refuses to overwrite without force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-report-'));
    const file = join(dir, 'out', 'report.html');
    const small: HtmlReportOptions = {
      title: 'Small',
      generatedAt: new Date('2026-01-01T00:00:00Z'),
      summary: { customers: 3 },
      sections: [],
    };
    const bytes = writeHtmlReport(file, small);
    expect(readFileSync(file, 'utf8')).toBe(htmlReport(small));
    expect(statSync(file).size).toBe(bytes);
    expect(() => writeHtmlReport(file, small)).toThrow(
      expect.objectContaining({ code: 'OUTPUT_EXISTS', file }),
    );
    writeHtmlReport(file, { ...small, title: 'Replaced' }, { force: true });
    expect(readFileSync(file, 'utf8')).toContain('<h1>Replaced</h1>');
  });
});

function typedToArray(_key: string, value: unknown): unknown {
  return value instanceof Float64Array ? Array.from(value) : value;
}

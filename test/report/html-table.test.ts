import { describe, expect, it } from 'vitest';
import { htmlTable } from '../../src/report/index.js';

/** The text of every `<td>` / `<th>` of a table, row by row, entities decoded. */
function cells(html: string): string[][] {
  const decode = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) =>
      decode(c[1] as string),
    ),
  );
}

describe('htmlTable', () => {
  it('formats numbers (separators, decimals, missing as empty) and aligns numeric columns', () => {
    const html = htmlTable({
      segment: ['Champions', 'Loyal', null],
      customers: new Float64Array([23570, 4334, NaN]),
      revenue: new Float64Array([2500315.628, 1318289.871, -0.5]),
    });
    expect(cells(html)).toEqual([
      ['segment', 'customers', 'revenue'],
      ['Champions', '23,570', '2,500,315.63'],
      ['Loyal', '4,334', '1,318,289.87'],
      ['', '', '-0.50'],
    ]);
    expect(html).toContain('<th style="text-align:left">segment</th>');
    expect(html).toContain('<th style="text-align:right">customers</th>');
    expect(html).toContain('<td style="text-align:right">2,500,315.63</td>');
    expect(html).not.toContain('cl-table-note');
  });

  it('takes headers and rows, decimals per column, and escapes every header and cell', () => {
    const html = htmlTable(
      {
        headers: ['class <b>', 'share', 'mean'],
        rows: [
          ['<script>alert(1)</script>', 0.12345, 1.5],
          ['a & "b"', 1, 2.25],
        ],
      },
      { digits: { share: 3 }, caption: 'Caption <i>' },
    );
    expect(cells(html)).toEqual([
      ['class <b>', 'share', 'mean'],
      ['<script>alert(1)</script>', '0.123', '1.50'],
      ['a & "b"', '1', '2.25'],
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<caption>Caption &lt;i&gt;</caption>');
  });

  it('shows at most maxRows rows and says how many there are', () => {
    const html = htmlTable({ n: new Float64Array(1234).map((_, i) => i) }, { maxRows: 3 });
    expect(cells(html)).toEqual([['n'], ['0'], ['1'], ['2']]);
    expect(html).toContain('<p class="cl-table-note">Showing 3 of 1,234 rows.</p>');
  });

  it('rejects rows of the wrong length and a negative maxRows', () => {
    expect(() => htmlTable({ headers: ['a', 'b'], rows: [[1]] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', row: 1 }),
    );
    expect(() => htmlTable({ a: new Float64Array(1) }, { maxRows: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

/**
 * Reading what an executed notebook showed: the Plotly figures embedded by `show(figure)`, the
 * body cells of HTML tables, and small counting helpers shared by the per-notebook checks.
 */
import { expect } from 'vitest';

/** The parts of a Plotly trace the checks read. */
export interface Trace {
  type: string;
  name?: string;
  x?: unknown[];
  y?: unknown[];
  z?: number[][];
  marker?: { symbol?: string | string[] };
  link?: { source: number[]; target: number[]; value: number[] };
  node?: { label: string[] };
  dimensions?: { label: string; values: number[] }[];
  cells?: { values: unknown[][] };
}

/** The Plotly figures displayed (figureHtml embeds each as `var spec = {…};`), in order. */
export function figuresOf(html: readonly string[]): Trace[][] {
  return html.flatMap((h) => {
    const match = /var spec = (\{"data".*\});\n/.exec(h);
    return match === null ? [] : [(JSON.parse(match[1] as string) as { data: Trace[] }).data];
  });
}

/** The notebook's first figure output carries plotly.js, so its executed copy draws offline. */
export function expectPlotlyShipped(html: readonly string[]): void {
  const figures = html.filter((h) => h.includes('var spec = '));
  expect(figures[0]).toContain('if (window.Plotly) return;');
  expect(figures.slice(1).filter((h) => h.includes('if (window.Plotly) return;'))).toEqual([]);
}

/** The body cells of an HTML table, unescaped, row by row. */
export function bodyRows(table: string): string[][] {
  const body = table.slice(table.indexOf('<tbody>'));
  const unescape = (s: string): string =>
    s
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) =>
      unescape(cell[1] as string),
    ),
  );
}

/** How often each value occurs. */
export function countBy<T>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** The HTML tables displayed, in order. */
export function tablesOf(html: readonly string[]): string[] {
  return html.filter((h) => h.startsWith('<table'));
}

/** The header cells of an HTML table, unescaped. */
export function headerCells(table: string): string[] {
  const head = /<thead>(.*?)<\/thead>/s.exec(table)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((cell) =>
    (cell[1] as string)
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

/** Shared helpers of the plot tests. */
import { expect } from 'vitest';
import type { PlotlyFigure, PlotlyTrace } from '../../src/plot/index.js';

/** The trace types of a figure, in order. */
export function types(figure: PlotlyFigure): string[] {
  return figure.data.map((t) => t.type);
}

/** The trace interface whose `type` admits T (ScatterTrace serves 'scatter' and 'scattergl'). */
type TraceOfType<T extends PlotlyTrace['type'], U = PlotlyTrace> = U extends { type: infer K }
  ? T extends K
    ? U
    : never
  : never;

/** Narrows a trace to a type, failing the test otherwise. */
export function traceOf<T extends PlotlyTrace['type']>(
  figure: PlotlyFigure,
  index: number,
  type: T,
): TraceOfType<T> {
  const trace = figure.data[index];
  expect(trace?.type).toBe(type);
  return trace as TraceOfType<T>;
}

/** Figures must be plain JSON that references nothing online (offline reports). */
export function expectOfflineJson(figure: PlotlyFigure): void {
  const text = JSON.stringify(figure);
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(figure)));
  expect(text).not.toMatch(/https?:\/\/|fonts\.googleapis|cdn\./i);
  expect(text).not.toContain('{"0":'); // a typed array would serialise as an object
}

/** A layout field as a record. */
export function field(figure: PlotlyFigure, key: string): Record<string, unknown> {
  return figure.layout[key] as Record<string, unknown>;
}

/**
 * The shape of a Plotly figure as the report and notebook helpers need it. Declared here
 * structurally, so that any `{ data, layout }` object (the figure builders in src/plot, or a
 * literal written in a notebook) can be rendered without a dependency on plotly.js's types.
 *
 * @module
 */

/** A Plotly figure: traces and an optional layout (and optional per-figure config). */
export interface PlotlyFigureLike {
  /** The traces, each a plain object with a `type` (scatter, bar, heatmap, …). */
  readonly data: readonly object[];
  /** Plotly layout (title, axes, size, …). */
  readonly layout?: object;
  /** Plotly config merged over the defaults (`responsive`, no Plotly logo). */
  readonly config?: object;
}

/** The config every rendered figure gets; a figure's own `config` is merged over it. */
export const DEFAULT_PLOTLY_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  responsive: true,
  displaylogo: false,
});

/** True when `value` looks like a Plotly figure: an object whose `data` is an array. */
export function isPlotlyFigure(value: unknown): value is PlotlyFigureLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { data?: unknown }).data) &&
    !ArrayBuffer.isView((value as { data?: unknown }).data)
  );
}

/** The trace types of a figure, in order (`scatter` where a trace names none, as Plotly does). */
export function traceTypes(figure: PlotlyFigureLike): string[] {
  return figure.data.map((trace) => {
    const type = (trace as { type?: unknown }).type;
    return typeof type === 'string' ? type : 'scatter';
  });
}

/** The layout's title text, when it has one (a string or `{ text }`). */
export function figureTitle(figure: PlotlyFigureLike): string | undefined {
  const title = (figure.layout as { title?: unknown } | undefined)?.title;
  if (typeof title === 'string') return title;
  if (typeof title === 'object' && title !== null) {
    const text = (title as { text?: unknown }).text;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

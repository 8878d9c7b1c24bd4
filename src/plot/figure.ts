/**
 * The Plotly figure types the builders in this folder return, and the layout defaults they
 * share. Declared here (not imported from plotly.js) so building a figure needs no browser
 * library: a figure is plain JSON, rendered later by the report or a notebook.
 *
 * @module
 */

/** A cell value of a data array: Plotly draws `null` as a gap. */
export type PlotValue = number | string | null;

/** Fields every trace may carry. */
export interface TraceBase {
  /** Legend entry and hover name. */
  readonly name?: string;
  readonly showlegend?: boolean;
  /** Traces with the same group toggle together in the legend. */
  readonly legendgroup?: string;
  readonly hovertemplate?: string;
  readonly hoverinfo?: string;
  /** Extra values per point for the hover template (`%{customdata[0]}`). */
  readonly customdata?: readonly (readonly PlotValue[])[] | readonly PlotValue[];
  readonly text?: readonly (readonly string[])[] | readonly string[] | string;
  /** Subplot axes (`x2`, `y2`, …); default the first. */
  readonly xaxis?: string;
  readonly yaxis?: string;
  readonly visible?: boolean | 'legendonly';
  readonly opacity?: number;
}

/** Marker style of scatter and bar traces; arrays give one value per point. */
export interface Marker {
  readonly color?: string | readonly string[] | readonly number[];
  readonly size?: number | readonly number[];
  readonly symbol?: string | readonly string[];
  readonly opacity?: number;
  readonly line?: { readonly color?: string; readonly width?: number };
  readonly sizemode?: 'diameter' | 'area';
  readonly colorscale?: string | readonly (readonly [number, string])[];
  readonly showscale?: boolean;
}

/** Error bars. */
export interface ErrorBars {
  readonly type: 'data';
  readonly array: readonly PlotValue[];
  readonly visible: boolean;
}

/** `scatter` / `scattergl`: lines and markers in x–y. */
export interface ScatterTrace extends TraceBase {
  readonly type: 'scatter' | 'scattergl';
  readonly x: readonly PlotValue[];
  readonly y: readonly PlotValue[];
  readonly mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text' | 'lines+text';
  readonly marker?: Marker;
  readonly line?: { readonly color?: string; readonly width?: number; readonly dash?: string };
  readonly error_y?: ErrorBars;
  readonly textposition?: string;
  readonly fill?: 'none' | 'tozeroy' | 'tozerox' | 'toself';
}

/** `bar`: vertical (`v`) or horizontal (`h`) bars. */
export interface BarTrace extends TraceBase {
  readonly type: 'bar';
  readonly x: readonly PlotValue[];
  readonly y: readonly PlotValue[];
  readonly orientation?: 'v' | 'h';
  readonly marker?: Marker;
  /** Bar thickness in axis units. */
  readonly width?: number | readonly number[];
  readonly textposition?: string;
}

/** `heatmap`: `z[row][column]`, rows along y. */
export interface HeatmapTrace extends TraceBase {
  readonly type: 'heatmap';
  readonly x: readonly PlotValue[];
  readonly y: readonly PlotValue[];
  readonly z: readonly (readonly PlotValue[])[];
  readonly colorscale?: string | readonly (readonly [number, string])[];
  readonly zmid?: number;
  readonly zmin?: number;
  readonly zmax?: number;
  readonly texttemplate?: string;
  readonly showscale?: boolean;
  readonly colorbar?: Readonly<Record<string, unknown>>;
  readonly xgap?: number;
  readonly ygap?: number;
}

/** `sankey`: flows from node to node. */
export interface SankeyTrace extends TraceBase {
  readonly type: 'sankey';
  readonly arrangement?: 'snap' | 'perpendicular' | 'freeform' | 'fixed';
  readonly node: {
    readonly label: readonly string[];
    readonly color: readonly string[];
    readonly pad?: number;
    readonly thickness?: number;
    readonly x?: readonly number[];
    readonly y?: readonly number[];
    readonly customdata?: readonly PlotValue[];
    readonly hovertemplate?: string;
  };
  readonly link: {
    readonly source: readonly number[];
    readonly target: readonly number[];
    readonly value: readonly number[];
    readonly color: readonly string[];
    readonly customdata?: readonly PlotValue[];
    readonly hovertemplate?: string;
  };
}

/** `scatterpolar`: radar / spider lines. */
export interface ScatterPolarTrace extends TraceBase {
  readonly type: 'scatterpolar';
  readonly r: readonly PlotValue[];
  readonly theta: readonly string[];
  readonly fill?: 'none' | 'toself';
  readonly mode?: 'lines' | 'markers' | 'lines+markers';
  readonly line?: { readonly color?: string; readonly width?: number };
  readonly marker?: Marker;
}

/** One axis of a parallel-coordinates plot. */
export interface ParcoordsDimension {
  readonly label: string;
  readonly values: readonly number[];
  readonly range?: readonly [number, number];
  readonly tickformat?: string;
}

/** `parcoords`: one polyline per record across the dimensions. */
export interface ParcoordsTrace extends TraceBase {
  readonly type: 'parcoords';
  readonly dimensions: readonly ParcoordsDimension[];
  readonly line: {
    readonly color: readonly number[];
    readonly colorscale: readonly (readonly [number, string])[];
    readonly cmin?: number;
    readonly cmax?: number;
    readonly showscale?: boolean;
  };
}

/** `table`: a header row and columns of cells. */
export interface TableTrace extends TraceBase {
  readonly type: 'table';
  /** Column widths, relative. */
  readonly columnwidth?: readonly number[];
  readonly header: {
    readonly values: readonly string[];
    readonly align?: string | readonly string[];
    readonly fill?: { readonly color: string };
    readonly font?: Readonly<Record<string, unknown>>;
  };
  readonly cells: {
    /** One array per column. */
    readonly values: readonly (readonly PlotValue[])[];
    readonly align?: string | readonly string[];
    /** A colour per column, or per column per row. */
    readonly fill?: { readonly color: string | readonly (string | readonly string[])[] };
    readonly height?: number;
  };
}

/** Every trace type the builders produce. */
export type PlotlyTrace =
  | ScatterTrace
  | BarTrace
  | HeatmapTrace
  | SankeyTrace
  | ScatterPolarTrace
  | ParcoordsTrace
  | TableTrace;

/** A Plotly figure as plain JSON: `Plotly.newPlot(div, figure.data, figure.layout)`. */
export interface PlotlyFigure {
  readonly data: PlotlyTrace[];
  readonly layout: Record<string, unknown>;
}

/**
 * System font stack: figures must render offline, so no web font is referenced (Plotly
 * falls back through the list to whatever the viewer's machine has).
 */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Layout defaults of every figure: title, system fonts, white background, margins. */
export function baseLayout(
  title: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: 'left' },
    font: { family: FONT_FAMILY, size: 13 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    margin: { l: 70, r: 30, t: 60, b: 60 },
    hovermode: 'closest',
    ...extra,
  };
}

/** An axis with a title and light grid lines. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title },
    gridcolor: '#e5e5e5',
    zerolinecolor: '#c8c8c8',
    automargin: true,
    ...extra,
  };
}

/** A dashed vertical line at `x` across the full height of the given axes' plot area. */
export function verticalLine(
  x: number,
  color = '#444444',
  xref = 'x',
  yref = 'y',
): Record<string, unknown> {
  return {
    type: 'line',
    xref,
    yref: `${yref} domain`,
    x0: x,
    x1: x,
    y0: 0,
    y1: 1,
    line: { color, width: 1.5, dash: 'dash' },
  };
}

/** `value` as a percentage with `digits` decimals: 0.4567 → "45.7%". */
export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/** A number for display: thousands separators, at most `digits` decimals. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * The cluster-quality measures of `chooseK` against k, one panel per measure.
 *
 * @module
 */
import type { ChooseKResult, ChooseKRow } from '../cluster/choose-k.js';
import { axis, baseLayout, verticalLine, type PlotlyFigure, type ScatterTrace } from './figure.js';
import { CHOSEN_K_COLOR } from './elbow.js';

/** Options of {@link metricsByKFigure}. */
export interface MetricsByKFigureOptions {
  /** The result of `chooseK` (only `rows` and `k` are read). */
  readonly result: Pick<ChooseKResult, 'rows' | 'k'>;
  readonly title?: string;
}

/** One panel: which measure, how it is read, and its error bar column if any. */
interface Panel {
  readonly key: Exclude<keyof ChooseKRow, 'smallestCluster'>;
  readonly title: string;
  readonly error?: Exclude<keyof ChooseKRow, 'smallestCluster'>;
}

/** The panels, in order; a measure that is NaN for every k (skipped by chooseK) is left out. */
export const METRIC_PANELS: readonly Panel[] = [
  { key: 'silhouette', title: 'silhouette (higher is better)' },
  { key: 'calinskiHarabasz', title: 'Calinski–Harabasz (higher is better)' },
  { key: 'daviesBouldin', title: 'Davies–Bouldin (lower is better)' },
  { key: 'gap', title: 'gap statistic ± s_k', error: 'gapSk' },
  { key: 'stability', title: 'bootstrap stability (mean ARI ± sd)', error: 'stabilityStd' },
];

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Silhouette, Calinski–Harabasz, Davies–Bouldin, gap (error bars s_k) and stability (error
 * bars: bootstrap sd) against k, stacked in panels that share the k axis; a dashed red line
 * marks the chosen k in every panel. One trace per panel, on axes x/y, x2/y2, …; NaN values
 * become gaps (`null`).
 */
export function metricsByKFigure(options: MetricsByKFigureOptions): PlotlyFigure {
  const { rows, k: chosen } = options.result;
  const ks = rows.map((r) => r.k);
  const panels = METRIC_PANELS.filter((p) => rows.some((r) => Number.isFinite(r[p.key])));
  const n = panels.length;
  const gap = 0.06;
  const height = (1 - gap * (n - 1)) / n;
  const layoutAxes: Record<string, unknown> = {};
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const data: ScatterTrace[] = panels.map((panel, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const top = 1 - i * (height + gap);
    layoutAxes[`xaxis${suffix}`] = axis(i === n - 1 ? 'number of clusters k' : '', {
      dtick: 1,
      anchor: `y${suffix}`,
      ...(i === n - 1 ? {} : { matches: 'x', showticklabels: false }),
    });
    layoutAxes[`yaxis${suffix}`] = axis('', { domain: [top - height, top], anchor: `x${suffix}` });
    shapes.push(verticalLine(chosen, CHOSEN_K_COLOR, `x${suffix}`, `y${suffix}`));
    annotations.push({
      text: panel.title,
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: top,
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 12 },
    });
    const errorKey = panel.error;
    const trace: ScatterTrace = {
      type: 'scatter',
      mode: 'lines+markers',
      name: panel.key,
      showlegend: false,
      x: ks,
      y: rows.map((r) => finiteOrNull(r[panel.key])),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      line: { color: '#4e79a7', width: 2 },
      marker: {
        size: 8,
        color: rows.map((r) => (r.k === chosen ? CHOSEN_K_COLOR : '#4e79a7')),
      },
      ...(errorKey !== undefined && rows.some((r) => Number.isFinite(r[errorKey]))
        ? {
            error_y: {
              type: 'data',
              array: rows.map((r) => finiteOrNull(r[errorKey])),
              visible: true,
            },
          }
        : {}),
    };
    return trace;
  });
  return {
    data,
    layout: baseLayout(options.title ?? `Cluster quality by k (chosen k = ${chosen})`, {
      ...layoutAxes,
      shapes,
      annotations,
      height: 180 * n + 120,
    }),
  };
}

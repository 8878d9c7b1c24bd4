/**
 * The silhouette plot: every point's silhouette coefficient as a bar, sorted within its
 * cluster, clusters stacked, with the mean marked.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { axis, baseLayout, verticalLine, type BarTrace, type PlotlyFigure } from './figure.js';
import { scaleFor, type ColorScale, type PlotLabel } from './palette.js';

/** Options of {@link silhouettePlotFigure}. */
export interface SilhouettePlotOptions {
  /** Per-point coefficients, e.g. from `silhouetteSamples`. */
  readonly samples: ArrayLike<number>;
  /** The cluster of each point (same length). */
  readonly labels: ArrayLike<PlotLabel>;
  /** Display name per cluster label (default the label). */
  readonly clusterNames?: Readonly<Record<string, string>>;
  /** Shared colours of the run (default: a scale of the sorted labels). */
  readonly colors?: ColorScale;
  readonly title?: string;
}

/** Rows left empty between two clusters' bands. */
const BAND_GAP = 0.02;

/**
 * One horizontal bar trace per cluster (ascending label order) whose bars are that cluster's
 * coefficients sorted from highest to lowest, so each cluster reads as a "knife" shape;
 * clusters are separated by a small gap on the y axis and labelled with their size and mean.
 * A dashed line marks the mean over all points (the silhouette score).
 */
export function silhouettePlotFigure(options: SilhouettePlotOptions): PlotlyFigure {
  const { samples, labels } = options;
  if (samples.length !== labels.length || samples.length === 0) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `silhouettePlotFigure needs one label per sample, got ${samples.length} samples and ${labels.length} labels`,
    );
  }
  const groups = new Map<string, { label: PlotLabel; values: number[] }>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const label = labels[i] as PlotLabel;
    const v = samples[i] as number;
    total += v;
    const g = groups.get(String(label)) ?? { label, values: [] };
    g.values.push(v);
    groups.set(String(label), g);
  }
  const mean = total / samples.length;
  const colors = scaleFor(
    options.colors,
    [...groups.values()].map((g) => g.label),
  );
  const ordered = [...groups.values()].sort((a, b) =>
    typeof a.label === 'number' && typeof b.label === 'number'
      ? a.label - b.label
      : String(a.label) < String(b.label)
        ? -1
        : 1,
  );
  const gap = Math.max(1, Math.round(samples.length * BAND_GAP));
  let y0 = 0;
  const ticks: { position: number; text: string }[] = [];
  const data: BarTrace[] = ordered.map(({ label, values }) => {
    const sorted = [...values].sort((a, b) => b - a);
    const ys = sorted.map((_, i) => y0 + i);
    const name = options.clusterNames?.[String(label)] ?? `cluster ${String(label)}`;
    const clusterMean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
    ticks.push({ position: y0 + (sorted.length - 1) / 2, text: `${name} (n = ${sorted.length})` });
    y0 += sorted.length + gap;
    return {
      type: 'bar',
      orientation: 'h',
      name: `${name}: mean ${clusterMean.toFixed(3)}`,
      legendgroup: String(label),
      x: sorted,
      y: ys,
      width: 1,
      marker: { color: colors.color(label), line: { width: 0 } },
      hovertemplate: `${name}<br>silhouette = %{x:.3f}<extra></extra>`,
    };
  });
  return {
    data,
    layout: baseLayout(options.title ?? `Silhouette plot (mean ${mean.toFixed(3)})`, {
      bargap: 0,
      xaxis: axis('silhouette coefficient', { range: [Math.min(-0.1, ...minOf(samples)), 1] }),
      yaxis: axis('', {
        tickvals: ticks.map((t) => t.position),
        ticktext: ticks.map((t) => t.text),
        autorange: 'reversed',
        showgrid: false,
      }),
      shapes: [verticalLine(mean, '#d62728')],
      annotations: [
        {
          x: mean,
          y: 1,
          xref: 'x',
          yref: 'paper',
          text: `mean ${mean.toFixed(3)}`,
          showarrow: false,
          xanchor: 'left',
          yanchor: 'bottom',
        },
      ],
    }),
  };
}

function minOf(values: ArrayLike<number>): [number] {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) m = Math.min(m, values[i] as number);
  return [m - 0.05];
}

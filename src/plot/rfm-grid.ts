/**
 * The RFM grid: recency score × frequency score, each cell coloured by its customers' mean
 * monetary value, with a marker sized by how many customers it holds.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  axis,
  baseLayout,
  formatNumber,
  type HeatmapTrace,
  type PlotlyFigure,
  type ScatterTrace,
} from './figure.js';

/** Options of {@link rfmGridFigure}. */
export interface RfmGridOptions {
  /** Recency score per customer (`rfm_r` of `RfmScorer.transform`; NaN: no purchases, skipped). */
  readonly r: ArrayLike<number>;
  /** Frequency score per customer (`rfm_f`). */
  readonly f: ArrayLike<number>;
  /** Monetary value per customer, original units (e.g. `monetary`). */
  readonly monetary: ArrayLike<number>;
  /** Scores run 1..bins (default: the largest score found). */
  readonly bins?: number;
  /** Largest marker diameter in px (default 46). */
  readonly maxMarkerSize?: number;
  readonly title?: string;
}

/** Per-cell statistics of {@link rfmGridCells}. */
export interface RfmGridCells {
  readonly bins: number;
  /** `count[f - 1][r - 1]`: customers with frequency score f and recency score r. */
  readonly count: readonly (readonly number[])[];
  /** Mean monetary of those customers (NaN for an empty cell). */
  readonly meanMonetary: readonly (readonly number[])[];
}

/** Counts and mean monetary value of every R × F cell (rows: F score, columns: R score). */
export function rfmGridCells(options: RfmGridOptions): RfmGridCells {
  const { r, f, monetary } = options;
  const n = r.length;
  if (f.length !== n || monetary.length !== n) {
    throw new CohortlabError('INVALID_INPUT', 'rfmGridFigure: r, f and monetary differ in length');
  }
  let bins = options.bins ?? 0;
  if (options.bins === undefined) {
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(r[i]) && Number.isFinite(f[i]))
        bins = Math.max(bins, r[i] as number, f[i] as number);
    }
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new CohortlabError(
      'INVALID_INPUT',
      'rfmGridFigure: no scored customers (scores 1..bins)',
    );
  }
  const count = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  const sum = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  const valued = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  for (let i = 0; i < n; i++) {
    const ri = r[i] as number;
    const fi = f[i] as number;
    if (!Number.isFinite(ri) || !Number.isFinite(fi)) continue;
    if (
      !Number.isInteger(ri) ||
      !Number.isInteger(fi) ||
      ri < 1 ||
      fi < 1 ||
      ri > bins ||
      fi > bins
    ) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `rfmGridFigure: scores must be whole numbers 1..${bins}, row ${i + 1} has R ${ri}, F ${fi}`,
      );
    }
    (count[fi - 1] as number[])[ri - 1]!++;
    const m = monetary[i] as number;
    if (!Number.isNaN(m)) {
      (sum[fi - 1] as number[])[ri - 1]! += m;
      (valued[fi - 1] as number[])[ri - 1]!++;
    }
  }
  const meanMonetary = sum.map((row, a) => row.map((s, b) => s / (valued[a] as number[])[b]!));
  return { bins, count, meanMonetary };
}

/**
 * A heatmap of mean monetary value per cell (x = R score, y = F score, 1..bins; empty cells
 * are gaps), and a marker trace on top with one marker per non-empty cell, its area
 * proportional to the cell's customer count (largest = `maxMarkerSize`) and its count as text.
 */
export function rfmGridFigure(options: RfmGridOptions): PlotlyFigure {
  const { bins, count, meanMonetary } = rfmGridCells(options);
  const scores = Array.from({ length: bins }, (_, i) => i + 1);
  const heat: HeatmapTrace = {
    type: 'heatmap',
    name: 'mean monetary',
    x: scores,
    y: scores,
    z: meanMonetary.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
    colorscale: 'YlGnBu',
    xgap: 3,
    ygap: 3,
    colorbar: { title: { text: 'mean monetary' } },
    hovertemplate: 'R %{x}, F %{y}<br>mean monetary %{z:,.2f}<extra></extra>',
  };
  const largest = Math.max(...count.flat());
  const maxSize = options.maxMarkerSize ?? 46;
  const x: number[] = [];
  const y: number[] = [];
  const size: number[] = [];
  const text: string[] = [];
  count.forEach((row, fi) =>
    row.forEach((c, ri) => {
      if (c === 0) return;
      x.push(ri + 1);
      y.push(fi + 1);
      size.push(maxSize * Math.sqrt(c / largest));
      text.push(formatNumber(c, 0));
    }),
  );
  const markers: ScatterTrace = {
    type: 'scatter',
    mode: 'markers+text',
    name: 'customers',
    x,
    y,
    text,
    marker: { size, color: 'rgba(255, 255, 255, 0.55)', line: { color: '#333333', width: 1 } },
    hovertemplate: 'R %{x}, F %{y}<br>%{text} customers<extra></extra>',
    showlegend: false,
  };
  return {
    data: [heat, markers],
    layout: baseLayout(
      options.title ?? 'RFM grid: mean monetary value by recency and frequency score',
      {
        xaxis: axis('recency score R (higher = more recent)', { dtick: 1, showgrid: false }),
        yaxis: axis('frequency score F (higher = more frequent)', {
          dtick: 1,
          showgrid: false,
          scaleanchor: 'x',
        }),
      },
    ),
  };
}

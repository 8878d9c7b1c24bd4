/**
 * Heatmap of a contingency table: predefined classes (rows) against clusters (columns).
 *
 * @module
 */
import type { ContingencyTable } from '../compare/contingency.js';
import { axis, baseLayout, percent, type HeatmapTrace, type PlotlyFigure } from './figure.js';

/** Options of {@link contingencyHeatmapFigure}. */
export interface ContingencyHeatmapOptions {
  /** From `contingencyTable(classes, clusters)`. */
  readonly table: ContingencyTable;
  /** Axis titles: [rows, columns] (default ['class', 'cluster']). */
  readonly names?: readonly [string, string];
  /** Display name per column label (e.g. generated cluster names). */
  readonly colNames?: Readonly<Record<string, string>>;
  readonly title?: string;
}

/**
 * `z` is the count matrix exactly (`z[i][j] = table.counts[i][j]`, rows = `rowLabels`); each
 * cell's text is the count and the row share ("where this class went"), e.g. "812<br>37.4%".
 * Sequential blues; the first row is drawn at the top.
 */
export function contingencyHeatmapFigure(options: ContingencyHeatmapOptions): PlotlyFigure {
  const { table } = options;
  const [rowName, colName] = options.names ?? ['class', 'cluster'];
  const text = table.counts.map((row, i) =>
    row.map((count, j) => `${count}<br>${percent(table.rowShares[i]?.[j] ?? NaN)}`),
  );
  const trace: HeatmapTrace = {
    type: 'heatmap',
    x: table.colLabels.map((l) => options.colNames?.[String(l)] ?? String(l)),
    y: table.rowLabels.map(String),
    z: table.counts.map((row) => [...row]),
    text,
    texttemplate: '%{text}',
    colorscale: 'Blues',
    xgap: 2,
    ygap: 2,
    colorbar: { title: { text: 'customers' } },
    hovertemplate: `${rowName} %{y} → ${colName} %{x}<br>%{text}<extra></extra>`,
  };
  return {
    data: [trace],
    layout: baseLayout(
      options.title ?? `${rowName} × ${colName} (count, share of the ${rowName})`,
      {
        xaxis: axis(colName, { type: 'category', showgrid: false, side: 'bottom' }),
        yaxis: axis(rowName, { type: 'category', showgrid: false, autorange: 'reversed' }),
      },
    ),
  };
}

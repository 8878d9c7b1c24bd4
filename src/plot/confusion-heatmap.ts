/**
 * Heatmap of a confusion matrix: true labels (rows) against predicted labels (columns).
 *
 * @module
 */
import type { ConfusionMatrix } from '../evaluate/confusion-matrix.js';
import { axis, baseLayout, percent, type HeatmapTrace, type PlotlyFigure } from './figure.js';

/** Options of {@link confusionMatrixFigure}. */
export interface ConfusionMatrixFigureOptions {
  /** From `confusionMatrix(yTrue, yPred)`. */
  readonly matrix: ConfusionMatrix;
  readonly title?: string;
}

/**
 * `z` equals `matrix.counts` (rows true, columns predicted, first label at the top); cell text
 * is the count and its share of the true label's row (the recall on the diagonal). The title
 * gives the accuracy (diagonal / total).
 */
export function confusionMatrixFigure(options: ConfusionMatrixFigureOptions): PlotlyFigure {
  const { matrix } = options;
  const labels = matrix.labels.map(String);
  let diagonal = 0;
  matrix.counts.forEach((row, i) => (diagonal += row[i] ?? 0));
  const text = matrix.counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => `${formatCount(v)}<br>${total > 0 ? percent(v / total) : '–'}`);
  });
  const trace: HeatmapTrace = {
    type: 'heatmap',
    x: labels,
    y: labels,
    z: matrix.counts.map((row) => [...row]),
    text,
    texttemplate: '%{text}',
    colorscale: 'Blues',
    xgap: 2,
    ygap: 2,
    colorbar: { title: { text: 'rows' } },
    hovertemplate: 'true %{y}, predicted %{x}<br>%{text}<extra></extra>',
  };
  const accuracy = matrix.total > 0 ? diagonal / matrix.total : NaN;
  return {
    data: [trace],
    layout: baseLayout(options.title ?? `Confusion matrix (accuracy ${percent(accuracy)})`, {
      xaxis: axis('predicted', { type: 'category', showgrid: false }),
      yaxis: axis('true', { type: 'category', showgrid: false, autorange: 'reversed' }),
    }),
  };
}

/** Counts are whole unless sample weights were used. */
function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * The elbow curve: k-means inertia against k, with the chosen k and the knee marked.
 *
 * @module
 */
import type { ChooseKResult } from '../cluster/choose-k.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  axis,
  baseLayout,
  formatNumber,
  verticalLine,
  type PlotlyFigure,
  type ScatterTrace,
} from './figure.js';

/** Options of {@link elbowFigure}. */
export interface ElbowFigureOptions {
  /** The result of `chooseK` (only `rows`, `k` and `votes` are read). */
  readonly result: Pick<ChooseKResult, 'rows' | 'k' | 'votes'>;
  readonly title?: string;
}

/** Colour of "chosen k" marks in every k-selection figure. */
export const CHOSEN_K_COLOR = '#d62728';

/**
 * Inertia (within-cluster sum of squares) against k as a line with markers; the chosen k is
 * a red diamond on the curve plus a dashed line, and the Kneedle knee (when `chooseK` found
 * one) carries an annotation arrow. Traces: the curve, then the chosen-k marker.
 */
export function elbowFigure(options: ElbowFigureOptions): PlotlyFigure {
  const { rows, k: chosen, votes } = options.result;
  const chosenRow = rows.find((r) => r.k === chosen);
  if (chosenRow === undefined) {
    throw new CohortlabError('INVALID_INPUT', `elbowFigure: the chosen k = ${chosen} has no row`);
  }
  const knee = votes.find((v) => v.criterion === 'knee')?.k ?? null;
  const kneeRow = knee === null ? undefined : rows.find((r) => r.k === knee);
  const curve: ScatterTrace = {
    type: 'scatter',
    mode: 'lines+markers',
    name: 'inertia',
    x: rows.map((r) => r.k),
    y: rows.map((r) => r.inertia),
    line: { color: '#4e79a7', width: 2 },
    marker: { size: 8, color: '#4e79a7' },
    hovertemplate: 'k = %{x}<br>inertia = %{y:,.4~g}<extra></extra>',
  };
  const chosenMarker: ScatterTrace = {
    type: 'scatter',
    mode: 'markers',
    name: `chosen k = ${chosen}`,
    x: [chosen],
    y: [chosenRow.inertia],
    marker: {
      size: 15,
      color: CHOSEN_K_COLOR,
      symbol: 'diamond',
      line: { color: '#ffffff', width: 1 },
    },
    hovertemplate: `chosen k = ${chosen}<br>inertia = ${formatNumber(chosenRow.inertia, 4)}<extra></extra>`,
  };
  const annotations =
    kneeRow === undefined
      ? []
      : [
          {
            x: kneeRow.k,
            y: kneeRow.inertia,
            text: `knee (Kneedle): k = ${kneeRow.k}`,
            showarrow: true,
            arrowhead: 2,
            ax: 50,
            ay: -50,
          },
        ];
  return {
    data: [curve, chosenMarker],
    layout: baseLayout(options.title ?? 'Elbow curve: inertia by number of clusters', {
      xaxis: axis('number of clusters k', { dtick: 1 }),
      yaxis: axis('inertia (within-cluster sum of squares)'),
      shapes: [verticalLine(chosen, CHOSEN_K_COLOR)],
      annotations,
    }),
  };
}

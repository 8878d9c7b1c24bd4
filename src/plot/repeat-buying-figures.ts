/**
 * Figures of the repeat-buying diagnostics: calibration vs holdout, cumulative repeat
 * purchases over time, and expectations over a frequency × recency grid.
 *
 * @module
 */
import type { CalibrationHoldoutRow } from '../predict/diagnostics/calibration-holdout.js';
import type { CumulativeRepeat } from '../predict/diagnostics/cumulative-repeat.js';
import type { FrequencyRecencyGrid } from '../predict/diagnostics/grid.js';
import {
  axis,
  baseLayout,
  type HeatmapTrace,
  type PlotlyFigure,
  type ScatterTrace,
} from './figure.js';

const ACTUAL = '#1f3b73';
const MODEL = '#d9822b';

/**
 * Mean holdout purchases, actual (solid) and expected (dashed), by calibration purchases;
 * the last group is labelled "k+". Points match the rows exactly.
 */
export function calibrationHoldoutFigure(rows: readonly CalibrationHoldoutRow[]): PlotlyFigure {
  const x = rows.map((r) => (r.orMore ? `${r.frequency}+` : String(r.frequency)));
  const customdata = rows.map((r) => r.customers);
  const line = (name: string, y: number[], color: string, dash?: string): ScatterTrace => ({
    type: 'scatter',
    mode: 'lines+markers',
    name,
    x,
    y,
    customdata,
    line: { color, width: 2, ...(dash === undefined ? {} : { dash }) },
    hovertemplate: `${name}: %{y:.3f}<br>%{customdata} customers<extra></extra>`,
  });
  return {
    data: [
      line(
        'actual',
        rows.map((r) => r.actual),
        ACTUAL,
      ),
      line(
        'BG/NBD',
        rows.map((r) => r.predicted),
        MODEL,
        'dash',
      ),
    ],
    layout: baseLayout('Holdout purchases by calibration purchases (mean per customer)', {
      xaxis: axis('repeat purchases in the calibration period', { type: 'category' }),
      yaxis: axis('purchases in the holdout period', { rangemode: 'tozero' }),
    }),
  };
}

/** Cumulative repeat purchases by week, actual (solid) against BG/NBD (dashed). */
export function cumulativeRepeatFigure(
  result: CumulativeRepeat,
  options: { readonly calibrationWeeks?: number } = {},
): PlotlyFigure {
  const x = Array.from(result.weeks);
  const traces: ScatterTrace[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'actual',
      x,
      y: Array.from(result.actual),
      line: { color: ACTUAL, width: 2 },
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'BG/NBD',
      x,
      y: Array.from(result.predicted),
      line: { color: MODEL, width: 2, dash: 'dash' },
    },
  ];
  const shapes =
    options.calibrationWeeks === undefined
      ? []
      : [
          {
            type: 'line',
            x0: options.calibrationWeeks,
            x1: options.calibrationWeeks,
            yref: 'paper',
            y0: 0,
            y1: 1,
            line: { color: '#888', dash: 'dot', width: 1 },
          },
        ];
  return {
    data: traces,
    layout: baseLayout('Cumulative repeat purchases, actual and expected', {
      xaxis: axis(`weeks since ${result.start}`),
      yaxis: axis('repeat purchases (cumulative)', { rangemode: 'tozero' }),
      shapes,
    }),
  };
}

/**
 * Heatmap of E[Y(t)] (`'expected'`) or P(alive) (`'alive'`) over the grid: frequency up,
 * recency across; `z` is the grid's matrix exactly.
 */
export function frequencyRecencyHeatmap(
  grid: FrequencyRecencyGrid,
  which: 'expected' | 'alive',
): PlotlyFigure {
  const z = which === 'expected' ? grid.expected : grid.alive;
  const trace: HeatmapTrace = {
    type: 'heatmap',
    x: grid.recency.map((r) => Number(r.toFixed(2))),
    y: [...grid.frequency],
    z: z.map((row) => [...row]),
    colorscale: which === 'alive' ? 'RdYlGn' : 'Blues',
    ...(which === 'alive' ? { zmin: 0, zmax: 1 } : {}),
    colorbar: { title: { text: which === 'alive' ? 'P(alive)' : `E[purchases in ${grid.t}]` } },
    hovertemplate:
      'frequency %{y}, recency %{x}<br>' +
      (which === 'alive' ? 'P(alive) %{z:.3f}' : `expected purchases in ${grid.t}: %{z:.2f}`) +
      '<extra></extra>',
  };
  const title =
    which === 'alive'
      ? `P(alive) by frequency and recency (customers observed for ${grid.T})`
      : `Expected purchases in the next ${grid.t} by frequency and recency (observed for ${grid.T})`;
  return {
    data: [trace],
    layout: baseLayout(title, {
      xaxis: axis('recency (time of the last purchase)'),
      yaxis: axis('frequency (repeat purchases)'),
    }),
  };
}

/**
 * Retention heatmap of acquisition cohorts: cohorts (rows) by periods since acquisition
 * (columns), coloured by the share of the cohort still buying.
 *
 * @module
 */
import type { AcquisitionCohorts } from '../dynamics/acquisition-cohorts.js';
import { getNumeric, getText } from '../table/column-table.js';
import { axis, baseLayout, percent, type HeatmapTrace, type PlotlyFigure } from './figure.js';

/** Options of {@link retentionHeatmapFigure}. */
export interface RetentionHeatmapOptions {
  readonly title?: string;
}

/**
 * `z[i][j]` is the retention rate of cohort i in period j exactly (null where the period lies
 * after the as-of date, so the triangle stays a triangle); each cell's text is the rate and
 * the active customers, e.g. "14.7%<br>1157". Period 0 is always 100 % and stretches the
 * colour scale, so the scale's top is the largest rate after period 0 (cells above it are
 * drawn in its colour). Sequential blues; the first cohort at the top.
 */
export function retentionHeatmapFigure(
  cohorts: AcquisitionCohorts,
  options: RetentionHeatmapOptions = {},
): PlotlyFigure {
  const t = cohorts.table;
  const labels = getText(t, 'cohort');
  const period = getNumeric(t, 'period');
  const rate = getNumeric(t, 'retention_rate');
  const active = getNumeric(t, 'active_customers');
  const rowOf = new Map(cohorts.cohorts.map((c, i) => [c, i]));
  let periods = 0;
  for (const p of period) periods = Math.max(periods, p + 1);
  const z = cohorts.cohorts.map(() => new Array<number | null>(periods).fill(null));
  const text = cohorts.cohorts.map(() => new Array<string>(periods).fill(''));
  let top = 0;
  labels.forEach((label, i) => {
    const r = rowOf.get(String(label)) as number;
    const j = period[i] as number;
    (z[r] as (number | null)[])[j] = rate[i] as number;
    (text[r] as string[])[j] = `${percent(rate[i] as number)}<br>${active[i] as number}`;
    if (j > 0) top = Math.max(top, rate[i] as number);
  });
  const unit = cohorts.period;
  const trace: HeatmapTrace = {
    type: 'heatmap',
    x: Array.from({ length: periods }, (_, j) => String(j)),
    y: [...cohorts.cohorts],
    z,
    text,
    texttemplate: '%{text}',
    colorscale: 'Blues',
    zmin: 0,
    zmax: top > 0 ? top : 1,
    xgap: 2,
    ygap: 2,
    colorbar: { title: { text: 'retention' }, tickformat: '.0%' },
    hovertemplate: `cohort %{y}, ${unit} %{x}<br>%{text}<extra></extra>`,
  };
  return {
    data: [trace],
    layout: baseLayout(
      options.title ?? `Retention by acquisition ${unit} (share of the cohort buying)`,
      {
        xaxis: axis(`${unit}s since first purchase`, { type: 'category', showgrid: false }),
        yaxis: axis(`first purchase ${unit}`, {
          type: 'category',
          showgrid: false,
          autorange: 'reversed',
        }),
      },
    ),
  };
}

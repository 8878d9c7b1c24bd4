/**
 * The Pareto (Lorenz-style) curve of revenue concentration with the ABC value-tier cuts.
 *
 * @module
 */
import { ValueTiers } from '../classes/value-tiers.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { axis, baseLayout, percent, type PlotlyFigure, type ScatterTrace } from './figure.js';
import { scaleFor, type ColorScale } from './palette.js';

/** Options of {@link paretoFigure}. */
export interface ParetoFigureOptions {
  /** Each customer's value (e.g. monetary); NaN is left out. */
  readonly values: ArrayLike<number>;
  /** Customer-share cuts of the tiers (default [0.05, 0.20]: top 5 % A, next 15 % B, rest C). */
  readonly cuts?: readonly number[];
  /** Tier labels, best first (default A, B, C, …). */
  readonly labels?: readonly string[];
  /** Colours of the tier cut markers (default: a scale of the tier labels). */
  readonly colors?: ColorScale;
  /** Most points on the curve (default 2,000): evenly thinned, cut points always kept. */
  readonly maxPoints?: number;
  readonly title?: string;
}

/** Where one tier ends on the curve. */
export interface ParetoCut {
  /** The tier that ends here. */
  readonly label: string;
  /** Customers in this and the better tiers, as a share of all customers. */
  readonly customerShare: number;
  /** Their share of the total value. */
  readonly revenueShare: number;
}

/**
 * Customers sorted by value, largest first: x = share of customers, y = their cumulative
 * share of the total value, starting at (0, 0). The tier boundaries are those of
 * {@link ValueTiers} with `method: 'customers'` fitted on the same values (ties share a tier,
 * so a cut sits where the tier really ends, not exactly at 5 %); each boundary is a marker
 * labelled with its shares. Traces: the curve, the equality diagonal, then the cut markers.
 * Values ≤ 0 are left out (the x axis title says how many): they hold no share of the value.
 */
export function paretoFigure(options: ParetoFigureOptions): PlotlyFigure {
  // Customers of value ≤ 0 (no purchases, net refunds) hold no share of the value and are
  // outside the tier cut-points (see ValueTiers), so the curve is drawn over the others.
  const given = Array.from(options.values).filter((v) => !Number.isNaN(v));
  const values = given.filter((v) => v > 0);
  const leftOut = given.length - values.length;
  const n = values.length;
  if (n === 0) throw new CohortlabError('INVALID_INPUT', 'paretoFigure: no positive values');
  const tiers = new ValueTiers({
    by: 'value',
    method: 'customers',
    ...(options.cuts === undefined ? {} : { cuts: options.cuts }),
    ...(options.labels === undefined ? {} : { labels: options.labels }),
  });
  const table = { value: Float64Array.from(values) };
  const predicted = tiers.fit(table).predict(table);
  const order = values
    .map((_, i) => i)
    .sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  const total = values.reduce((s, v) => s + v, 0);
  if (!(total > 0))
    throw new CohortlabError('INVALID_INPUT', 'paretoFigure needs a positive total value');
  const cumulative = new Float64Array(n + 1);
  for (let r = 0; r < n; r++)
    cumulative[r + 1] = (cumulative[r] as number) + (values[order[r] as number] as number);

  const labels = tiers.params.labels;
  const counts = labels.map((l) => predicted.filter((p) => p === l).length);
  const cuts: ParetoCut[] = [];
  let end = 0;
  labels.slice(0, -1).forEach((label, t) => {
    end += counts[t] as number;
    cuts.push({ label, customerShare: end / n, revenueShare: (cumulative[end] as number) / total });
  });

  const keep = thinnedRanks(
    n,
    options.maxPoints ?? 2000,
    cuts.map((c) => Math.round(c.customerShare * n)),
  );
  const curve: ScatterTrace = {
    type: 'scatter',
    mode: 'lines',
    name: 'cumulative value share',
    x: keep.map((r) => r / n),
    y: keep.map((r) => (cumulative[r] as number) / total),
    line: { color: '#4e79a7', width: 2.5 },
    fill: 'tozeroy',
    hovertemplate: 'top %{x:.1%} of customers: %{y:.1%} of value<extra></extra>',
  };
  const diagonal: ScatterTrace = {
    type: 'scatter',
    mode: 'lines',
    name: 'equal shares',
    x: [0, 1],
    y: [0, 1],
    line: { color: '#aaaaaa', width: 1, dash: 'dot' },
    hoverinfo: 'skip',
  };
  const colors = scaleFor(options.colors, labels);
  const markers: ScatterTrace[] = cuts.map((c) => ({
    type: 'scatter',
    mode: 'markers+text',
    name: `end of tier ${c.label}`,
    x: [c.customerShare],
    y: [c.revenueShare],
    marker: { size: 12, color: colors.color(c.label), line: { color: '#333333', width: 1 } },
    text: [
      `${c.label}: ${percent(c.customerShare)} of customers, ${percent(c.revenueShare)} of value`,
    ],
    textposition: 'bottom right',
  }));
  return {
    data: [curve, diagonal, ...markers],
    layout: baseLayout(options.title ?? 'Value concentration (Pareto curve) with ABC tiers', {
      xaxis: axis(
        `share of customers (largest value first)${leftOut > 0 ? `; ${leftOut.toLocaleString('en-US')} of value ≤ 0 left out` : ''}`,
        { tickformat: '.0%', range: [0, 1] },
      ),
      yaxis: axis('cumulative share of value', { tickformat: '.0%', range: [0, 1.02] }),
      shapes: cuts.map((c) => ({
        type: 'line',
        x0: c.customerShare,
        x1: c.customerShare,
        y0: 0,
        y1: c.revenueShare,
        line: { color: colors.color(c.label), width: 1.5, dash: 'dash' },
      })),
    }),
  };
}

/** Ranks 0..n to draw: all when few, else an even grid plus the ranks in `always`. */
function thinnedRanks(n: number, maxPoints: number, always: readonly number[]): number[] {
  if (n + 1 <= maxPoints) return Array.from({ length: n + 1 }, (_, r) => r);
  const set = new Set<number>(always);
  const step = n / (maxPoints - 1);
  for (let i = 0; i < maxPoints; i++) set.add(Math.min(n, Math.round(i * step)));
  set.add(n);
  return [...set].sort((a, b) => a - b);
}

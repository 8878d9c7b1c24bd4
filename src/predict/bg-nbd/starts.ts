/**
 * Starting points and totals for fitting BG/NBD.
 *
 * @module
 */
import type { BgNbdParameters, BgNbdSummary } from './summary.js';

/** Total weight of a summary (its row count without weights). */
export function sumWeights(summary: BgNbdSummary): number {
  if (summary.weights === undefined) return summary.frequency.length;
  let total = 0;
  for (const w of summary.weights) total += w;
  return total;
}

/**
 * Fixed starting points: all ones, then r ∈ {0.5, 2} with α = r / (mean purchase rate) so
 * that the starting mean rate r/α matches the data, each with (a, b) ∈ {(1, 3), (0.5, 1)}.
 */
export function defaultStarts(summary: BgNbdSummary): BgNbdParameters[] {
  let purchases = 0;
  let time = 0;
  const n = summary.frequency.length;
  for (let i = 0; i < n; i++) {
    const w = summary.weights === undefined ? 1 : (summary.weights[i] as number);
    purchases += w * (summary.frequency[i] as number);
    time += w * (summary.T[i] as number);
  }
  const rate = purchases > 0 && time > 0 ? purchases / time : 1;
  const starts: BgNbdParameters[] = [{ r: 1, alpha: 1, a: 1, b: 1 }];
  for (const r of [0.5, 2]) {
    for (const [a, b] of [
      [1, 3],
      [0.5, 1],
    ] as const)
      starts.push({ r, alpha: r / rate, a, b });
  }
  return starts;
}

/** Above this many (grouped) rows, starting points are screened on a systematic sample. */
export const SCREEN_ROWS = 10_000;

/**
 * Every ⌈n / rows⌉-th row of a summary (a systematic sample, deterministic, weights kept):
 * enough to tell which starting point leads to the best optimum, at a fraction of the cost
 * of evaluating the likelihood on a million customers for every start.
 */
export function screeningSample(summary: BgNbdSummary, rows: number = SCREEN_ROWS): BgNbdSummary {
  const n = summary.frequency.length;
  const step = Math.ceil(n / rows);
  const m = Math.ceil(n / step);
  const pick = (values: Float64Array): Float64Array => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = values[i * step] as number;
    return out;
  };
  return {
    frequency: pick(summary.frequency),
    recency: pick(summary.recency),
    T: pick(summary.T),
    ...(summary.weights === undefined ? {} : { weights: pick(summary.weights) }),
  };
}

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

/**
 * Seeded BG/NBD data: customers simulated from known r, α, a, b, for tests and benchmarks.
 *
 * @module
 */
import { Sampler } from '../../synth/samplers.js';
import type { BgNbdParameters, BgNbdSummary } from './summary.js';

/** Options of {@link simulateBgNbd}. */
export interface SimulateBgNbdOptions {
  /** Number of customers. */
  readonly customers: number;
  /** Seed of the generator (default 1). */
  readonly seed?: number;
  /** Longest observation period T in weeks; each T is uniform on whole days up to it (default 52). */
  readonly maxWeeks?: number;
  /**
   * Drop-out probability of every customer instead of p ~ Beta(a, b) (0: nobody drops out,
   * the pure NBD process on which a BG/NBD fit runs to a → 0).
   */
  readonly fixedDropout?: number;
}

/**
 * Customers of the BG/NBD process: λ ~ Gamma(r, scale 1/α), p ~ Beta(a, b); from the first
 * purchase at time 0, purchases come at rate λ and after each repeat purchase the customer
 * drops out with probability p. T is a whole number of days (≥ 1) in weeks and purchase
 * times are rounded up to whole days, like {@link rfmSummary} in weeks: so many customers
 * share a history, as in real data. Deterministic for a seed.
 */
export function simulateBgNbd(
  params: BgNbdParameters,
  options: SimulateBgNbdOptions,
): BgNbdSummary {
  const n = options.customers;
  const maxDays = Math.max(1, Math.round((options.maxWeeks ?? 52) * 7));
  const sampler = new Sampler(options.seed ?? 1);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const days = 1 + sampler.int(maxDays);
    const lambda = sampler.gamma(params.r, 1 / params.alpha);
    const p = options.fixedDropout ?? sampler.beta(params.a, params.b);
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += sampler.exponential(lambda) * 7; // in days
      const day = Math.ceil(t);
      if (!(day <= days)) break;
      if (day > last) {
        x++;
        last = day;
      }
      if (sampler.uniform() < p) break;
    }
    frequency[i] = x;
    recency[i] = last / 7;
    T[i] = days / 7;
  }
  return { frequency, recency, T };
}

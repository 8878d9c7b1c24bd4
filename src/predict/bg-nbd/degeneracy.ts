/**
 * When a BG/NBD fit is degenerate: parameters at a boundary of their range, or P(alive)
 * that says nothing.
 *
 * @module
 */
import { probabilityAlive } from './expectations.js';
import type { BgNbdParameters, BgNbdSummary } from './summary.js';

/** r or a below this counts as at the boundary 0. */
export const DEGENERATE_LOW = 1e-4;
/** r above this, or α above this many times the longest T, counts as exploding. */
export const DEGENERATE_HIGH = 1e4;
/** A mean dropout probability a / (a + b) below this means nobody is ever predicted to drop out. */
export const DEGENERATE_DROPOUT = 1e-4;
/** When every customer's P(alive) is at least this, P(alive) tells nobody apart. */
export const DEGENERATE_ALIVE = 0.95;
/**
 * Largest gradient component of the mean negative log-likelihood in log-parameters above
 * which the fit has not converged (the optimiser aims at 10⁻¹⁰; rounding on large data can
 * leave it short of that, never near this).
 */
export const DEGENERATE_GRADIENT = 1e-5;

/** What {@link assessFit} found. */
export interface FitAssessment {
  /** True when none of the degeneracy rules fired: P(alive) can be used. */
  readonly reliable: boolean;
  /** One short phrase per rule that fired, e.g. "a → 0 (a = 4.9e-9)". */
  readonly reasons: readonly string[];
  /** Smallest P(alive) over the customers fitted on (1 when none bought twice). */
  readonly minAlive: number;
}

const fmt = (v: number): string => v.toPrecision(3);

/**
 * The degeneracy rules of a BG/NBD fit, each a reason in the result:
 *
 * - r < 10⁻⁴ or a < 10⁻⁴: a parameter ran to its lower bound 0 (a → 0 is the usual one: the
 *   dropout process is switched off and the model falls back to a pure NBD);
 * - r > 10⁴ or α > 10⁴ × the longest T: the purchase-rate parameters exploded;
 * - a / (a + b) < 10⁻⁴ (b huge against a): the mean dropout probability is 0, so P(alive) ≈ 1
 *   for every customer;
 * - P(alive) ≥ 0.95 for every customer of the summary: P(alive) has no spread and cannot
 *   tell active customers from lapsed ones;
 * - `gradient` (largest component of the mean objective's gradient in log-parameters) above
 *   10⁻⁵, or not finite: the optimiser did not converge.
 *
 * `summary` is the one fitted on (grouped or not; only its rows are read); without it (a
 * model restored from an older file) the α and P(alive) rules are skipped.
 */
export function assessFit(
  params: BgNbdParameters,
  summary: BgNbdSummary | undefined,
  gradient: number,
): FitAssessment {
  const { r, alpha, a, b } = params;
  const reasons: string[] = [];
  let maxT = Infinity;
  let minAlive = 1;
  const n = summary === undefined ? 0 : summary.frequency.length;
  if (summary !== undefined) maxT = 0;
  for (let i = 0; summary !== undefined && i < n; i++) {
    if (summary.weights !== undefined && summary.weights[i] === 0) continue;
    const T = summary.T[i] as number;
    if (T > maxT) maxT = T;
    const x = summary.frequency[i] as number;
    if (x > 0) {
      const alive = probabilityAlive(params, x, summary.recency[i] as number, T);
      if (alive < minAlive) minAlive = alive;
    }
  }
  if (r < DEGENERATE_LOW) reasons.push(`r → 0 (r = ${fmt(r)})`);
  if (a < DEGENERATE_LOW) reasons.push(`a → 0 (a = ${fmt(a)})`);
  if (r > DEGENERATE_HIGH) reasons.push(`r exploded (r = ${fmt(r)})`);
  if (alpha > DEGENERATE_HIGH * Math.max(maxT, 1e-12)) {
    reasons.push(`α exploded (α = ${fmt(alpha)})`);
  }
  const dropout = a / (a + b);
  if (dropout < DEGENERATE_DROPOUT) {
    reasons.push(`a/(a+b) ≈ 0 (${fmt(dropout)}: nobody is predicted to drop out)`);
  }
  if (summary !== undefined && minAlive >= DEGENERATE_ALIVE) {
    reasons.push(
      `P(alive) ≥ ${DEGENERATE_ALIVE} for every customer (lowest ${minAlive.toFixed(3)})`,
    );
  }
  if (!(gradient <= DEGENERATE_GRADIENT)) {
    reasons.push(`no convergence (gradient ${fmt(gradient)})`);
  }
  return { reliable: reasons.length === 0, reasons, minAlive };
}

/**
 * The one-line text of a degenerate fit, with its parameters and what fired:
 * "BG/NBD fit is degenerate (a → 0 (a = 4.90e-9); …): r = 1.46, α = 9.69, a = 4.90e-9,
 * b = 1.69e+5; p_alive is unreliable (≈ 1 for everyone) and must not be used to pick
 * customers to win back".
 */
export function degenerateFitMessage(params: BgNbdParameters, reasons: readonly string[]): string {
  const { r, alpha, a, b } = params;
  return (
    `BG/NBD fit is degenerate (${reasons.join('; ')}): r = ${fmt(r)}, α = ${fmt(alpha)}, ` +
    `a = ${fmt(a)}, b = ${fmt(b)}; p_alive is unreliable and must not be used to pick ` +
    `customers to win back`
  );
}

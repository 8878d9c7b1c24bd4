/**
 * Closed-form BG/NBD quantities of Fader, Hardie & Lee (2005): P(alive) (eq. 11), the
 * conditional expectation E[Y(t) | x, tₓ, T] (eq. 10) and the unconditional E[X(t)] (eq. 9).
 *
 * @module
 */
import { hyp2f1MinusOne } from './hypergeometric.js';
import type { BgNbdParameters } from './summary.js';

/**
 * P(alive | x, tₓ, T) = 1 / (1 + δ₍ₓ₎₀ · a / (b + x − 1) · ((α + T) / (α + tₓ))^(r + x)),
 * evaluated with the power in logs so that long silences give a tiny probability instead of
 * overflowing. Always 1 for x = 0: the model only lets a customer drop out right after a
 * repeat purchase.
 */
export function probabilityAlive(p: BgNbdParameters, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds =
    Math.log(p.a) -
    Math.log(p.b + x - 1) +
    (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, tₓ, T], the expected number of purchases in the next t time units of a customer
 * with history (x, tₓ, T), eq. 10:
 *
 * (a + b + x − 1) / (a − 1) · [1 − ((α + T)/(α + T + t))^(r + x) ₂F₁(r + x, b + x; a + b + x − 1;
 * t / (α + T + t))] · P(alive).
 *
 * The bracket is computed as −expm1(log1p(₂F₁ − 1) − (r + x) log1p(t / (α + T))), which keeps
 * its digits when t is small. The formula is 0/0 at a = 1; within 10⁻⁵ of it the value is the
 * mean of those at a = 1 ± 10⁻⁵ (error about 10⁻¹⁰ relative).
 */
export function expectedPurchases(
  p: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < NEAR_ONE) {
    const below = conditional({ ...p, a: 1 - NEAR_ONE }, t, x, tx, T);
    return (below + conditional({ ...p, a: 1 + NEAR_ONE }, t, x, tx, T)) / 2;
  }
  return conditional(p, t, x, tx, T);
}

function conditional(p: BgNbdParameters, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const series = hyp2f1MinusOne(r + x, b + x, a + b + x - 1, z);
  const logPower = Math.log1p(series) - (r + x) * Math.log1p(t / (alpha + T));
  return ((a + b + x - 1) / (a - 1)) * -Math.expm1(logPower) * probabilityAlive(p, x, tx, T);
}

/**
 * E[X(t)], the expected number of repeat purchases of a randomly chosen customer in the first
 * t time units after the first purchase, eq. 9:
 * (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r ₂F₁(r, b; a + b − 1; t/(α + t))], computed like
 * {@link expectedPurchases} (including the a = 1 treatment).
 */
export function expectedPurchasesPopulation(p: BgNbdParameters, t: number): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < NEAR_ONE) {
    const below = population({ ...p, a: 1 - NEAR_ONE }, t);
    return (below + population({ ...p, a: 1 + NEAR_ONE }, t)) / 2;
  }
  return population(p, t);
}

function population(p: BgNbdParameters, t: number): number {
  const { r, alpha, a, b } = p;
  const series = hyp2f1MinusOne(r, b, a + b - 1, t / (alpha + t));
  const logPower = Math.log1p(series) - r * Math.log1p(t / alpha);
  return ((a + b - 1) / (a - 1)) * -Math.expm1(logPower);
}

const NEAR_ONE = 1e-5;

/**
 * The Gaussian hypergeometric function ₂F₁(a, b; c; z) on 0 ≤ z < 1, by its defining series,
 * for the BG/NBD expectations (Fader, Hardie & Lee 2005, eqs. 9 and 10).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

/** Most series terms summed before giving up (z within about 3·10⁻⁵ of 1 needs more). */
export const HYP2F1_MAX_TERMS = 1_000_000;

/**
 * ₂F₁(a, b; c; z) − 1, i.e. the series Σₙ≥₁ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ without its leading 1,
 * so callers can take log1p of it without losing the digits of a small sum.
 *
 * The series converges for |z| < 1, and the BG/NBD arguments z = t / (α + T + t) always lie
 * in [0, 1): that is why the paper evaluates ₂F₁ by its series. Convergence is geometric with
 * ratio → z, so it slows as z → 1 (about 40 / (1 − z) terms); at most
 * {@link HYP2F1_MAX_TERMS} are summed. Summation stops by a rigorous bound, not a "small
 * term" heuristic: once n is past every sign change and past the last turning point of the
 * term ratio ρₖ = (a + k)(b + k) z / ((c + k)(k + 1)) (a root of a quadratic in k), the ratios
 * from n on are monotone with supremum ρ̂ = max(ρₙ, z) < 1, so the tail after term tₙ is at
 * most |tₙ| ρ̂ / (1 − ρ̂); the sum ends when that bound is below 2⁻⁵³ of the partial sum.
 * Terms are accumulated with Neumaier compensation.
 *
 * Throws INVALID_INPUT for z outside [0, 1), non-finite a, b, c, c a non-positive integer,
 * or no convergence within the term limit.
 */
export function hyp2f1MinusOne(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite) || z < 0 || z >= 1) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `2F1 series needs finite a, b, c and 0 ≤ z < 1, got a=${a}, b=${b}, c=${c}, z=${z}`,
    );
  }
  if (c <= 0 && Number.isInteger(c)) {
    throw new CohortlabError('INVALID_INPUT', `2F1 is undefined for c = ${c}`);
  }
  if (z === 0) return 0;
  // From `settled` on, every factor a+k, b+k, c+k is positive (no more sign changes, and a
  // zero factor would have ended the series) and the ratio sequence is monotone.
  const settled = Math.max(
    0,
    Math.ceil(-a),
    Math.ceil(-b),
    Math.ceil(-c),
    lastTurningPoint(a, b, c),
  );
  let term = 1;
  let sum = 0;
  let compensation = 0;
  for (let n = 0; n < HYP2F1_MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    if (term === 0) return sum + compensation; // a or b a non-positive integer: a polynomial
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    if (n + 1 >= settled) {
      const next = ((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2));
      const sup = Math.max(next, z);
      if (sup < 1) {
        const tail = (Math.abs(term) * sup) / (1 - sup);
        if (tail <= 2 ** -53 * Math.abs(1 + sum + compensation)) return sum + compensation;
      }
    }
  }
  throw new CohortlabError(
    'INVALID_INPUT',
    `2F1(${a}, ${b}; ${c}; ${z}) series did not converge in ${HYP2F1_MAX_TERMS} terms (z too close to 1)`,
  );
}

/** ₂F₁(a, b; c; z) for 0 ≤ z < 1 (see {@link hyp2f1MinusOne} for the method and errors). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return 1 + hyp2f1MinusOne(a, b, c, z);
}

/**
 * The largest real k where the term ratio g(k) = (k + a)(k + b) / ((k + c)(k + 1)) turns
 * (g′(k) = 0), rounded up; 0 when there is none. g′ has the sign of
 * (d − s) k² + 2 (c − p) k + (s c − p d) with s = a + b, p = a b, d = c + 1.
 */
function lastTurningPoint(a: number, b: number, c: number): number {
  const s = a + b;
  const p = a * b;
  const d = c + 1;
  const qa = d - s;
  const qb = 2 * (c - p);
  const qc = s * c - p * d;
  let root = -Infinity;
  if (qa === 0) {
    if (qb !== 0) root = -qc / qb;
  } else {
    const disc = qb * qb - 4 * qa * qc;
    if (disc >= 0) {
      const sq = Math.sqrt(disc);
      root = Math.max((-qb + sq) / (2 * qa), (-qb - sq) / (2 * qa));
    }
  }
  // Turning points past 10⁷ cannot happen for the parameters seen in practice; cap the wait.
  return Number.isFinite(root) && root > 0 ? Math.min(Math.ceil(root) + 1, 1e7) : 0;
}

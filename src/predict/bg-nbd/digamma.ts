/**
 * The digamma function ψ(x) = d/dx ln Γ(x), for the analytic gradient of the BG/NBD
 * log-likelihood.
 *
 * @module
 */

/**
 * ψ(x) for x > 0 (NaN otherwise), within about 10⁻¹⁵ · max(1, |ψ(x)|). Below 13 the argument
 * is shifted up with ψ(x) = ψ(x + 1) − 1/x; from 13 on, the asymptotic series
 * ln x − 1/(2x) − Σ B₂ₖ / (2k x²ᵏ) with the Bernoulli terms up to x⁻¹⁴ (truncation error
 * below 10⁻¹⁸).
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  let u = x;
  while (u < 13) {
    shift += 1 / u;
    u += 1;
  }
  const inv2 = 1 / (u * u);
  const series =
    inv2 *
    (1 / 12 -
      inv2 *
        (1 / 120 -
          inv2 *
            (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return Math.log(u) - 0.5 / u - series - shift;
}

/**
 * The natural logarithm of the gamma function, for the expected mutual information.
 *
 * @module
 */

const HALF_LOG_TWO_PI = 0.9189385332046728; // ½·ln(2π)

/**
 * ln Γ(x) for x > 0 (NaN otherwise), within about 5·10⁻¹⁵ · max(1, |ln Γ(x)|). Below 13 the
 * argument is shifted up with Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)), so whole numbers
 * give ln((x − 1)!) from an exact product, as Cephes' `lgam` (scipy's `gammaln`) does; from
 * 13 on, Stirling's series with the Bernoulli terms up to x⁻¹³ (truncation error below
 * 10⁻¹⁸).
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 13) {
    if (Number.isInteger(x)) {
      // (x-1)! exactly: 2·3·…·(x-1) is below 2⁵³ for x < 13.
      let factorial = 1;
      for (let k = 2; k < x; k++) factorial *= k;
      return Math.log(factorial);
    }
    let product = 1;
    let u = x;
    while (u < 13) {
      product *= u;
      u += 1;
    }
    return stirling(u) - Math.log(product);
  }
  return stirling(x);
}

function stirling(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 *
            (1 / 1260 +
              inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
}

/** ln(k!) for k = 0..n as a table (`table[k] = logGamma(k + 1)`). */
export function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) table[k] = logGamma(k + 1);
  return table;
}

/**
 * The BG/NBD log-likelihood and its gradient (Fader, Hardie & Lee 2005, eq. 6).
 *
 * @module
 */
import { logGamma } from '../../compare/log-gamma.js';
import { digamma } from './digamma.js';
import type { BgNbdParameters, BgNbdSummary } from './summary.js';

/** Log-likelihood and its partial derivatives with respect to r, α, a, b. */
export interface BgNbdLikelihood {
  /** Σ wᵢ ln Lᵢ over the customers (weights default to 1). */
  readonly logLikelihood: number;
  /** ∂/∂r, ∂/∂α, ∂/∂a, ∂/∂b of `logLikelihood`, in that order. */
  readonly gradient: Float64Array;
}

/**
 * The log-likelihood of a summary under BG/NBD parameters, eq. 6 of the paper in logs:
 *
 * ln L = ln A₁ + ln A₂ + ln(A₃ + δ₍ₓ₎₀ A₄) with
 * ln A₁ = ln Γ(r + x) − ln Γ(r) + r ln α,
 * ln A₂ = ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x)  (= ln B(a, b + x)/B(a, b)),
 * ln A₃ = −(r + x) ln(α + T),
 * ln A₄ = ln a − ln(b + x − 1) − (r + x) ln(α + tₓ),
 *
 * the last sum by log-sum-exp, so neither term underflows for large x or T. With `gradient`
 * true the analytic partial derivatives come too (digamma of the same arguments; the two
 * branches of the log-sum-exp weighted by their shares).
 */
export function bgNbdLogLikelihood(
  params: BgNbdParameters,
  summary: BgNbdSummary,
  gradient = false,
): BgNbdLikelihood {
  const { r, alpha, a, b } = params;
  const { frequency: xs, recency: txs, T: Ts, weights } = summary;
  const n = xs.length;
  const logAlpha = Math.log(alpha);
  const base = logGamma(a + b) - logGamma(b) - logGamma(r) + r * logAlpha;
  const digammaAB = gradient ? digamma(a + b) : 0;
  const digammaR = gradient ? digamma(r) : 0;
  const digammaB = gradient ? digamma(b) : 0;
  let total = 0;
  let compensation = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (w === 0) continue;
    const x = xs[i] as number;
    const tx = txs[i] as number;
    const T = Ts[i] as number;
    const rx = r + x;
    const logAlphaT = Math.log(alpha + T);
    const lnA3 = -rx * logAlphaT;
    let lnMix = lnA3;
    let share4 = 0;
    let logAlphaTx = 0;
    if (x > 0) {
      logAlphaTx = Math.log(alpha + tx);
      const lnA4 = Math.log(a) - Math.log(b + x - 1) - rx * logAlphaTx;
      const high = Math.max(lnA3, lnA4);
      const low = Math.min(lnA3, lnA4);
      lnMix = high + Math.log1p(Math.exp(low - high));
      share4 = Math.exp(lnA4 - lnMix);
    }
    const ll = base + logGamma(rx) + logGamma(b + x) - logGamma(a + b + x) + lnMix;
    const value = w * ll;
    const t = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - t + value : value - t + total;
    total = t;
    if (gradient) {
      const share3 = 1 - share4;
      const psiABX = digamma(a + b + x);
      gr += w * (digamma(rx) - digammaR + logAlpha - share3 * logAlphaT - share4 * logAlphaTx);
      galpha += w * (r / alpha - rx * (share3 / (alpha + T) + share4 / (alpha + tx)));
      ga += w * (digammaAB - psiABX + share4 / a);
      gb +=
        w * (digammaAB + digamma(b + x) - digammaB - psiABX - (x > 0 ? share4 / (b + x - 1) : 0));
    }
  }
  return {
    logLikelihood: total + compensation,
    gradient: Float64Array.of(gr, galpha, ga, gb),
  };
}

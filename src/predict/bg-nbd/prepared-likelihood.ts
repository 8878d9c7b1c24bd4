/**
 * The BG/NBD log-likelihood of {@link bgNbdLogLikelihood}, prepared once per summary so that
 * the many evaluations of a fit cost little: every special function is evaluated once per
 * distinct value instead of once per row.
 *
 * @module
 */
import { logGamma } from '../../compare/log-gamma.js';
import { digamma } from './digamma.js';
import type { BgNbdLikelihood } from './likelihood.js';
import type { BgNbdParameters, BgNbdSummary } from './summary.js';

/** Evaluates the log-likelihood (and with `gradient`, its partial derivatives) at `params`. */
export type PreparedLikelihood = (params: BgNbdParameters, gradient?: boolean) => BgNbdLikelihood;

/** The distinct values of a column and, per row, the index of its value among them. */
interface Distinct {
  readonly values: Float64Array;
  readonly index: Int32Array;
}

function distinct(column: Float64Array): Distinct {
  const at = new Map<number, number>();
  const values: number[] = [];
  const index = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    let k = at.get(v);
    if (k === undefined) {
      k = values.length;
      at.set(v, k);
      values.push(v);
    }
    index[i] = k;
  }
  return { values: Float64Array.from(values), index };
}

/**
 * Prepares the likelihood of `summary` (best grouped first, {@link groupSummary}). The result
 * equals {@link bgNbdLogLikelihood} bit for bit: each row's terms are the same expressions in
 * the same order, summed in the same order with the same compensation. What changes is that
 * ln Γ(r + x), ln Γ(b + x), ln Γ(a + b + x), their digammas and ln(b + x − 1) are computed per
 * distinct x, and ln(α + T), ln(α + tₓ) per distinct T and tₓ — real data have a few dozen
 * distinct frequencies and a few hundred distinct days, so an evaluation costs one
 * log-sum-exp per row.
 */
export function prepareLikelihood(summary: BgNbdSummary): PreparedLikelihood {
  const n = summary.frequency.length;
  const xs = distinct(summary.frequency);
  const Ts = distinct(summary.T);
  const txs = distinct(summary.recency);
  const weights = summary.weights;
  const nx = xs.values.length;
  const lgRx = new Float64Array(nx);
  const lgBx = new Float64Array(nx);
  const lgABx = new Float64Array(nx);
  const logA4 = new Float64Array(nx); // ln a − ln(b + x − 1)
  const invB1 = new Float64Array(nx); // 1 / (b + x − 1)
  const psiRx = new Float64Array(nx);
  const psiBx = new Float64Array(nx);
  const psiABx = new Float64Array(nx);
  const logAT = new Float64Array(Ts.values.length);
  const invAT = new Float64Array(Ts.values.length);
  const logATx = new Float64Array(txs.values.length);
  const invATx = new Float64Array(txs.values.length);
  return (params, gradient = false) => {
    const { r, alpha, a, b } = params;
    const logAlpha = Math.log(alpha);
    const base = logGamma(a + b) - logGamma(b) - logGamma(r) + r * logAlpha;
    const digammaAB = gradient ? digamma(a + b) : 0;
    const digammaR = gradient ? digamma(r) : 0;
    const digammaB = gradient ? digamma(b) : 0;
    const logOfA = Math.log(a);
    for (let k = 0; k < nx; k++) {
      const x = xs.values[k] as number;
      lgRx[k] = logGamma(r + x);
      lgBx[k] = logGamma(b + x);
      lgABx[k] = logGamma(a + b + x);
      logA4[k] = x > 0 ? logOfA - Math.log(b + x - 1) : 0;
      if (gradient) {
        psiRx[k] = digamma(r + x);
        psiBx[k] = digamma(b + x);
        psiABx[k] = digamma(a + b + x);
        invB1[k] = x > 0 ? 1 / (b + x - 1) : 0;
      }
    }
    for (let k = 0; k < logAT.length; k++) {
      logAT[k] = Math.log(alpha + (Ts.values[k] as number));
      invAT[k] = 1 / (alpha + (Ts.values[k] as number));
    }
    for (let k = 0; k < logATx.length; k++) {
      logATx[k] = Math.log(alpha + (txs.values[k] as number));
      invATx[k] = 1 / (alpha + (txs.values[k] as number));
    }
    let total = 0;
    let compensation = 0;
    let gr = 0;
    let galpha = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === undefined ? 1 : (weights[i] as number);
      if (w === 0) continue;
      const kx = xs.index[i] as number;
      const x = xs.values[kx] as number;
      const rx = r + x;
      const logAlphaT = logAT[Ts.index[i] as number] as number;
      const lnA3 = -rx * logAlphaT;
      let lnMix = lnA3;
      let share4 = 0;
      let logAlphaTx = 0;
      if (x > 0) {
        logAlphaTx = logATx[txs.index[i] as number] as number;
        const lnA4 = (logA4[kx] as number) - rx * logAlphaTx;
        // The log-sum-exp of the reference with one exp: e = exp(low − high).
        if (lnA4 > lnA3) {
          const e = Math.exp(lnA3 - lnA4);
          lnMix = lnA4 + Math.log1p(e);
          share4 = 1 / (1 + e);
        } else {
          const e = Math.exp(lnA4 - lnA3);
          lnMix = lnA3 + Math.log1p(e);
          share4 = e / (1 + e);
        }
      }
      const ll = base + (lgRx[kx] as number) + (lgBx[kx] as number) - (lgABx[kx] as number) + lnMix;
      const value = w * ll;
      const t = total + value;
      compensation += Math.abs(total) >= Math.abs(value) ? total - t + value : value - t + total;
      total = t;
      if (gradient) {
        const share3 = 1 - share4;
        const psiABX = psiABx[kx] as number;
        gr +=
          w *
          ((psiRx[kx] as number) - digammaR + logAlpha - share3 * logAlphaT - share4 * logAlphaTx);
        const inv3 = invAT[Ts.index[i] as number] as number;
        const inv4 = x > 0 ? (invATx[txs.index[i] as number] as number) : 0;
        galpha += w * (r / alpha - rx * (share3 * inv3 + share4 * inv4));
        ga += w * (digammaAB - psiABX + share4 / a);
        gb +=
          w *
          (digammaAB + (psiBx[kx] as number) - digammaB - psiABX - share4 * (invB1[kx] as number));
      }
    }
    return {
      logLikelihood: total + compensation,
      gradient: Float64Array.of(gr, galpha, ga, gb),
    };
  };
}

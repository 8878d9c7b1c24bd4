/**
 * The log-likelihood of the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and
 * CLV: Using Iso-Value Curves for Customer Base Analysis"; Fader & Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value") and its gradient.
 *
 * @module
 */
import { logGamma } from '../../compare/log-gamma.js';
import { digamma } from '../bg-nbd/digamma.js';

/** The three parameters of the Gamma-Gamma model. */
export type GammaGammaParameters = {
  /** Shape of the Gamma distribution of each transaction's value around the customer's mean. */
  readonly p: number;
  /** Shape of the Gamma distribution of the customers' ν across the population. */
  readonly q: number;
  /** Scale (rate) of that distribution of ν, in the data's money unit. */
  readonly gamma: number;
};

/**
 * Repeat buyers' spend: for each customer the number of transactions x (> 0) whose values
 * were averaged and that average m (> 0); optional weights (counts of identical rows).
 */
export interface SpendSummary {
  readonly frequency: ArrayLike<number>;
  readonly monetaryValue: ArrayLike<number>;
  readonly weights?: ArrayLike<number> | undefined;
}

/** Σ wᵢ ln Lᵢ and, when asked, its gradient with respect to (p, q, γ). */
export interface GammaGammaLikelihood {
  readonly logLikelihood: number;
  readonly gradient: Float64Array;
}

/**
 * Σ wᵢ ln Lᵢ with the likelihood of one customer (Fader & Hardie 2013, eq. 3, with the
 * factor that does not depend on the parameters kept so values compare with other tools):
 *
 * ln L = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m + px ln x
 *        − (px + q) ln(γ + m x).
 *
 * The gradient (digamma ψ) is
 * ∂/∂p = x [ψ(px + q) − ψ(px) + ln m + ln x − ln(γ + mx)],
 * ∂/∂q = ψ(px + q) − ψ(q) + ln γ − ln(γ + mx),
 * ∂/∂γ = q/γ − (px + q)/(γ + mx).
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParameters,
  summary: SpendSummary,
  withGradient = false,
): GammaGammaLikelihood {
  const { p, q, gamma } = params;
  const n = summary.frequency.length;
  const lgq = logGamma(q);
  const psiQ = withGradient ? digamma(q) : 0;
  const logGammaRate = Math.log(gamma);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < n; i++) {
    const x = summary.frequency[i] as number;
    const m = summary.monetaryValue[i] as number;
    const w = summary.weights === undefined ? 1 : (summary.weights[i] as number);
    const px = p * x;
    const logSum = Math.log(gamma + m * x);
    const logM = Math.log(m);
    const logX = Math.log(x);
    ll +=
      w *
      (logGamma(px + q) -
        logGamma(px) -
        lgq +
        q * logGammaRate +
        (px - 1) * logM +
        px * logX -
        (px + q) * logSum);
    if (withGradient) {
      const psiSum = digamma(px + q);
      gp += w * x * (psiSum - digamma(px) + logM + logX - logSum);
      gq += w * (psiSum - psiQ + logGammaRate - logSum);
      gg += w * (q / gamma - (px + q) / (gamma + m * x));
    }
  }
  return { logLikelihood: ll, gradient: Float64Array.of(gp, gq, gg) };
}

/**
 * E[M | x, m̄], the expected mean transaction value of a customer with x transactions of
 * mean m̄ (Fader, Hardie & Lee 2005, eq. 5): a weighted mean of the population mean
 * pγ/(q − 1) and the customer's own mean,
 *
 * (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · m̄ = p(γ + m̄x)/(px + q − 1).
 *
 * With x = 0 it is the population mean, which exists only for q > 1 (NaN otherwise).
 */
export function conditionalExpectedSpend(
  params: GammaGammaParameters,
  x: number,
  m: number,
): number {
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return NaN;
  return (p * (gamma + (x > 0 ? m * x : 0))) / denominator;
}

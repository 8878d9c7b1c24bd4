/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005; Fader & Hardie
 * 2013), fitted on repeat buyers' frequency and mean spend.
 *
 * @module
 */
export {
  GammaGamma,
  type GammaGammaOptions,
  type GammaGammaParams,
  type GammaGammaState,
} from './gamma-gamma.js';
export {
  conditionalExpectedSpend,
  gammaGammaLogLikelihood,
  type GammaGammaLikelihood,
  type GammaGammaParameters,
  type SpendSummary,
} from './likelihood.js';
export { frequencySpendCorrelation, repeatBuyers, type RepeatBuyers } from './spend-summary.js';
export { repeatPurchaseValue } from './repeat-spend.js';

/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005) and the frequency / recency /
 * T summary it is fitted on.
 *
 * @module
 */
export {
  BgNbd,
  BG_NBD_CLASSES,
  type BgNbdClass,
  type BgNbdFitOptions,
  type BgNbdOptions,
  type BgNbdParams,
  type BgNbdState,
} from './bg-nbd.js';
export { minimizeBfgs, type BfgsOptions, type BfgsResult, type ObjectiveValue } from './bfgs.js';
export { digamma } from './digamma.js';
export {
  expectedPurchases,
  expectedPurchasesPopulation,
  probabilityAlive,
} from './expectations.js';
export { HYP2F1_MAX_TERMS, hyp2f1, hyp2f1MinusOne } from './hypergeometric.js';
export { bgNbdLogLikelihood, type BgNbdLikelihood } from './likelihood.js';
export { checkSummary, groupSummary, type BgNbdParameters, type BgNbdSummary } from './summary.js';
export {
  rfmSummary,
  type RfmSummary,
  type RfmSummaryOptions,
  type TimeUnit,
} from './rfm-summary.js';
export {
  assessFit,
  degenerateFitMessage,
  DEGENERATE_ALIVE,
  DEGENERATE_DROPOUT,
  DEGENERATE_GRADIENT,
  DEGENERATE_HIGH,
  DEGENERATE_LOW,
  type FitAssessment,
} from './degeneracy.js';
export { prepareLikelihood, type PreparedLikelihood } from './prepared-likelihood.js';
export { simulateBgNbd, type SimulateBgNbdOptions } from './simulate.js';

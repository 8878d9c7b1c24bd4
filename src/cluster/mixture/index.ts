/**
 * Gaussian mixtures: soft segments with BIC / AIC for choosing k.
 *
 * @module
 */
export { GaussianMixture } from './gaussian-mixture.js';
export type { CovarianceType } from './gaussian.js';
export type { GaussianMixtureLearned } from './learned.js';
export type {
  GaussianMixtureOptions,
  GaussianMixtureParams,
  MixtureInit,
  PrecisionsInit,
} from './params.js';

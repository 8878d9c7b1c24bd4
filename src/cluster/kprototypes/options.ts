/**
 * Validation of the k-prototypes and k-modes hyperparameters (from TypeScript, notebooks and
 * parsed JSON alike; problems are `INVALID_OPTION`).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions, enumOption } from '../../util/options.js';
import { integerOption, nonNegativeOption } from '../kmeans/options.js';
import type { GammaOption } from './gamma.js';
import type { KPrototypesInit } from './init.js';
import type { MixedFitParams } from './learned.js';

const INITS: readonly KPrototypesInit[] = ['k-means++', 'huang', 'cao'];

/** Parses the options; `gamma` only when `withGamma` (k-modes has no numeric side). */
export function mixedParams(
  options: unknown,
  defaults: { readonly init: KPrototypesInit },
  withGamma: boolean,
  owner: string,
): MixedFitParams {
  const keys = ['k', 'init', 'nInit', 'maxIter', 'tol', 'seed', ...(withGamma ? ['gamma'] : [])];
  const raw = checkOptions(options, keys, owner);
  if (raw['k'] === undefined) {
    throw new CohortlabError('INVALID_OPTION', `${owner} needs option "k" (number of clusters)`);
  }
  const k = integerOption(raw, 'k', 1, 1, owner);
  const init = enumOption(raw, 'init', INITS, defaults.init, owner);
  const nInit = integerOption(raw, 'nInit', init === 'cao' ? 1 : 10, 1, owner);
  if (init === 'cao' && nInit !== 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: init 'cao' is deterministic, so nInit must be 1 (got ${nInit}); use 'huang' or 'k-means++' for several runs`,
    );
  }
  const seed = raw['seed'] ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "seed" must be a safe integer`);
  }
  return {
    k,
    init,
    nInit,
    maxIter: integerOption(raw, 'maxIter', 100, 1, owner),
    tol: nonNegativeOption(raw, 'tol', 1e-4, owner),
    seed,
    gamma: withGamma ? gammaOption(raw['gamma'], owner) : 1,
  };
}

function gammaOption(value: unknown, owner: string): GammaOption {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'huang') return value;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  throw new CohortlabError(
    'INVALID_OPTION',
    `${owner} option "gamma" must be a number > 0, 'auto' or 'huang', got ${String(value)}`,
  );
}

/**
 * `KMeans.fitAsync` with `backend: 'webgpu'`: the same checks of the data as the CPU `fit`,
 * then the fit on the device, turned into the model's learned state (the same shape as the
 * CPU path's, `algorithm: 'lloyd'`). `undefined` means "run on the CPU": no device, a shape
 * the device cannot run, or a device failure — each reported by one `console.warn` line.
 *
 * @module
 */
import { isCohortlabError } from '../../../errors/cohortlab-error.js';
import { checkOptions } from '../../../util/options.js';
import { checkWeights, meanVariance, requireDistinct } from '../data-checks.js';
import type { KMeansLearned } from '../fitted.js';
import { kernelsFor } from '../kernels.js';
import { checkedMatrix, type MatrixInput } from '../matrix.js';
import type { CommonParams } from '../options.js';
import { CohortlabError } from '../../../errors/cohortlab-error.js';
import { warnCpuFallback } from './gpu-context.js';
import { fitOnDevice, type GpuFitOptions } from './gpu-fit.js';

/** The hyperparameters the device fit reads (a subset of `KMeansParams`). */
export interface DeviceFitParams extends CommonParams {
  readonly recordHistory: boolean;
}

/**
 * Checks `input` like `KMeans.fit` (`INVALID_INPUT` for NaN, bad weights, fewer than k
 * distinct points) and fits on the WebGPU device; `undefined` when the caller must use the
 * CPU instead.
 */
export async function fitKMeansWebGPU(
  input: MatrixInput,
  options: { readonly sampleWeight?: ArrayLike<number> },
  params: DeviceFitParams,
  owner: string,
  deviceOptions: GpuFitOptions = {},
): Promise<KMeansLearned | undefined> {
  const { sampleWeight } = checkOptions(options, ['sampleWeight'], owner) as {
    sampleWeight?: ArrayLike<number>;
  };
  const x = checkedMatrix(input, owner, false);
  if (x.rows === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: the data has no rows`);
  const variance = meanVariance(x, kernelsFor(x.cols), owner);
  const weights = checkWeights(sampleWeight, x.rows, owner);
  requireDistinct(x, weights, params.k, owner);
  let result;
  try {
    result = await fitOnDevice(
      {
        x,
        weights,
        k: params.k,
        init: params.init,
        nInit: params.nInit,
        maxIter: params.maxIter,
        tol: params.tol * variance,
        seed: params.seed,
        recordHistory: params.recordHistory,
        owner,
      },
      deviceOptions,
    );
  } catch (error) {
    if (isCohortlabError(error)) throw error;
    warnCpuFallback(`the device failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (result === undefined) return undefined;
  const names = x.names === undefined ? undefined : [...x.names];
  return {
    centroids:
      names === undefined
        ? { data: result.centroids, rows: params.k, cols: x.cols }
        : { data: result.centroids, rows: params.k, cols: x.cols, names },
    labels: result.labels,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    nFeatures: x.cols,
    featureNames: names === undefined ? undefined : [...names],
    algorithm: 'lloyd',
    inertiaHistory: params.recordHistory ? result.history : undefined,
  };
}

/**
 * k-means clustering: {@link KMeans} (Lloyd, Elkan, Hamerly; k-means++; sample weights;
 * worker threads), {@link MiniBatchKMeans} for millions of rows, and the matrix adapters they
 * train on.
 *
 * @module
 */
export {
  KMeans,
  resolveAlgorithm,
  type KMeansAlgorithm,
  type KMeansBackend,
  type KMeansFitOptions,
  type KMeansKernel,
  type KMeansOptions,
  type KMeansParams,
  type SampleWeightOptions,
} from './kmeans.js';
export {
  MiniBatchKMeans,
  type MiniBatchKMeansOptions,
  type MiniBatchKMeansParams,
} from './minibatch.js';
export type { FittedAlgorithm, KMeansLearned } from './fitted.js';
export type { CommonParams, KMeansInit } from './options.js';
export {
  SHARED_MIN_VALUES,
  createMatrix,
  matrixFromRows,
  matrixFromTable,
  matrixToRows,
  type ColumnsInput,
  type FrameLike,
  type Matrix,
  type MatrixInput,
} from './matrix.js';
export { Xoshiro128 } from './random.js';
export { shutdownKMeansWorkers } from './pool.js';
export { PARALLEL_MIN_WORK, autoThreads } from './chunk-runner.js';

/**
 * Discovered clusters: k-means, Gaussian mixtures, measures for choosing k, and readable cluster profiles.
 *
 * @module
 */
export * from './kmeans/index.js';
export * from './metrics/index.js';
export * from './profile/index.js';
export * from './kprototypes/index.js';
export * from './attributes/index.js';
export * from './kmeans/webgpu/index.js';
export {
  chooseK,
  chooseKAsync,
  type ChooseKOptions,
  type ChooseKResult,
  type ChooseKRow,
  type KVote,
} from './choose-k.js';
export {
  GaussianMixture,
  type CovarianceType,
  type GaussianMixtureLearned,
  type GaussianMixtureOptions,
  type GaussianMixtureParams,
  type MixtureInit,
  type PrecisionsInit,
} from './mixture/index.js';
export {
  AgglomerativeClustering,
  clustersAtHeight,
  cutTree,
  type AgglomerativeLearned,
  type AgglomerativeOptions,
  type AgglomerativeParams,
  type Linkage,
  type MergeTree,
} from './hierarchy/index.js';
export {
  DBSCAN,
  type DBSCANLearned,
  type DBSCANOptions,
  type DBSCANParams,
} from './density/index.js';
export {
  BisectingKMeans,
  type BisectingKMeansLearned,
  type BisectingKMeansOptions,
  type BisectingKMeansParams,
  type BisectingNode,
  type BisectingStrategy,
} from './bisecting/index.js';
export {
  HDBSCAN,
  type CondensedTree,
  type HDBSCANLearned,
  type HDBSCANOptions,
  type HDBSCANParams,
} from './density/index.js';
export {
  ALGORITHM_NAMES,
  compareAlgorithms,
  type AlgorithmName,
  type AlgorithmRow,
  type CompareAlgorithmsOptions,
  type CompareAlgorithmsResult,
} from './compare/index.js';

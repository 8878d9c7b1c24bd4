/**
 * Cluster evaluation: internal indices (silhouette, Calinski–Harabasz, Davies–Bouldin) equal
 * to scikit-learn's, the adjusted Rand index, and the tools for choosing k: gap statistic,
 * Kneedle knee detection and bootstrap stability.
 *
 * @module
 */
export { adjustedRandScore } from './adjusted-rand.js';
export { calinskiHarabaszScore } from './calinski-harabasz.js';
export { withinClusterSumOfSquares } from './centroids.js';
export { type ClusterFunction } from './cluster-function.js';
export { daviesBouldinScore } from './davies-bouldin.js';
export {
  DEFAULT_GAP_REFERENCES,
  gapStatistic,
  type GapStatisticOptions,
  type GapStatisticResult,
  type GapStatisticRow,
} from './gap-statistic.js';
export {
  kneedle,
  type KneeCurve,
  type KneeDirection,
  type KneedleOptions,
  type KneedleResult,
} from './kneedle.js';
export { type ClusterLabels } from './labels.js';
export { type MatrixLike } from './matrix-like.js';
export {
  DEFAULT_SILHOUETTE_SAMPLE_SIZE,
  silhouetteSamples,
  silhouetteScore,
  type SilhouetteOptions,
} from './silhouette.js';
export {
  DEFAULT_STABILITY_RESAMPLES,
  bootstrapStability,
  type StabilityOptions,
  type StabilityRow,
} from './stability.js';

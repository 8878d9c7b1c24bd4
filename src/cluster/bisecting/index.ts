/**
 * Bisecting k-means: segments as a tree of splits.
 *
 * @module
 */
export {
  BisectingKMeans,
  type BisectingKMeansLearned,
  type BisectingKMeansOptions,
  type BisectingKMeansParams,
  type BisectingNode,
  type BisectingStrategy,
} from './bisecting-kmeans.js';

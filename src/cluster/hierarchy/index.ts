/**
 * Agglomerative clustering: Ward, complete, average and single linkage, the merge tree and
 * its cuts.
 *
 * @module
 */
export {
  AgglomerativeClustering,
  type AgglomerativeLearned,
  type AgglomerativeOptions,
  type AgglomerativeParams,
} from './agglomerative.js';
export type { Linkage } from './linkage.js';
export { cutTree, clustersAtHeight, type MergeTree } from './tree.js';

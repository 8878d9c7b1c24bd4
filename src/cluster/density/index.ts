/**
 * Density-based clustering: customers in no dense region are noise, not forced into a
 * segment.
 *
 * @module
 */
export { DBSCAN, type DBSCANLearned, type DBSCANOptions, type DBSCANParams } from './dbscan.js';
export {
  HDBSCAN,
  type HDBSCANLearned,
  type HDBSCANOptions,
  type HDBSCANParams,
} from './hdbscan.js';
export type { CondensedTree } from './condensed.js';

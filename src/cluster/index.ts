/**
 * Discovered clusters: k-means, measures for choosing k, and readable cluster profiles.
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

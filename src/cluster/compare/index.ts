/**
 * Comparing clustering algorithms in one table.
 *
 * @module
 */
export { ALGORITHM_NAMES, type AlgorithmName } from './candidates.js';
export {
  compareAlgorithms,
  type AlgorithmRow,
  type CompareAlgorithmsOptions,
  type CompareAlgorithmsResult,
} from './compare-algorithms.js';

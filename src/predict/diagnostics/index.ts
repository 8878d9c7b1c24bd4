/**
 * Diagnostics of the repeat-buying model: calibration against a holdout, cumulative repeat
 * purchases actual against predicted, and expectations over a frequency × recency grid.
 *
 * @module
 */
export { calibrationVsHoldout, type CalibrationHoldoutRow } from './calibration-holdout.js';
export {
  cumulativeRepeatPurchases,
  type CumulativeRepeat,
  type CumulativeRepeatOptions,
} from './cumulative-repeat.js';
export { frequencyRecencyGrid, type FrequencyRecencyGrid } from './grid.js';

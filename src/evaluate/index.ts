/**
 * Evaluating classifiers: seeded train/test and stratified k-fold splits, cross-validation,
 * label metrics (accuracy, balanced accuracy, precision / recall / F1, confusion matrix,
 * classification report) and probability metrics (ROC curve and AUC, Brier score, log loss,
 * calibration table), equal to scikit-learn 1.2's.
 *
 * @module
 */
export { type BinaryOptions, type BinaryTarget } from './binary.js';
export {
  calibrationTable,
  type CalibrationBin,
  type CalibrationOptions,
  type CalibrationTable,
} from './calibration.js';
export {
  accuracy,
  balancedAccuracy,
  f1Score,
  precisionRecallF1,
  type AveragedScores,
  type BalancedAccuracyOptions,
  type ClassScores,
  type F1ScoreOptions,
  type LabelMetricOptions,
  type PrecisionRecallF1,
  type PrecisionRecallOptions,
} from './classification-metrics.js';
export {
  classificationReport,
  type ClassificationReport,
  type ClassificationReportOptions,
  type ReportRow,
} from './classification-report.js';
export {
  confusionMatrix,
  formatConfusionMatrix,
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
} from './confusion-matrix.js';
export {
  crossValidate,
  type CrossValidateOptions,
  type CrossValidationResult,
  type FoldMetric,
  type FoldScores,
  type MeanStd,
} from './cross-validate.js';
export { type Label } from './labels.js';
export {
  FLOAT64_EPSILON,
  brierScore,
  logLoss,
  type LogLossOptions,
} from './probability-metrics.js';
export {
  rocAuc,
  rocCurve,
  type RocAucOptions,
  type RocCurve,
  type RocCurveOptions,
} from './roc.js';
export { DEFAULT_SPLIT_SEED } from './shuffle.js';
export {
  DEFAULT_FOLDS,
  stratifiedFoldAssignment,
  stratifiedKFold,
  type Fold,
  type StratifiedKFoldOptions,
} from './stratified-k-fold.js';
export {
  trainTestSplit,
  type TrainTestIndices,
  type TrainTestSplitOptions,
} from './train-test-split.js';

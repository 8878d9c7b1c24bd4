/**
 * The versioned segmentation pipeline: fit every stage on transactions, save it as one JSON
 * model, reload it and label new customers exactly as the fit did.
 *
 * @module
 */
export {
  CLASS_SCHEMES,
  DEFAULT_CLASS_SCHEMES,
  SCHEME_COLUMNS,
  parseClassSchemes,
  type ClassScheme,
  type PipelineConfig,
  type PipelineOptions,
  type PipelineProgress,
} from './config.js';
export {
  COHORT_COLUMNS,
  CohortPipeline,
  assignClusters,
  purchaseProbability,
  type PipelineClustering,
  type PipelineLikelihood,
  type PipelineComponents,
  type PipelineFeatureInfo,
  type LabelOptions,
} from './cohort-pipeline.js';
export {
  DEFAULT_BG_NBD_WEEKS,
  expectedPurchasesColumn,
  fitRepeatBuying,
  repeatBuyingColumns,
  repeatBuyingReliable,
  repeatBuyingSummary,
  repeatBuyingWarnings,
  type PipelineRepeatBuying,
} from './repeat-buying.js';
export { MAIN_JOB_K_SEARCH, fitPipeline, type PipelineFit } from './fit-pipeline.js';
export { fitSegments, type FittedSegments, type SegmentOptions } from './fit-segments.js';
export {
  PIPELINE_FORMAT,
  PIPELINE_VERSION,
  isPipelineModelJSON,
  pipelineFromJSON,
  pipelineModelText,
  pipelineToJSON,
  type PipelineModelJSON,
} from './model-json.js';
export { loadPipelineModel } from './load.js';
export { scoreCustomers, scoringAsOf, type CustomerScores, type ScoreOptions } from './score.js';
export {
  pipelineScoringParts,
  pipelineScoringSql,
  pipelineSqlColumns,
  type PipelineSqlOptions,
} from './scoring-sql.js';
export {
  DEFAULT_CLV_DISCOUNT,
  MIN_REPEAT_BUYERS,
  DEFAULT_CLV_MONTHS,
  EXPECTED_SPEND_COLUMN,
  customerValueColumns,
  customerValueToJSON,
  customerValueWarnings,
  fitCustomerValue,
  readCustomerValue,
  type ClvSettings,
  type PipelineValue,
  type PipelineValueJSON,
  type ValueSummary,
} from './customer-value.js';
export {
  predictedValueTiers,
  segmentValueSummary,
  type PredictedTiers,
  type SegmentValueRow,
} from './value-summary.js';
export {
  DEFAULT_PLAYBOOK,
  PLAYBOOK_COLUMNS,
  checkPlaybook,
  playbookColumns,
  readPlaybook,
  type Playbook,
  type PlaybookEntry,
} from './playbook.js';

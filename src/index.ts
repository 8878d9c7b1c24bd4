/**
 * cohortlab — customer segmentation for analysts: load transactions into an embedded DuckDB,
 * compute per-customer features, assign predefined business classes, and export the result.
 *
 * Data flows one way: load → features → classes | (scale → cluster) → compare / profile →
 * plot / export. Everything public is re-exported here.
 *
 * @module
 */

// Errors
export {
  CohortlabError,
  isCohortlabError,
  type ErrorCode,
  type ErrorLocation,
} from './errors/cohortlab-error.js';
export {
  assertNoWarnings,
  cohortlabWarning,
  formatWarning,
  uniqueWarnings,
  type CohortlabWarning,
  type WarningCode,
} from './errors/warnings.js';

// Columnar tables
export {
  columnNames,
  getColumn,
  getNumeric,
  getText,
  isNumericColumn,
  rowCount,
  selectColumns,
  takeRows,
  toMatrix,
  toRecords,
  type Column,
  type ColumnTable,
  type NumericColumn,
  type TextColumn,
} from './table/column-table.js';
export { fromDataFrame, toDataFrame, type DanfoDataFrame } from './table/convert.js';

// Model contract
export {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type JsonValue,
  type ModelJSON,
  type TableClassifier,
  type TableTransformer,
} from './model/estimator.js';
export type {
  ClassProbabilities,
  SupervisedClassifier,
  SupervisedFitOptions,
} from './model/classifier.js';

// Data layer
export { Engine, defaultEngine, type EngineOptions } from './data/engine.js';
export {
  loadTransactions,
  type LoadTransactionsOptions,
  type TransactionMapping,
  type Transactions,
} from './data/transactions.js';
export {
  loadCustomers,
  customerColumns,
  type Customers,
  type LoadCustomersOptions,
} from './data/customers.js';
export {
  qualityReport,
  qualityReportRows,
  formatQualityReport,
  type QualityReport,
} from './data/quality.js';
export { resolveAsOf, toIsoDate, type DateInput } from './data/as-of.js';
export { readTable, type ReadTableOptions } from './data/read-table.js';
export {
  CDNOW_MAPPING,
  DATASETS,
  datasetPath,
  datasets,
  type DatasetInfo,
  type DatasetName,
} from './data/datasets.js';
export { DATE_CANDIDATES, type DateFormat } from './data/dates.js';
export { detectFormat, type FileFormat, type FileReadOptions } from './data/file-source.js';
export type { Delimiter } from './data/csv-header.js';
export type { Source } from './data/source.js';
export type { ColumnsSource, DataFrameLike, RecordsSource } from './data/memory-source.js';

// Features
export {
  customerFeatures,
  type CustomerFeatures,
  type FeatureOptions,
} from './features/customer-features.js';
export {
  BASE_FEATURES,
  categoryShareName,
  categoryShareNames,
  featuresSql,
  windowFeatureNames,
  type FeatureQuerySpec,
} from './features/features-sql.js';

// Preprocessing
export * from './preprocess/index.js';

// Predefined classes
export * from './classes/index.js';

// Discovered clusters
export * from './cluster/index.js';
export {
  CHOOSE_K_SAMPLE_SIZE,
  clusterCustomers,
  type ClusterCustomersOptions,
  type CustomerClusters,
} from './cluster/cluster-customers.js';
export { purchaserRows } from './features/purchasers.js';

// Supervised classification
export * from './classify/tree/index.js';
export * from './classify/mlp/index.js';
export {
  surrogateRules,
  type SurrogateCluster,
  type SurrogateOptions,
  type SurrogateResult,
  type SurrogateRule,
} from './classify/surrogate.js';

// Evaluation of classifiers
export * from './evaluate/index.js';

// Comparing two labelings (classes vs clusters)
export * from './compare/index.js';

// Purchase likelihood
export {
  purchaseLikelihood,
  type PurchaseLikelihood,
  type PurchaseLikelihoodEvaluation,
  type PurchaseLikelihoodOptions,
  type PurchaseScores,
} from './predict/purchase-likelihood.js';
export {
  purchaseWindow,
  addDays,
  BOUGHT,
  DID_NOT_BUY,
  type PurchaseWindow,
  type PurchaseWindowOptions,
} from './predict/purchase-window.js';

// Export
export * from './export/index.js';

// The fitted pipeline as one versioned model, and scoring new customers with it
export * from './pipeline/index.js';

// SQL scoring inside a warehouse (DuckDB, ClickHouse)
export * from './sql/index.js';

// Display helpers
export { formatTextTable, formatCell, type Cell } from './util/text-table.js';

// Dimensionality reduction (PCA for the 2-D views)
export * from './decompose/index.js';

// Plotly figures
export * from './plot/index.js';

// HTML report and PNG export
export * from './report/index.js';

// Notebook display (tslab)
export * from './notebook/index.js';

// Customer dynamics: snapshots and migration
export * from './dynamics/index.js';

// BG/NBD purchase model
export * from './predict/bg-nbd/index.js';
export * from './predict/gamma-gamma/index.js';
export * from './predict/diagnostics/index.js';
export {
  checkClvOptions,
  clvColumn,
  customerLifetimeValue,
  MONTH_IN_DAYS,
  MONTH_IN_WEEKS,
  type ClvCustomers,
  type ClvOptions,
} from './predict/clv.js';

// Synthetic customers and transactions (benchmarks, demos)
export * from './synth/index.js';

// Distributed engines: features, sample fits and scoring inside ClickHouse
export * from './engines/index.js';

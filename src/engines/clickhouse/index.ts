/**
 * ClickHouse as the engine: an HTTP client with typed errors, per-customer features computed
 * in the engine, fitting on a sample drawn there, and scoring every customer there.
 *
 * @module
 */
export {
  ClickHouseClient,
  type ClickHouseClientOptions,
  type ClickHouseRequestOptions,
  type ClickHouseSettings,
} from './client.js';
export {
  clickHouseError,
  networkError,
  parseClickHouseError,
  type ClickHouseErrorContext,
} from './errors.js';
export { isNumericType, parseTsvWithNamesAndTypes } from './tsv.js';
export {
  concatById,
  remoteAsOf,
  remoteCategories,
  remoteFeatureConfig,
  type RemoteTable,
  type ShardTable,
} from './source.js';
export {
  remoteFeatures,
  sampleFilter,
  type CustomerSample,
  type RemoteFeatures,
  type RemoteFeaturesOptions,
} from './features.js';
export { fitSample, type FitSampleOptions, type SampleFit } from './fit-sample.js';
export {
  engineScoringQuery,
  scoreInEngine,
  scoreIntoTable,
  type EngineScores,
  type EngineScoringOptions,
  type ScoredTableSummary,
  type ScoreIntoTableOptions,
} from './score.js';
export {
  engineInertia,
  partitionInertia,
  type ClusterMoments,
  type EngineInertia,
} from './inertia.js';

/**
 * Running the pipeline where the data lives: fitting from a feature table computed in a
 * database engine, a fitted pipeline as SQL scoring parts, and the ClickHouse engine.
 *
 * @module
 */
export {
  fitPipelineOnFeatures,
  type FeatureFit,
  type FeatureFitOptions,
  type FeatureTableInput,
} from './fit-features.js';
export {
  pipelineLabelColumns,
  engineScoringParts,
  type PipelineScoringPartsOptions,
} from './scoring-parts.js';
export * from './clickhouse/index.js';

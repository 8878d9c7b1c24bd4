/**
 * SQL export: a fitted pipeline as one SQL query over a transactions table, so scoring runs
 * where the data lives. Dialects: DuckDB ({@link duckdbDialect}) and ClickHouse from 18.16
 * ({@link clickhouseDialect}).
 *
 * @module
 */
export type { ConditionalAggregate, QueryStage, SqlDialect, SqlLiteralDialect } from './dialect.js';
export { clickhouseDialect } from './dialects/clickhouse.js';
export { duckdbDialect } from './dialects/duckdb.js';
export {
  featureStages,
  OTHER_CATEGORY,
  type DatedSqlFeatureConfig,
  type FeatureStages,
  type SqlFeatureConfig,
  type SqlTransactionColumns,
  withComputedAsOf,
} from './features.js';
export { customerFeaturesSql, type CustomerFeaturesSqlOptions } from './features-query.js';
export { sqlFeatureConfig, type SqlFeatureConfigOptions } from './from-fitted.js';
export {
  lifecycleSql,
  rfmScoreSql,
  rfmSegmentSql,
  valueTierSql,
  type RfmScoreColumns,
  type RfmScoreSql,
  type RfmSegmentSql,
} from './classes.js';
export { classRulesSql, ruleConditionSql, type RuleSqlOptions } from './rules.js';
export {
  centroidDistancesSql,
  clusterNamesOf,
  nearestCentroidSql,
  scaledFeaturesSql,
  type CentroidModel,
  type NearestCentroidSql,
  type SqlScaler,
} from './clusters.js';
export {
  scoringColumns,
  scoringSql,
  type ScoringParts,
  type ScoringQuery,
  type ScoringSqlOptions,
} from './scoring.js';

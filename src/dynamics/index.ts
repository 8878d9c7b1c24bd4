/**
 * Customer dynamics: features and classes at several as-of dates, and how customers migrate
 * between classes or clusters from one snapshot to the next.
 *
 * @module
 */
export {
  MAX_SNAPSHOTS,
  snapshotDates,
  type SnapshotDateOptions,
  type SnapshotPeriod,
} from './snapshot-dates.js';
export {
  SNAPSHOT_SCHEMES,
  snapshots,
  type SnapshotScheme,
  type SchemeLabels,
  type SchemeModels,
  type Snapshot,
  type SnapshotModels,
  type SnapshotOptions,
  type SnapshotSeries,
} from './snapshots.js';
export {
  GONE_CUSTOMERS,
  NEW_CUSTOMERS,
  migrationMatrix,
  type KeyedLabels,
  type MigrationMatrix,
  type MigrationOptions,
  type MigrationRates,
} from './migration-matrix.js';
export {
  clusterMigration,
  scoreClusters,
  type ClusterMigration,
  type FittedClusters,
} from './cluster-migration.js';
export {
  DEFAULT_MIGRATION_ORDERS,
  schemeMigration,
  type SchemeMigrationOptions,
} from './scheme-migration.js';
export {
  acquisitionCohorts,
  type AcquisitionCohorts,
  type AcquisitionOptions,
  type AcquisitionPeriod,
} from './acquisition-cohorts.js';
export { retentionByGroup, type GroupRetention } from './retention-by-group.js';

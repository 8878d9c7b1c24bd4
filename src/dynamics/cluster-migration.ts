/**
 * Cluster migration: the customers of a later snapshot scored with the clusters fitted on an
 * earlier one, cross-tabulated with their earlier clusters.
 *
 * @module
 */
import type { CustomerClusters } from '../cluster/cluster-customers.js';
import type { KMeans } from '../cluster/kmeans/kmeans.js';
import { matrixFromTable } from '../cluster/kmeans/matrix.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { purchaserRows } from '../features/purchasers.js';
import type { Pipeline } from '../preprocess/pipeline.js';
import { getText, rowCount, takeRows, type ColumnTable } from '../table/column-table.js';
import {
  migrationMatrix,
  type MigrationMatrix,
  type MigrationOptions,
} from './migration-matrix.js';

/** A fitted clustering to score new customers with: what clusterCustomers returns. */
export type FittedClusters = Pick<CustomerClusters, 'features' | 'scaler' | 'model' | 'profiles'>;

/**
 * The cluster of every row of a feature table under an already fitted clustering: the
 * customers with purchases go through the fitted scaler (log + z-score, with the earlier
 * snapshot's means and deviations) and the fitted k-means' nearest centroid; customers
 * without purchases get −1, as in clusterCustomers. Nothing is refitted.
 */
export function scoreClusters(
  clusters: Pick<FittedClusters, 'features' | 'scaler' | 'model'>,
  table: ColumnTable,
): Int32Array {
  return scoreWith(clusters.scaler, clusters.model, clusters.features, table);
}

function scoreWith(
  scaler: Pipeline,
  model: KMeans,
  features: readonly string[],
  table: ColumnTable,
): Int32Array {
  const active = purchaserRows(table);
  const labels = new Int32Array(rowCount(table)).fill(-1);
  if (active.length === 0) return labels;
  const rows = takeRows(table, active);
  const predicted = model.predict(matrixFromTable(scaler.transform(rows), features));
  active.forEach((row, i) => {
    labels[row] = predicted[i] as number;
  });
  return labels;
}

/** Result of {@link clusterMigration}. */
export interface ClusterMigration {
  /** Class label of every cluster index (its profile name; prefixed "k: " if names repeat). */
  readonly clusterLabels: readonly string[];
  /** Earlier cluster per row of the earlier table (−1 = no purchases). */
  readonly fromClusters: Int32Array;
  /** Later cluster per row of the later table, from the earlier models (−1 = no purchases). */
  readonly toClusters: Int32Array;
  /** The cross-tabulation; customers without purchases are left out of both sides. */
  readonly matrix: MigrationMatrix;
}

/**
 * Scores both snapshots with the clustering fitted on the earlier one ({@link scoreClusters})
 * and cross-tabulates by customer id ({@link migrationMatrix}; customers who first bought
 * in between form the "(new)" row). Rows and columns are the clusters in index order unless
 * `options.classes` says otherwise; pass `order` (cluster labels, best first) for rates.
 */
export function clusterMigration(
  clusters: FittedClusters,
  earlier: ColumnTable,
  later: ColumnTable,
  options: MigrationOptions = {},
): ClusterMigration {
  const k = clusters.model.learned.centroids.rows;
  if (clusters.profiles.length !== k) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${clusters.profiles.length} profiles for ${k} clusters`,
    );
  }
  const names = clusters.profiles
    .slice()
    .sort((p, q) => p.cluster - q.cluster)
    .map((p) => p.name);
  const clusterLabels =
    new Set(names).size === names.length ? names : names.map((name, c) => `${c}: ${name}`);
  const fromClusters = scoreClusters(clusters, earlier);
  const toClusters = scoreClusters(clusters, later);
  const keyed = (table: ColumnTable, labels: Int32Array): Map<string, string> => {
    const ids = getText(table, 'customer_id');
    const map = new Map<string, string>();
    labels.forEach((c, i) => {
      if (c >= 0) map.set(String(ids[i]), clusterLabels[c] as string);
    });
    return map;
  };
  const matrix = migrationMatrix(keyed(earlier, fromClusters), keyed(later, toClusters), {
    classes: clusterLabels,
    ...options,
  });
  return { clusterLabels, fromClusters, toClusters, matrix };
}

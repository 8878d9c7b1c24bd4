/**
 * Clustering as SQL: the fitted scaling (`Log1p`, `StandardScaler`, or a `Pipeline` of them)
 * as arithmetic on the feature columns, squared distances to the k-means centroids, and the
 * nearest centroid — its index (the first among exact ties, as in-process), name and
 * Euclidean distance.
 *
 * The arithmetic repeats the in-process operations in the same order: `(x − mean) / scale`,
 * and `Σ (z − c)²` summed feature by feature, so scaled values and distances agree to the
 * last bit or two (`ln(1 + x)` stands for `log1p`, which not every database has).
 *
 * @module
 */
import type { CustomerClusters } from '../cluster/cluster-customers.js';
import type { KMeans } from '../cluster/kmeans/kmeans.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { TableTransformer } from '../model/estimator.js';
import { Log1p } from '../preprocess/log1p.js';
import { Pipeline } from '../preprocess/pipeline.js';
import { SignedLog1p } from '../preprocess/signed-log1p.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import type { SqlDialect } from './dialect.js';

/** A fitted k-means model: anything with centroids (KMeans, MiniBatchKMeans). */
export type CentroidModel = Pick<KMeans, 'centroids' | 'learned'>;

/** The scalings the SQL export knows: Log1p, SignedLog1p, StandardScaler, or a Pipeline of them. */
export type SqlScaler = Pipeline | StandardScaler | Log1p | SignedLog1p;

function stepsOf(scaler: SqlScaler): TableTransformer<unknown>[] {
  return scaler instanceof Pipeline ? scaler.steps.map(([, t]) => t) : [scaler];
}

function fittedColumns(transformer: Log1p | SignedLog1p | StandardScaler): readonly string[] {
  const state = transformer.toJSON().state as { readonly columns?: readonly string[] };
  return state.columns ?? [];
}

/** Writes a number for arithmetic: negatives in parentheses. */
function operand(value: number, dialect: SqlDialect): string {
  const text = dialect.numberLiteral(value);
  return value < 0 ? `(${text})` : text;
}

/**
 * One SQL expression per feature: the value after every step of `scaler`, reading the
 * feature columns. `log1p` of a value ≤ −1 (which `Log1p` refuses) is NULL; the signed log
 * of `SignedLog1p` is `-ln(1 + (-x))` below 0 and `ln(1 + x)` otherwise, as in-process.
 */
export function scaledFeaturesSql(
  scaler: SqlScaler,
  features: readonly string[],
  dialect: SqlDialect,
): string[] {
  const steps = stepsOf(scaler);
  return features.map((feature) => {
    let expression = dialect.quoteIdentifier(feature);
    for (const step of steps) {
      if (step instanceof Log1p) {
        if (fittedColumns(step).includes(feature)) {
          expression = `CASE WHEN ${expression} > -1 THEN ${dialect.log1p(expression)} END`;
        }
      } else if (step instanceof SignedLog1p) {
        if (fittedColumns(step).includes(feature)) {
          const x = expression;
          expression = `CASE WHEN ${x} < 0 THEN -(${dialect.log1p(`(-${x})`)}) ELSE ${dialect.log1p(x)} END`;
        }
      } else if (step instanceof StandardScaler) {
        const j = fittedColumns(step).indexOf(feature);
        if (j >= 0) {
          const center = step.params.withMean ? (step.mean[j] as number) : 0;
          const scale = step.params.withStd ? (step.scale[j] as number) : 1;
          expression = `(${expression} - ${operand(center, dialect)}) / ${operand(scale, dialect)}`;
        }
      } else {
        throw new CohortlabError(
          'INVALID_OPTION',
          `the SQL export handles Log1p, SignedLog1p and StandardScaler steps, not ${step.constructor.name}`,
        );
      }
    }
    return expression;
  });
}

/** The centroids as rows of numbers, checking the model is fitted on `dimensions` features. */
function centroidRows(kmeans: CentroidModel, dimensions: number): number[][] {
  const { data, rows, cols } = kmeans.centroids;
  if (cols !== dimensions) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `the k-means model has ${cols} features, the SQL export was given ${dimensions}`,
    );
  }
  return Array.from({ length: rows }, (_, j) =>
    Array.from(data.subarray(j * cols, (j + 1) * cols)),
  );
}

/**
 * Squared Euclidean distance to each centroid, one expression per cluster, reading the
 * scaled-feature columns `scaledColumns` (in the model's feature order).
 */
export function centroidDistancesSql(
  kmeans: CentroidModel,
  scaledColumns: readonly string[],
  dialect: SqlDialect,
): string[] {
  const columns = scaledColumns.map((c) => dialect.quoteIdentifier(c));
  return centroidRows(kmeans, columns.length).map((centroid) =>
    centroid
      .map((c, t) => {
        const e = `(${columns[t] as string} - ${operand(c, dialect)})`;
        return `${e} * ${e}`;
      })
      .join(' + '),
  );
}

/** Cluster, name and distance expressions of {@link nearestCentroidSql}. */
export interface NearestCentroidSql {
  /** Index of the nearest centroid (first among ties); NULL when a distance is missing. */
  readonly cluster: string;
  readonly cluster_name: string;
  /** Euclidean distance to the nearest centroid. */
  readonly cluster_distance: string;
}

/**
 * The nearest centroid from columns holding the squared distances (`sqdistColumns[j]` for
 * cluster j) and a column holding their minimum (`minColumn`, e.g. `least(…)` computed in a
 * step before). `names[j]` names cluster j.
 */
export function nearestCentroidSql(
  sqdistColumns: readonly string[],
  minColumn: string,
  names: readonly string[],
  dialect: SqlDialect,
): NearestCentroidSql {
  if (names.length !== sqdistColumns.length) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${sqdistColumns.length} clusters need as many names, got ${names.length}`,
    );
  }
  const min = dialect.quoteIdentifier(minColumn);
  const whens = (value: (j: number) => string): string =>
    sqdistColumns
      .map((c, j) => `  WHEN ${dialect.quoteIdentifier(c)} = ${min} THEN ${value(j)}`)
      .join('\n');
  return {
    cluster: `CASE\n${whens(String)}\nEND`,
    cluster_name: `CASE\n${whens((j) => dialect.stringLiteral(names[j] as string))}\nEND`,
    cluster_distance: dialect.sqrt(min),
  };
}

/** The cluster names of {@link clusterCustomers} output, indexed by cluster. */
export function clusterNamesOf(clusters: CustomerClusters): string[] {
  const names = Array.from({ length: clusters.k }, (_, j) => String(j));
  for (const profile of clusters.profiles) names[profile.cluster] = profile.name;
  return names;
}

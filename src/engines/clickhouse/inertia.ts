/**
 * The k-means objective of a fitted pipeline over every customer, computed in ClickHouse from
 * the scoring query's distances, and the same partition measured in another model's units.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { CohortPipeline } from '../../pipeline/index.js';
import { StandardScaler } from '../../preprocess/standard-scaler.js';
import { clickhouseDialect } from '../../sql/index.js';
import type { ClickHouseClient } from './client.js';
import { engineScoringQuery, type EngineScoringOptions } from './score.js';

/** Per-cluster sums of the scaled features, for within-cluster sums of squares. */
export interface ClusterMoments {
  readonly cluster: number;
  readonly customers: number;
  /** Σ cluster_distance² over the cluster's customers. */
  readonly inertia: number;
  /** Σ x and Σ x² of each scaled feature (in the model's clustering feature order). */
  readonly sum: Float64Array;
  readonly sumSquares: Float64Array;
}

/** What {@link engineInertia} returns. */
export interface EngineInertia {
  /** Customers clustered (with purchases). */
  readonly customers: number;
  /** Σ over every customer of the squared distance to the assigned centroid (scaled units). */
  readonly inertia: number;
  readonly clusters: readonly ClusterMoments[];
}

/**
 * The inertia of `model`'s clustering over every customer of the table, computed in
 * ClickHouse as Σ cluster_distance² of the scoring query, with per-cluster moments of the
 * scaled features. INVALID_MODEL when the model has no clustering.
 */
export async function engineInertia(
  client: ClickHouseClient,
  model: CohortPipeline,
  options: Omit<EngineScoringOptions, 'outputs' | 'surrogate'>,
): Promise<EngineInertia> {
  const clustering = model.clustering;
  if (clustering === undefined) {
    throw new CohortlabError('INVALID_MODEL', 'the model has no clustering');
  }
  const scaled = clustering.features.map((f) => `scaled_${f}`);
  const q = (name: string): string => clickhouseDialect.quoteIdentifier(name);
  const query = await engineScoringQuery(client, model, {
    ...options,
    outputs: ['cluster', 'cluster_distance', ...scaled],
  });
  const moments = scaled.flatMap((s, j) => [
    `sum(${q(s)}) AS s_${j}`,
    `sum(${q(s)} * ${q(s)}) AS q_${j}`,
  ]);
  const sqlFor = (table: string): string => `SELECT cluster, count() AS n,
  sum(cluster_distance * cluster_distance) AS inertia,
  ${moments.join(',\n  ')}
FROM (${query.sqlFor(table)}) AS scored
WHERE cluster IS NOT NULL
GROUP BY cluster`;
  const targets =
    options.shards === undefined || options.shards.length === 0
      ? [{ client, table: options.table }]
      : options.shards;
  const parts = await Promise.all(
    targets.map((t) => t.client.table(sqlFor(t.table), { table: t.table })),
  );
  const k = clustering.names.length;
  const p = scaled.length;
  const clusters = Array.from({ length: k }, (_, c) => ({
    cluster: c,
    customers: 0,
    inertia: 0,
    sum: new Float64Array(p),
    sumSquares: new Float64Array(p),
  }));
  for (const part of parts) {
    const ids = part['cluster'] as Float64Array;
    ids.forEach((id, i) => {
      const m = clusters[id] as (typeof clusters)[number];
      m.customers += (part['n'] as Float64Array)[i] as number;
      m.inertia += (part['inertia'] as Float64Array)[i] as number;
      for (let j = 0; j < p; j++) {
        m.sum[j]! += (part[`s_${j}`] as Float64Array)[i] as number;
        m.sumSquares[j]! += (part[`q_${j}`] as Float64Array)[i] as number;
      }
    });
  }
  return {
    customers: clusters.reduce((s, c) => s + c.customers, 0),
    inertia: clusters.reduce((s, c) => s + c.inertia, 0),
    clusters,
  };
}

function zScaler(model: CohortPipeline): { scaler: StandardScaler; logged: string } {
  const clustering = model.clustering;
  if (clustering === undefined)
    throw new CohortlabError('INVALID_MODEL', 'the model has no clustering');
  const scaler = clustering.scaler.step('scale');
  if (!(scaler instanceof StandardScaler)) {
    throw new CohortlabError('INVALID_MODEL', 'the clustering does not end in a StandardScaler');
  }
  const log = clustering.scaler.steps.find(([name]) => name === 'log')?.[1] as
    { params: { columns?: readonly string[] } } | undefined;
  return { scaler, logged: [...(log?.params.columns ?? [])].sort().join(',') };
}

/**
 * The within-cluster sum of squares of `model`'s partition (from {@link engineInertia}'s
 * moments, about each cluster's mean) expressed in `reference`'s scaled units, so that two
 * models fitted with different z-scores (say a sample's and the full data's) compare on one
 * scale. Both must log-transform the same features (the units then differ by a factor per
 * feature). INVALID_MODEL otherwise.
 */
export function partitionInertia(
  moments: EngineInertia,
  model: CohortPipeline,
  reference: CohortPipeline = model,
): number {
  const a = zScaler(model);
  const b = zScaler(reference);
  const features = model.clustering?.features ?? [];
  if (a.logged !== b.logged || features.join() !== (reference.clustering?.features ?? []).join()) {
    throw new CohortlabError(
      'INVALID_MODEL',
      'the two clusterings transform different features: their units do not compare',
    );
  }
  const columnsA = a.scaler.params.columns ?? features;
  const columnsB = b.scaler.params.columns ?? features;
  let total = 0;
  features.forEach((f, j) => {
    const ratio =
      (a.scaler.scale[columnsA.indexOf(f)] as number) /
      (b.scaler.scale[columnsB.indexOf(f)] as number);
    let wss = 0;
    for (const c of moments.clusters) {
      if (c.customers === 0) continue;
      const s = c.sum[j] as number;
      wss += (c.sumSquares[j] as number) - (s * s) / c.customers;
    }
    total += ratio * ratio * wss;
  });
  return total;
}

/**
 * Scoring every customer inside ClickHouse with a fitted pipeline: the generated scoring
 * query (features → classes → nearest centroid) runs in the engine; either the labels come
 * back, or they are written to a table there.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { categoryShareNames } from '../../features/features-sql.js';
import type { TransactionMapping } from '../../data/transactions.js';
import type { CohortPipeline } from '../../pipeline/index.js';
import { clickhouseDialect, scoringSql, type SqlFeatureConfig } from '../../sql/index.js';
import type { ColumnTable } from '../../table/column-table.js';
import { pipelineLabelColumns, engineScoringParts } from '../scoring-parts.js';
import type { ClickHouseClient } from './client.js';
import { perCustomerTable, remoteFeatureConfig, type RemoteTable } from './source.js';

/** Options of {@link scoreInEngine} and {@link scoreIntoTable}. */
export interface EngineScoringOptions extends Omit<RemoteTable, 'columns'> {
  /** The transaction columns; default the model's mapping (`model.config.mapping`). */
  readonly columns?: TransactionMapping;
  /** As-of date; default the model's, else the day after the last usable transaction. */
  readonly asOf?: string;
  /** Spend-share categories when the model has share features; default chosen in the engine. */
  readonly categories?: readonly string[];
  /**
   * Output columns after customer_id; default the model's label columns (see
   * `pipelineLabelColumns`). Feature names and `surrogate_cluster` may be asked for too.
   */
  readonly outputs?: readonly string[];
  /** Also compute the surrogate tree's class as `surrogate_cluster` (default false). */
  readonly surrogate?: boolean;
}

/** The scoring query for `model` over `source` and the as-of date it uses. */
export async function engineScoringQuery(
  client: ClickHouseClient,
  model: CohortPipeline,
  options: EngineScoringOptions,
): Promise<{
  asOf: string;
  config: SqlFeatureConfig;
  columns: readonly string[];
  sqlFor: (table: string) => string;
}> {
  const shareNames = model.features.names.filter((n) => n.startsWith('share_'));
  const source: RemoteTable = { ...options, columns: options.columns ?? model.config.mapping };
  const config = await remoteFeatureConfig(client, source, {
    asOf: options.asOf ?? model.config.asOf ?? undefined,
    windows: model.config.windows,
    categories: options.categories ?? (shareNames.length === 0 ? [] : undefined),
  });
  const got = categoryShareNames(config.categories ?? []);
  if (got.join('\n') !== shareNames.join('\n')) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `the model's spend-share features (${shareNames.join(', ') || 'none'}) differ from the table's (${got.join(', ') || 'none'}): pass categories`,
    );
  }
  const parts = engineScoringParts(model, config, { surrogate: options.surrogate ?? false });
  const columns = options.outputs ?? [
    ...pipelineLabelColumns(model),
    ...(options.surrogate ? ['surrogate_cluster'] : []),
  ];
  const sqlFor = (table: string): string =>
    scoringSql(parts, { dialect: clickhouseDialect, table, columns }).sql;
  return { asOf: config.asOf, config, columns: ['customer_id', ...columns], sqlFor };
}

/** What {@link scoreInEngine} returns. */
export interface EngineScores {
  /** The as-of date the features were computed at. */
  readonly asOf: string;
  /** customer_id and the requested columns, one row per customer ordered by id. */
  readonly table: ColumnTable;
}

/**
 * Scores every customer of `options.table` in ClickHouse with `model` (features, classes and
 * nearest cluster as `CohortPipeline.label` computes them) and returns one row per customer.
 * With `shards`, each shard scores its own customers at once.
 */
export async function scoreInEngine(
  client: ClickHouseClient,
  model: CohortPipeline,
  options: EngineScoringOptions,
): Promise<EngineScores> {
  const query = await engineScoringQuery(client, model, options);
  return {
    asOf: query.asOf,
    table: await perCustomerTable(
      client,
      { ...options, columns: query.config.columns },
      query.sqlFor,
    ),
  };
}

/** Options of {@link scoreIntoTable}. */
export interface ScoreIntoTableOptions extends EngineScoringOptions {
  /** The table to create with the scores (it must not exist); on every shard with `shards`. */
  readonly into: string;
  /** Its table engine (default `MergeTree() ORDER BY tuple()`). */
  readonly engine?: string;
}

/** What {@link scoreIntoTable} returns. */
export interface ScoredTableSummary {
  readonly asOf: string;
  /** The table written (on each shard with `shards`). */
  readonly table: string;
  /** Customers written (all shards together). */
  readonly customers: number;
  /** Customers per cluster name (empty without clustering). */
  readonly clusters: Readonly<Record<string, number>>;
}

/**
 * Scores every customer as {@link scoreInEngine} does but keeps the scores in ClickHouse:
 * `CREATE TABLE into … AS <scoring query>`; only the counts come back.
 */
export async function scoreIntoTable(
  client: ClickHouseClient,
  model: CohortPipeline,
  options: ScoreIntoTableOptions,
): Promise<ScoredTableSummary> {
  const query = await engineScoringQuery(client, model, options);
  const engine = options.engine ?? 'MergeTree() ORDER BY tuple()';
  const targets =
    options.shards === undefined || options.shards.length === 0
      ? [{ client, table: options.table }]
      : options.shards;
  const byCluster = query.columns.includes('cluster_name');
  const counts = await Promise.all(
    targets.map(async (t) => {
      await t.client.command(
        `CREATE TABLE ${options.into} ENGINE = ${engine} AS\n${query.sqlFor(t.table)}`,
        { table: t.table },
      );
      return t.client.table(
        byCluster
          ? `SELECT cluster_name, count() AS n FROM ${options.into} GROUP BY cluster_name`
          : `SELECT '' AS cluster_name, count() AS n FROM ${options.into}`,
        { table: options.into },
      );
    }),
  );
  let customers = 0;
  const clusters: Record<string, number> = {};
  for (const table of counts) {
    const names = table['cluster_name'] as (string | null)[];
    const n = table['n'] as Float64Array;
    names.forEach((name, i) => {
      customers += n[i] as number;
      if (byCluster && name !== null) clusters[name] = (clusters[name] ?? 0) + (n[i] as number);
    });
  }
  return { asOf: query.asOf, table: options.into, customers, clusters };
}

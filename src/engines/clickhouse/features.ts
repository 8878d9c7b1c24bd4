/**
 * Per-customer features computed inside ClickHouse: only one row per customer comes back.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  clickhouseDialect,
  customerFeaturesSql,
  featureStages,
  type SqlFeatureConfig,
} from '../../sql/index.js';
import type { ColumnTable } from '../../table/column-table.js';
import type { ClickHouseClient } from './client.js';
import { perCustomerTable, remoteFeatureConfig, type RemoteTable } from './source.js';

/** A seeded sample of customers, drawn in the engine. */
export interface CustomerSample {
  /** How many customers (all of them when there are fewer). */
  readonly customers: number;
  /** Seed of the draw: the same seed and data give the same customers. */
  readonly seed: number;
}

/** Options of {@link remoteFeatures}. */
export interface RemoteFeaturesOptions extends RemoteTable {
  /** As-of date 'YYYY-MM-DD'; default the day after the last usable transaction. */
  readonly asOf?: string;
  /** Trailing windows in days (frequency_Wd, monetary_Wd). */
  readonly windows?: readonly number[];
  /** Spend-share categories; default chosen in the engine as `customerFeatures` does. */
  readonly categories?: readonly string[];
  /** At most this many categories get a share column (default 20). */
  readonly maxCategories?: number;
  /** Only these customers (see {@link sampleFilter}); default every customer. */
  readonly sample?: CustomerSample;
}

/** What {@link remoteFeatures} returns, shaped like `customerFeatures`' result. */
export interface RemoteFeatures {
  /** The as-of date used. */
  readonly asOf: string;
  /**
   * customer_id, the numeric features, has_transactions (1), first_purchase and
   * last_purchase, one row per customer ordered by id — the columns of `customerFeatures`.
   */
  readonly table: ColumnTable;
  /** The numeric features. */
  readonly featureNames: readonly string[];
  /** The configuration the query ran with (reuse it to score with the same features). */
  readonly config: SqlFeatureConfig;
}

/**
 * The transactions of a seeded sample of customers, as a subquery: customers with a usable
 * row before `config.asOf`, ordered by `cityHash64(id, seed)` (ties by id), the first
 * `sample.customers`. `GLOBAL IN` evaluates the draw once and ships the ids to the shards, so
 * only the sampled customers' rows leave them.
 */
export function sampleFilter(
  table: string,
  config: SqlFeatureConfig,
  sample: CustomerSample,
): string {
  if (!Number.isInteger(sample.customers) || sample.customers < 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `the sample needs a positive whole number of customers, got ${sample.customers}`,
    );
  }
  if (!Number.isInteger(sample.seed) || sample.seed < 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `the sample seed must be a whole number ≥ 0, got ${sample.seed}`,
    );
  }
  const d = clickhouseDialect;
  const { stages } = featureStages({ ...config, categories: [] }, d);
  const rows = (stages[0] as { select: (from: string) => string }).select(table);
  const id = d.nullIf(d.trim(d.toText(d.quoteIdentifier(config.columns.customerId))), "''");
  return `(SELECT * FROM ${table}
WHERE ${id} GLOBAL IN (
  SELECT tx_customer FROM (${rows}) AS usable
  GROUP BY tx_customer
  ORDER BY cityHash64(tx_customer, toUInt64(${sample.seed})), tx_customer
  LIMIT ${sample.customers}
)) AS sampled`;
}

/**
 * Per-customer features of the transactions in ClickHouse, computed there with the
 * definitions of `customerFeatures` (the same columns, bit-identical values on the same rows):
 * only the per-customer rows travel. With `shards`, each shard computes its customers.
 */
export async function remoteFeatures(
  client: ClickHouseClient,
  options: RemoteFeaturesOptions,
): Promise<RemoteFeatures> {
  const config = await remoteFeatureConfig(client, options, options);
  const { featureNames } = featureStages(config, clickhouseDialect);
  const sqlFor = (table: string): string =>
    customerFeaturesSql(config, {
      dialect: clickhouseDialect,
      table: options.sample === undefined ? table : sampleFilter(table, config, options.sample),
    });
  // A sample is drawn over the whole table: it runs through `client`, not per shard.
  const source = options.sample === undefined ? options : { ...options, shards: undefined };
  const table = await perCustomerTable(client, source, sqlFor);
  return { asOf: config.asOf, table, featureNames, config };
}

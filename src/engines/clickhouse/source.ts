/**
 * Where the transactions live in ClickHouse, and the queries every remote step shares: the
 * default as-of date, the spend-share categories, the per-shard fan-out.
 *
 * @module
 */
import type { TransactionMapping } from '../../data/transactions.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { defaultAsOfSql } from '../../sql/features.js';
import {
  clickhouseDialect,
  featureStages,
  OTHER_CATEGORY,
  type DatedSqlFeatureConfig,
  type SqlTransactionColumns,
} from '../../sql/index.js';
import { rowCount, type Column, type ColumnTable } from '../../table/column-table.js';
import type { ClickHouseClient } from './client.js';

/** One shard's local table, for queries run on every shard in parallel. */
export interface ShardTable {
  readonly client: ClickHouseClient;
  /** The shard-local table (e.g. the MergeTree under a Distributed table). */
  readonly table: string;
}

/** The transactions table in ClickHouse and how its columns map. */
export interface RemoteTable {
  /**
   * The transactions as written in SQL: a table (a Distributed table on a cluster) or a
   * parenthesised subquery with an alias.
   */
  readonly table: string;
  /** Which columns hold what (customerId, date, amount or quantity × unitPrice, …). */
  readonly columns: TransactionMapping;
  /**
   * Optional: each shard's local table, when the table is sharded by customer id (no
   * customer on two shards). Per-customer queries then run on every shard at once and their
   * rows are concatenated, instead of being aggregated on the server `client` talks to.
   */
  readonly shards?: readonly ShardTable[];
}

/** Far enough in the future to keep every row: ClickHouse dates end in 2106. */
const NO_CUTOFF = '2105-12-31';

/** The transaction columns the SQL generator reads (the mapping without channel). */
export function sqlColumns(mapping: TransactionMapping): SqlTransactionColumns {
  const { customerId, date, amount, quantity, unitPrice, orderId, category } = mapping;
  return { customerId, date, amount, quantity, unitPrice, orderId, category };
}

/** The usable rows of `table` (as `loadTransactions` keeps them) before `asOf`, as a subquery. */
function usableRows(table: string, columns: SqlTransactionColumns, asOf = NO_CUTOFF): string {
  const { stages } = featureStages({ asOf, columns }, clickhouseDialect);
  return `(${(stages[0] as { select: (from: string) => string }).select(table)}) AS usable`;
}

/**
 * The default as-of date, as `customerFeatures` and the scoring SQL pick it: the day after the
 * last plausible usable transaction (stray dates — after today or far from the bulk of the
 * data, see `findStrayDates` — do not count unless every row is stray). NO_ROWS when the
 * table has no usable row.
 */
export async function remoteAsOf(client: ClickHouseClient, source: RemoteTable): Promise<string> {
  const days = `SELECT tx_day AS tx_d FROM ${usableRows(source.table, sqlColumns(source.columns))}`;
  const result = await client.table(
    `SELECT count() AS n, any(as_of) AS as_of
FROM (${days}) AS counted CROSS JOIN (
  SELECT toString(tx_as_of) AS as_of FROM (
${defaultAsOfSql(days, clickhouseDialect)}
  ) AS plausible
) AS computed`,
    { table: source.table },
  );
  if (((result['n'] as Float64Array)[0] ?? 0) === 0) {
    throw new CohortlabError('NO_ROWS', 'no usable transaction (id, date and amount present)', {
      file: `ClickHouse ${client.server}, table ${source.table}`,
    });
  }
  return (result['as_of'] as (string | null)[])[0] as string;
}

/**
 * The spend-share categories as `customerFeatures` chooses them: the largest by exact gross
 * spend before `asOf` (ties by name), at most `max`, the rest pooled as "other". Empty when
 * no category column is mapped.
 */
export async function remoteCategories(
  client: ClickHouseClient,
  source: RemoteTable,
  asOf: string,
  max = 20,
): Promise<string[]> {
  const columns = sqlColumns(source.columns);
  if (columns.category === undefined) return [];
  const d = clickhouseDialect;
  const result = await client.table(
    `SELECT coalesce(tx_category, '') AS category
FROM ${usableRows(source.table, columns, asOf)}
WHERE tx_amount > 0
GROUP BY category
ORDER BY ${d.exactSumDecimal('tx_amount')} DESC, category`,
    { table: source.table },
  );
  const all = (result['category'] as (string | null)[]).map((c) => c ?? '');
  if (all.length <= max) return all.sort();
  return [...all.slice(0, max - 1).sort(), OTHER_CATEGORY];
}

/** The feature configuration for `source` at `asOf`: the categories chosen when not given. */
export async function remoteFeatureConfig(
  client: ClickHouseClient,
  source: RemoteTable,
  options: {
    readonly asOf?: string | undefined;
    readonly windows?: readonly number[] | undefined;
    readonly categories?: readonly string[] | undefined;
    readonly maxCategories?: number | undefined;
  },
): Promise<DatedSqlFeatureConfig> {
  const asOf = options.asOf ?? (await remoteAsOf(client, source));
  const categories =
    options.categories ?? (await remoteCategories(client, source, asOf, options.maxCategories));
  return {
    asOf,
    windows: [...new Set(options.windows ?? [])].sort((a, b) => a - b),
    categories,
    columns: sqlColumns(source.columns),
  };
}

/**
 * Runs a per-customer query (`sqlFor(table)`, ordered by customer_id) on the source: once
 * through `client`, or on every shard at once with the rows concatenated and ordered by id.
 */
export async function perCustomerTable(
  client: ClickHouseClient,
  source: RemoteTable,
  sqlFor: (table: string) => string,
): Promise<ColumnTable> {
  if (source.shards === undefined || source.shards.length === 0) {
    return client.table(sqlFor(source.table), { table: source.table });
  }
  const parts = await Promise.all(
    source.shards.map((s) => s.client.table(sqlFor(s.table), { table: s.table })),
  );
  return concatById(parts);
}

/** Tables with the same columns, concatenated and ordered by customer_id. */
export function concatById(parts: readonly ColumnTable[]): ColumnTable {
  const first = parts[0];
  if (first === undefined) return {};
  const ids = parts.flatMap((p) => (p['customer_id'] ?? []) as (string | null)[]);
  const order = Array.from(ids.keys()).sort((a, b) => {
    const x = ids[a] ?? '';
    const y = ids[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const out: Record<string, Column> = {};
  for (const name of Object.keys(first)) {
    const columns = parts.map((p) => p[name] as Column);
    if (columns[0] instanceof Float64Array) {
      const all = new Float64Array(ids.length);
      let at = 0;
      for (const c of columns) {
        all.set(c as Float64Array, at);
        at += c.length;
      }
      out[name] = Float64Array.from(order, (i) => all[i] as number);
    } else {
      const all = columns.flatMap((c) => Array.from(c as ArrayLike<string | null>));
      out[name] = order.map((i) => all[i] ?? null);
    }
  }
  if (rowCount(out) !== ids.length) throw new Error('shard results have different columns');
  return out;
}

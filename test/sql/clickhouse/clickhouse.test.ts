import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../src/classes/lifecycle.js';
import { RfmScorer } from '../../../src/classes/rfm-scorer.js';
import { RuleClassifier } from '../../../src/classes/rules/rule-classifier.js';
import { ValueTiers } from '../../../src/classes/value-tiers.js';
import { DecisionTreeClassifier } from '../../../src/classify/tree/decision-tree.js';
import { clusterCustomers } from '../../../src/cluster/cluster-customers.js';
import { Engine } from '../../../src/data/engine.js';
import { loadTransactions } from '../../../src/data/transactions.js';
import { customerFeatures } from '../../../src/features/customer-features.js';
import type { ColumnTable } from '../../../src/table/column-table.js';
import {
  clickhouseDialect,
  duckdbDialect,
  scoringSql,
  sqlFeatureConfig,
  withComputedAsOf,
  type ScoringParts,
} from '../../../src/sql/index.js';
import { AS_OF, ROWS } from '../edge-rows.js';
import { fitCdnow, parityColumns, type FittedCdnow } from '../fit-cdnow.js';
import { labelMismatches, numericDiff } from '../helpers.js';
import { jsonColumns, rowBinary } from '../../engines/clickhouse-row-binary.js';
import {
  CLICKHOUSE_SERVER,
  CLUSTER,
  startClickHouse,
  type ClickHouseCluster,
  type ClickHouseServer,
} from '../../engines/clickhouse-cluster.js';

// The scoring query in ClickHouse 18.16 (the Debian package) against the same query in
// DuckDB, customer by customer: on one server, and on a two-shard cluster through a
// Distributed table sharded by customer id. Skipped where clickhouse-server is not installed.
const TX_COLUMNS = 'customer_id String, day Date, amount Float64';
const SETTINGS = { output_format_json_quote_64bit_integers: 0 };

let engine: Engine;
let fitted: FittedCdnow;
let duck: ColumnTable;
let cdnowBody: Buffer;
let cluster: ClickHouseCluster;
let first: ClickHouseServer;

/** The CDNOW parity query in `dialect` over a (customer_id, day, amount) table. */
function cdnowSql(dialect: typeof duckdbDialect, table: string): string {
  const parts: ScoringParts = {
    ...fitted.parts,
    features: {
      ...fitted.parts.features,
      columns: { customerId: 'customer_id', date: 'day', amount: 'amount' },
    },
  };
  return scoringSql(parts, { dialect, table, columns: parityColumns(fitted) }).sql;
}

/** The same query with the as-of date computed from the table it reads (no fixed date). */
function computedAsOfSql(dialect: typeof duckdbDialect, table: string): string {
  const parts: ScoringParts = {
    ...fitted.parts,
    features: {
      ...withComputedAsOf(fitted.parts.features),
      columns: { customerId: 'customer_id', date: 'day', amount: 'amount' },
    },
  };
  return scoringSql(parts, { dialect, table, columns: parityColumns(fitted) }).sql;
}

async function clickhouseColumns(server: ClickHouseServer, sql: string) {
  return jsonColumns(await server.query(`${sql}\nFORMAT JSONCompact`, SETTINGS));
}

/** Largest feature difference and every label mismatch between DuckDB and ClickHouse. */
function compare(
  expected: ColumnTable,
  actual: Record<string, (string | number | null)[]>,
  numeric: readonly string[],
  labels: readonly string[],
): { maxAbs: number; missing: number; mismatches: string[] } {
  let maxAbs = 0;
  let missing = 0;
  for (const name of numeric) {
    const diff = numericDiff(expected[name] as Float64Array, actual[name] ?? []);
    maxAbs = Math.max(maxAbs, diff.maxAbs);
    missing += diff.missingMismatch;
  }
  const mismatches = labels.flatMap((name) =>
    labelMismatches(Array.from(expected[name] as ArrayLike<unknown>), actual[name] ?? []).map(
      (m) => `${name} ${m}`,
    ),
  );
  return { maxAbs, missing, mismatches };
}

const LABELS = [
  'rfm_r',
  'rfm_f',
  'rfm_m',
  'rfm_fm',
  'rfm_cell',
  'rfm_segment',
  'value_tier',
  'lifecycle',
  'custom_class',
  'cluster',
  'cluster_name',
  'surrogate_cluster',
];

describe.skipIf(CLICKHOUSE_SERVER === undefined)('scoringSql in ClickHouse 18.16', () => {
  beforeAll(async () => {
    engine = await Engine.open({ threads: 2 });
    fitted = await fitCdnow(engine);
    await engine.run(
      `CREATE TABLE cdnow AS SELECT customer_id, day, amount FROM ${fitted.tx.table} ORDER BY __row`,
    );
    duck = await engine.columns(cdnowSql(duckdbDialect, 'cdnow'));
    const rows = await engine.columns(
      `SELECT customer_id, CAST(day AS VARCHAR) AS day, amount FROM cdnow`,
    );
    const ids = rows['customer_id'] as string[];
    const days = rows['day'] as string[];
    const amounts = rows['amount'] as Float64Array;
    cdnowBody = rowBinary(
      ['String', 'Date', 'Float64'],
      ids.map((id, i) => [id, days[i] as string, amounts[i] as number]),
    );
    cluster = await startClickHouse(2);
    first = cluster.servers[0] as ClickHouseServer;
  });

  afterAll(async () => {
    await cluster?.stop();
    engine?.close();
  });

  it('ships CDNOW bit for bit (RowBinary)', async () => {
    await first.query(
      `CREATE TABLE cdnow (${TX_COLUMNS}) ENGINE = MergeTree() ORDER BY customer_id`,
    );
    await first.insertRowBinary('cdnow', cdnowBody);
    const check = jsonColumns(
      await first.query(
        // Cents as whole doubles: their sum is exact in any order.
        'SELECT count() AS n, uniqExact(customer_id) AS customers, toInt64(sum(round(amount * 100))) AS cents FROM cdnow FORMAT JSONCompact',
        SETTINGS,
      ),
    );
    expect([check['n']?.[0], check['customers']?.[0], check['cents']?.[0]]).toEqual([
      69659, 23570, 250031563,
    ]);
  });

  it('scores every CDNOW customer as DuckDB does, on one server', async () => {
    const ch = await clickhouseColumns(first, cdnowSql(clickhouseDialect, 'cdnow'));
    expect(ch['customer_id']).toEqual(duck['customer_id']);
    const numeric = [
      ...fitted.features.featureNames,
      'cluster_distance',
      ...fitted.clusters.features.map((f) => `scaled_${f}`),
    ];
    const result = compare(duck, ch, numeric, LABELS);
    expect(result.mismatches).toEqual([]);
    expect(result.missing).toBe(0);
    expect(result.maxAbs).toBeLessThanOrEqual(1e-9);
    // Money is summed in exact fixed point in both: monetary agrees to the bit.
    expect(numericDiff(duck['monetary'] as Float64Array, ch['monetary'] ?? [])).toEqual({
      maxAbs: 0,
      missingMismatch: 0,
    });
  });

  it('scores the same through a Distributed table over two shards (sharded by customer id)', async () => {
    for (const server of cluster.servers) {
      await server.query(
        `CREATE TABLE cdnow_shard (${TX_COLUMNS}) ENGINE = MergeTree() ORDER BY customer_id`,
      );
    }
    await first.query(
      `CREATE TABLE cdnow_all AS cdnow_shard ENGINE = Distributed(${CLUSTER}, default, cdnow_shard, cityHash64(customer_id))`,
    );
    await first.insertRowBinary('cdnow_all', cdnowBody, { insert_distributed_sync: 1 });
    const perShard = await Promise.all(
      cluster.servers.map(async (s) =>
        Number((await s.query('SELECT count() FROM cdnow_shard')).trim()),
      ),
    );
    // Both shards hold rows, every row once; no customer is split across shards.
    expect(perShard.every((n) => n > 10_000)).toBe(true);
    expect(perShard[0]! + perShard[1]!).toBe(69659);
    const split = await Promise.all(
      cluster.servers.map(async (s) =>
        (await s.query('SELECT DISTINCT customer_id FROM cdnow_shard ORDER BY customer_id'))
          .trim()
          .split('\n'),
      ),
    );
    expect(split[0]!.filter((id) => new Set(split[1]).has(id))).toEqual([]);

    const ch = await clickhouseColumns(first, cdnowSql(clickhouseDialect, 'cdnow_all'));
    expect(ch['customer_id']).toEqual(duck['customer_id']);
    const numeric = [...fitted.features.featureNames, 'cluster_distance'];
    const result = compare(duck, ch, numeric, LABELS);
    expect(result.mismatches).toEqual([]);
    expect(result.missing).toBe(0);
    expect(result.maxAbs).toBeLessThanOrEqual(1e-9);
  });

  it('finds the quartiles of the days as quantile_disc does, in both dialects', async () => {
    const reference = await engine.row(
      `SELECT CAST(quantile_disc(day, 0.25) AS VARCHAR) AS q1, CAST(quantile_disc(day, 0.75) AS VARCHAR) AS q3 FROM cdnow`,
    );
    const days = 'SELECT day AS tx_d FROM cdnow';
    const duckdb = await engine.row(
      `SELECT CAST(q1 AS VARCHAR) AS q1, CAST(q3 AS VARCHAR) AS q3 FROM (${duckdbDialect.quartilesOfDays(days)})`,
    );
    const ch = await clickhouseColumns(
      first,
      `SELECT toString(q1) AS q1, toString(q3) AS q3 FROM (${clickhouseDialect.quartilesOfDays(days)})`,
    );
    // Checked in Python: the sorted CDNOW dates at positions floor(0.25 · 69658), floor(0.75 · 69658).
    expect(reference).toEqual({ q1: '1997-02-22', q3: '1997-11-07' });
    expect(duckdb).toEqual(reference);
    expect([ch['q1']?.[0], ch['q3']?.[0]]).toEqual([reference['q1'], reference['q3']]);
  });

  it('computes the as-of date as DuckDB does, stray dates (1971, 2099) and ids 12347.0 included', async () => {
    const extra = [
      ['00001', '2099-01-01', 5],
      ['00002', '1971-03-04', 6],
      ['12347.0', '1998-03-01', 7],
    ] as const;
    await engine.run(
      `CREATE TABLE cdnow_stray AS SELECT * FROM cdnow UNION ALL SELECT * FROM (VALUES ${extra
        .map(([id, day, amount]) => `('${id}', DATE '${day}', ${amount}.0)`)
        .join(', ')}) AS t(customer_id, day, amount)`,
    );
    await first.query(
      `CREATE TABLE cdnow_stray (${TX_COLUMNS}) ENGINE = MergeTree() ORDER BY customer_id`,
    );
    await first.insertRowBinary('cdnow_stray', cdnowBody);
    await first.insertRowBinary(
      'cdnow_stray',
      rowBinary(
        ['String', 'Date', 'Float64'],
        extra.map(([id, day, amount]) => [id, day, amount]),
      ),
    );
    const expected = await engine.columns(computedAsOfSql(duckdbDialect, 'cdnow_stray'));
    // The strays do not move the as-of date: recency as with the fitted date, 1998-07-01.
    const fixed = duck['recency_days'] as Float64Array;
    const ids = expected['customer_id'] as string[];
    const at = ids.indexOf('00004');
    expect((expected['recency_days'] as Float64Array)[at]).toBe(
      fixed[(duck['customer_id'] as string[]).indexOf('00004')],
    );
    expect(ids).toContain('12347');
    const ch = await clickhouseColumns(first, computedAsOfSql(clickhouseDialect, 'cdnow_stray'));
    expect(ch['customer_id']).toEqual(expected['customer_id']);
    const numeric = [...fitted.features.featureNames, 'cluster_distance'];
    const result = compare(expected, ch, numeric, LABELS);
    expect(result.mismatches).toEqual([]);
    expect(result.missing).toBe(0);
    expect(result.maxAbs).toBeLessThanOrEqual(1e-9);
  });

  it('handles the hand-made edge cases (NULLs, returns, pooled categories) as DuckDB does', async () => {
    const records = ROWS.map(([customer, date, amount, order, category]) => ({
      customer,
      date,
      amount,
      order,
      category,
    }));
    const tx = await loadTransactions(records, {
      engine,
      map: {
        customerId: 'customer',
        date: 'date',
        amount: 'amount',
        orderId: 'order',
        category: 'category',
      },
    });
    const features = await customerFeatures(tx, {
      asOf: AS_OF,
      windows: [30, 180],
      maxCategories: 3,
    });
    const table = features.table;
    const recency = table['recency_days'] as Float64Array;
    const clusters = clusterCustomers(table, { k: 2, seed: 3 });
    const parts: ScoringParts = {
      features: {
        ...(await sqlFeatureConfig(tx, features, { maxCategories: 3 })),
        columns: {
          customerId: 'customer',
          date: 'day',
          amount: 'amount',
          orderId: 'order',
          category: 'category',
        },
      },
      rfm: new RfmScorer().fit(table),
      valueTiers: new ValueTiers({ cuts: [0.2, 0.5] }).fit(table),
      lifecycle: new Lifecycle({
        newDays: 47,
        atRiskDays: recency[5] as number,
        churnDays: 151,
      }).fit(table),
      rules: new RuleClassifier({
        rules: [
          { name: 'refunder', when: 'frequency = 0 and monetary < 0' },
          { name: "it's tied", when: "monetary = 50 and last_purchase = '2024-05-15'" },
          { name: 'no gap', when: 'not (mean_days_between_orders > 0) or monetary_mean is null' },
          { name: 'music fan', when: "share_music >= 0.5 and customer_id not in ('kim')" },
          { name: 'not many', when: 'not (frequency_30d != 0 and mean_days_between_orders < 50)' },
        ],
      }).fit(table),
      scaler: clusters.scaler,
      kmeans: clusters.model,
      tree: new DecisionTreeClassifier({ maxDepth: 2 }).fit(table, clusters.names, {
        features: ['recency_days', 'monetary', 'share_music'],
      }),
    };
    const columns =
      'customer Nullable(String), day Date, amount Nullable(Float64), `order` Nullable(String), category Nullable(String)';
    await engine.run(
      `CREATE TABLE edge AS SELECT customer, CAST(date AS DATE) AS day, amount, "order", category FROM ${tx.raw.name}`,
    );
    await first.query(`CREATE TABLE edge (${columns}) ENGINE = Memory`);
    await first.insertRowBinary(
      'edge',
      rowBinary(
        ['Nullable(String)', 'Date', 'Nullable(Float64)', 'Nullable(String)', 'Nullable(String)'],
        ROWS.map((r) => [...r]),
      ),
    );
    const expected = await engine.columns(scoringSql(parts, { table: 'edge' }).sql);
    const query = scoringSql(parts, { dialect: clickhouseDialect, table: 'edge' });
    const ch = await clickhouseColumns(first, query.sql);
    expect(ch['customer_id']).toEqual(expected['customer_id']);
    expect(ch['customer_id']).toHaveLength(11);
    const labels = query.columns.filter(
      (c) => typeof expected[c]?.[0] === 'string' || c.startsWith('rfm_') || c === 'cluster',
    );
    const result = compare(
      expected,
      ch,
      [...features.featureNames, 'has_transactions'],
      labels.filter((c) => c !== 'customer_id'),
    );
    expect(result.mismatches).toEqual([]);
    expect(result.missing).toBe(0);
    expect(result.maxAbs).toBe(0); // features bit-identical
    const distance = numericDiff(
      expected['cluster_distance'] as Float64Array,
      ch['cluster_distance'] ?? [],
    );
    expect(distance.missingMismatch).toBe(0);
    expect(distance.maxAbs).toBeLessThanOrEqual(1e-9);
    // The rule set's NULL cases resolved as in SQL: guarded, not propagated.
    expect(new Set(ch['custom_class'])).toEqual(new Set(expected['custom_class'] as string[]));
  });
});

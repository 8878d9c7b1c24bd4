/**
 * ClickHouse two-shard cluster vs DuckDB in one process (issue 10): per-customer features
 * and scoring of every customer, on the same synthetic transactions.
 *
 * Run from the repository root:
 *
 *     node node_modules/typescript/bin/tsc -p tsconfig.bench.json && \
 *       node --max-old-space-size=8192 .bench/bench/clickhouse.js [--sizes 1000000,10000000] \
 *       [--threads 1] [--sample 5000]
 *
 * Data (seeded, made inside ClickHouse with `numbers()` and cityHash64): ~10 transactions per
 * customer over three years, lognormal-ish amounts in cents, 3 % returns. It is inserted
 * through the Distributed table (sharded by cityHash64(customer_id)), then exported as CSV
 * (ClickHouse prints doubles in shortest round-trip form) and loaded into DuckDB, so both
 * engines hold the same rows. Timed: features (remote vs customerFeatures) and scoring with
 * one model fitted on a 5,000-customer sample (scoreInEngine / scoreIntoTable vs
 * scoreCustomers); `--threads` is max_threads per ClickHouse server and DuckDB's threads × 2.
 */
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pipeline as pipe } from 'node:stream/promises';
import { Engine } from '../src/data/engine.js';
import { loadTransactions } from '../src/data/transactions.js';
import {
  ClickHouseClient,
  fitSample,
  remoteFeatures,
  scoreInEngine,
  scoreIntoTable,
} from '../src/engines/index.js';
import { customerFeatures } from '../src/features/customer-features.js';
import { scoreCustomers } from '../src/pipeline/index.js';
import { rowCount } from '../src/table/column-table.js';
import { CLUSTER, startClickHouse } from '../test/engines/clickhouse-cluster.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const SIZES = option('sizes', '1000000,10000000').split(',').map(Number);
const THREADS = Number(option('threads', '1'));
const SAMPLE = Number(option('sample', '5000'));
const SEED = 1;
const DATA = 'scratch/clickhouse-bench';
const COLUMNS = { customerId: 'customer_id', date: 'day', amount: 'amount' } as const;

/** Seconds taken by `f`, and its result. */
async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await f();
  return [(performance.now() - start) / 1000, result];
}

/** `n` seeded transactions, ~10 per customer, as a SELECT over numbers(n). */
function syntheticSql(n: number): string {
  const customers = Math.max(1, Math.round(n / 10));
  const u = (k: number): string =>
    `(cityHash64(number, toUInt64(${SEED * 100 + k})) / 18446744073709551616.0)`;
  // Sum of three uniforms − 1.5: a bell shape in [−1.5, 1.5]; cents keep amounts decimal.
  const amount = `round(exp(3.3 + 1.2 * (${u(3)} + ${u(4)} + ${u(5)} - 1.5)), 2)`;
  return `SELECT concat('c', toString(cityHash64(number, toUInt64(${SEED})) % ${customers})) AS customer_id,
  toDate('2022-01-01') + toUInt32(${u(2)} * 1095) AS day,
  if(${u(6)} < 0.03, -1, 1) * ${amount} AS amount
FROM numbers(${n})`;
}

interface Row {
  size: number;
  customers: number;
  load: { clickhouse: number; duckdb: number };
  fit: number;
  clickhouse: {
    features: number;
    featuresShards: number;
    score: number;
    scoreShards: number;
    scoreInto: number;
  };
  duckdb: { features: number; score: number };
}

async function measure(n: number): Promise<Row> {
  const cluster = await startClickHouse(2, { maxThreads: THREADS, maxMemoryUsage: 8_000_000_000 });
  const engine = await Engine.open({ threads: THREADS * 2 });
  try {
    const [first, second] = cluster.servers as [
      (typeof cluster.servers)[0],
      (typeof cluster.servers)[0],
    ];
    const client = new ClickHouseClient({ url: first.url });
    const shards = [first, second].map((s) => ({
      client: new ClickHouseClient({ url: s.url }),
      table: 'tx_shard',
    }));
    const [chLoad] = await timed(async () => {
      for (const s of shards) {
        await s.client.command(
          'CREATE TABLE tx_shard (customer_id String, day Date, amount Float64) ENGINE = MergeTree() ORDER BY customer_id',
        );
      }
      await client.command(
        `CREATE TABLE tx_all AS tx_shard ENGINE = Distributed(${CLUSTER}, default, tx_shard, cityHash64(customer_id))`,
      );
      await client.command(`INSERT INTO tx_all ${syntheticSql(n)}`, {
        settings: { insert_distributed_sync: 1 },
      });
      for (const s of shards) await s.client.command('OPTIMIZE TABLE tx_shard FINAL');
    });
    mkdirSync(DATA, { recursive: true });
    const csv = `${DATA}/tx-${n}.csv`;
    const [duckLoad, tx] = await timed(async () => {
      // node:http straight into the file (a fetch body through Readable.fromWeb crawls here).
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const request = httpRequest(first.url, { method: 'POST' }, resolve);
        request.on('error', reject);
        request.end('SELECT customer_id, day, amount FROM tx_all FORMAT CSVWithNames');
      });
      if (response.statusCode !== 200) throw new Error(`export failed: ${response.statusCode}`);
      await pipe(response, createWriteStream(csv));
      return loadTransactions(csv, { engine, map: COLUMNS });
    });
    const [fit, sampled] = await timed(() =>
      fitSample(client, { table: 'tx_all', columns: COLUMNS, sampleCustomers: SAMPLE, seed: SEED }),
    );
    const model = sampled.pipeline;
    const [chFeatures, remote] = await timed(() =>
      remoteFeatures(client, { table: 'tx_all', columns: COLUMNS }),
    );
    const [chFeaturesShards] = await timed(() =>
      remoteFeatures(client, { table: 'tx_all', columns: COLUMNS, shards }),
    );
    const [chScore] = await timed(() => scoreInEngine(client, model, { table: 'tx_all' }));
    const [chScoreShards, scored] = await timed(() =>
      scoreInEngine(client, model, { table: 'tx_all', shards }),
    );
    const [chScoreInto] = await timed(() =>
      scoreIntoTable(client, model, { table: 'tx_all', shards, into: 'scores' }),
    );
    const [duckFeatures, local] = await timed(() => customerFeatures(tx));
    const [duckScore, inProcess] = await timed(() => scoreCustomers(model, tx));
    // Same customers and labels in both engines (a check, not a timing).
    const a = scored.table['cluster_name'] as (string | null)[];
    const b = inProcess.cohorts['cluster_name'] as (string | null)[];
    const differing = a.filter((x, i) => x !== b[i]).length;
    if (rowCount(remote.table) !== rowCount(local.table) || differing > 0) {
      throw new Error(
        `engines disagree: ${rowCount(remote.table)} vs ${rowCount(local.table)} customers, ${differing} labels`,
      );
    }
    rmSync(csv, { force: true });
    return {
      size: n,
      customers: rowCount(local.table),
      load: { clickhouse: chLoad, duckdb: duckLoad },
      fit,
      clickhouse: {
        features: chFeatures,
        featuresShards: chFeaturesShards,
        score: chScore,
        scoreShards: chScoreShards,
        scoreInto: chScoreInto,
      },
      duckdb: { features: duckFeatures, score: duckScore },
    };
  } finally {
    engine.close();
    await cluster.stop();
  }
}

const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  console.error(`RESULT ${JSON.stringify(row)}`);
  rows.push(row);
}
const s = (x: number): string => x.toFixed(2);
console.log(
  '| transactions | customers | CH features (Distributed) | CH features (per shard) | CH score → JS (Distributed) | CH score → JS (per shard) | CH score → table (per shard) | DuckDB features | DuckDB score (features + label) | sample fit (5,000) | load CH / DuckDB |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const c = r.clickhouse;
  console.log(
    `| ${r.size.toLocaleString('en')} | ${r.customers.toLocaleString('en')} | ${s(c.features)} | ${s(c.featuresShards)} | ${s(c.score)} | ${s(c.scoreShards)} | ${s(c.scoreInto)} | ${s(r.duckdb.features)} | ${s(r.duckdb.score)} | ${s(r.fit)} | ${s(r.load.clickhouse)} / ${s(r.load.duckdb)} |`,
  );
}

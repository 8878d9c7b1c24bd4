/**
 * ClickHouse two-shard cluster vs DuckDB in one process (issue 10): per-customer features
 * and scoring of every customer, on the same synthetic transactions.
 *
 * Run from the repository root:
 *
 *     node node_modules/typescript/bin/tsc -p tsconfig.bench.json && \
 *       node --max-old-space-size=8192 .bench/bench/clickhouse.js [--sizes 1000000,10000000,100000000] \
 *       [--threads 1] [--sample 5000] [--js-max 20000000]
 *
 * Data (seeded, made inside ClickHouse with `numbers()` and cityHash64): ~10 transactions per
 * customer over three years, lognormal-ish amounts in cents, 3 % returns. It is inserted
 * through the Distributed table (sharded by cityHash64(customer_id)); each shard exports its
 * rows as CSV (ClickHouse prints doubles in shortest round-trip form) and DuckDB reads them
 * (read_csv; for the JS paths also loadTransactions), so both engines hold the same rows. Timed: features (remote vs customerFeatures) and scoring with
 * one model fitted on a 5,000-customer sample (scoreInEngine / scoreIntoTable vs
 * scoreCustomers); `--threads` is max_threads per ClickHouse server and DuckDB's threads × 2.
 *
 * Every size also times the paths that keep every per-customer row in its engine (the only
 * ones that work at ~10M customers): features per shard into a ClickHouse table, scoreIntoTable
 * per shard, and in DuckDB the same generated SQL (customerFeaturesSql, scoringSql of the same
 * model and as-of date) as CREATE TABLE AS. For these DuckDB reads each shard's CSV export
 * with read_csv into a file-backed database. Sizes above `--js-max` skip the paths that bring
 * every customer to JS (remoteFeatures, scoreInEngine, loadTransactions + customerFeatures +
 * scoreCustomers). Memory: 6 GB per ClickHouse query (hash tables spill to disk above 3 GB),
 * DuckDB memory_limit 6 GB; peak RSS of each server and of this process is reported.
 */
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pipeline as pipe } from 'node:stream/promises';
import { Engine } from '../src/data/engine.js';
import { loadTransactions } from '../src/data/transactions.js';
import {
  ClickHouseClient,
  engineScoringParts,
  engineScoringQuery,
  fitSample,
  pipelineLabelColumns,
  remoteFeatures,
  scoreInEngine,
  scoreIntoTable,
} from '../src/engines/index.js';
import { customerFeatures } from '../src/features/customer-features.js';
import {
  clickhouseDialect,
  customerFeaturesSql,
  duckdbDialect,
  scoringSql,
} from '../src/sql/index.js';
import { scoreCustomers } from '../src/pipeline/index.js';
import { rowCount } from '../src/table/column-table.js';
import { CLUSTER, startClickHouse } from '../test/engines/clickhouse-cluster.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const SIZES = option('sizes', '1000000,10000000,100000000').split(',').map(Number);
const THREADS = Number(option('threads', '1'));
const SAMPLE = Number(option('sample', '5000'));
const JS_MAX = Number(option('js-max', '20000000'));
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

/** The paths that bring every customer's row back to JS (sizes up to `--js-max`). */
interface ToJs {
  duckdbLoad: number;
  clickhouse: { features: number; featuresShards: number; score: number; scoreShards: number };
  duckdb: { features: number; score: number };
}

interface Row {
  size: number;
  customers: number;
  load: { clickhouse: number; optimize: number; export: number; duckdb: number };
  fit: number;
  /** Per-customer rows kept in the engine (CREATE TABLE … AS). */
  inEngine: {
    clickhouse: { features: number; score: number };
    duckdb: { features: number; score: number };
  };
  toJs?: ToJs;
  peakRssMB: { clickhouse: number[]; node: number };
}

/** Prints one timed step at once, so a run cut short still leaves what it measured. */
async function step<T>(n: number, name: string, f: () => Promise<T>): Promise<[number, T]> {
  const [seconds, result] = await timed(f);
  console.error(`STEP ${n} ${name} ${seconds.toFixed(2)} s`);
  return [seconds, result];
}

/** Peak resident memory (VmHWM, MB) of the processes whose command line names `folder`. */
function peakRssOf(folder: string): number[] {
  const peaks: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peaks.push(Math.round(Number(hwm[1]) / 1024));
    } catch {
      // The process ended meanwhile.
    }
  }
  return peaks;
}

/** Streams `sql`'s result from a ClickHouse server into `file` (node:http, no JS string). */
async function exportTo(url: string, sql: string, file: string): Promise<void> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST' }, resolve);
    request.on('error', reject);
    request.end(sql);
  });
  if (response.statusCode !== 200) throw new Error(`export failed: ${response.statusCode}`);
  await pipe(response, createWriteStream(file));
}

const chSettings = {
  max_bytes_before_external_group_by: 3_000_000_000,
  max_bytes_before_external_sort: 3_000_000_000,
};

async function measure(n: number): Promise<Row> {
  const cluster = await startClickHouse(2, { maxThreads: THREADS, maxMemoryUsage: 6_000_000_000 });
  mkdirSync(DATA, { recursive: true });
  const duckFile = `${DATA}/duck-${n}.db`;
  rmSync(duckFile, { force: true });
  rmSync(`${duckFile}.wal`, { force: true });
  const engine = await Engine.open({ path: duckFile, threads: THREADS * 2, memoryLimit: '6GB' });
  const csvs: string[] = [];
  try {
    const [first, second] = cluster.servers as [
      (typeof cluster.servers)[0],
      (typeof cluster.servers)[0],
    ];
    const clientOf = (url: string): ClickHouseClient =>
      new ClickHouseClient({ url, timeoutMs: 3_600_000, settings: chSettings });
    const client = clientOf(first.url);
    const shards = [first, second].map((s) => ({ client: clientOf(s.url), table: 'tx_shard' }));
    const [chLoad] = await step(n, 'clickhouse-load', async () => {
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
    });
    const [chOptimize] = await step(n, 'clickhouse-optimize', async () => {
      await Promise.all(shards.map((s) => s.client.command('OPTIMIZE TABLE tx_shard FINAL')));
    });
    // Each shard's rows as CSV (ClickHouse prints doubles in shortest round-trip form).
    const [exportSeconds] = await step(n, 'export-csv', () =>
      Promise.all(
        [first, second].map(async (s, i) => {
          const file = `${DATA}/tx-${n}-shard${i + 1}.csv`;
          csvs.push(file);
          await exportTo(
            s.url,
            'SELECT customer_id, day, amount FROM tx_shard FORMAT CSVWithNames',
            file,
          );
        }),
      ),
    );
    const [duckLoad] = await step(n, 'duckdb-load', () =>
      engine.run(
        `CREATE TABLE tx AS SELECT * FROM read_csv([${csvs.map((f) => `'${f}'`).join(', ')}], header = true, columns = {'customer_id': 'VARCHAR', 'day': 'DATE', 'amount': 'DOUBLE'})`,
      ),
    );
    const [fit, sampled] = await step(n, 'fit-sample', () =>
      fitSample(client, { table: 'tx_all', columns: COLUMNS, sampleCustomers: SAMPLE, seed: SEED }),
    );
    const model = sampled.pipeline;
    // The model's as-of date and feature configuration, shared by both engines (not timed).
    const query = await engineScoringQuery(client, model, { table: 'tx_all' });
    const config = query.config;
    const [duckFeatures] = await step(n, 'duckdb-features-into-table', () =>
      engine.run(
        `CREATE TABLE features AS ${customerFeaturesSql(config, { dialect: duckdbDialect, table: 'tx' })}`,
      ),
    );
    const columns = pipelineLabelColumns(model);
    const scoring = scoringSql(engineScoringParts(model, config), {
      dialect: duckdbDialect,
      table: 'tx',
      columns,
    }).sql;
    const [duckScore] = await step(n, 'duckdb-score-into-table', () =>
      engine.run(`CREATE TABLE scores AS ${scoring}`),
    );
    const [chFeatures] = await step(n, 'clickhouse-features-into-table', () =>
      Promise.all(
        shards.map((s) =>
          s.client.command(
            `CREATE TABLE features ENGINE = MergeTree() ORDER BY tuple() AS\n${customerFeaturesSql(config, { dialect: clickhouseDialect, table: s.table })}`,
          ),
        ),
      ),
    );
    const [chScore, summary] = await step(n, 'clickhouse-score-into-table', () =>
      scoreIntoTable(client, model, {
        table: 'tx_all',
        shards,
        into: 'scores',
        asOf: query.asOf,
      }),
    );
    // Same customers, and the same number per cluster, in both engines (a check, not timed).
    const duckCounts = await engine.columns(
      'SELECT cluster_name, count(*) AS n FROM scores GROUP BY cluster_name',
    );
    const names = duckCounts['cluster_name'] as (string | null)[];
    const counts = duckCounts['n'] as Float64Array;
    let duckCustomers = 0;
    names.forEach((name, i) => {
      duckCustomers += counts[i] as number;
      if (name !== null && summary.clusters[name] !== counts[i]) {
        throw new Error(
          `cluster ${name}: ${summary.clusters[name]} in ClickHouse, ${counts[i]} in DuckDB`,
        );
      }
    });
    const featureRows = await Promise.all(
      shards.map((s) => s.client.table('SELECT count() AS n FROM features')),
    );
    const chFeatureRows = featureRows.reduce((t, r) => t + ((r['n'] as Float64Array)[0] ?? 0), 0);
    const duckFeatureRows = Number((await engine.row('SELECT count(*) AS n FROM features'))['n']);
    if (duckCustomers !== summary.customers || chFeatureRows !== duckFeatureRows) {
      throw new Error(
        `engines disagree: ${summary.customers} vs ${duckCustomers} scored, ${chFeatureRows} vs ${duckFeatureRows} featured`,
      );
    }
    const toJs =
      n <= JS_MAX ? await measureToJs(n, engine, client, shards, model, csvs) : undefined;
    return {
      size: n,
      customers: summary.customers,
      load: { clickhouse: chLoad, optimize: chOptimize, export: exportSeconds, duckdb: duckLoad },
      fit,
      inEngine: {
        clickhouse: { features: chFeatures, score: chScore },
        duckdb: { features: duckFeatures, score: duckScore },
      },
      ...(toJs === undefined ? {} : { toJs }),
      peakRssMB: {
        clickhouse: peakRssOf(cluster.folder),
        node: Math.round(process.resourceUsage().maxRSS / 1024),
      },
    };
  } finally {
    engine.close();
    await cluster.stop();
    for (const f of [...csvs, duckFile, `${duckFile}.wal`]) rmSync(f, { force: true });
  }
}

/** The paths that return every customer to JS, checked against each other. */
async function measureToJs(
  n: number,
  engine: Engine,
  client: ClickHouseClient,
  shards: { client: ClickHouseClient; table: string }[],
  model: Awaited<ReturnType<typeof fitSample>>['pipeline'],
  csvs: string[],
): Promise<ToJs> {
  const [duckLoad, tx] = await step(n, 'duckdb-loadTransactions', async () => {
    await engine.run(`COPY (SELECT * FROM tx ORDER BY customer_id) TO '${DATA}/tx-${n}.csv'`);
    csvs.push(`${DATA}/tx-${n}.csv`);
    return loadTransactions(`${DATA}/tx-${n}.csv`, { engine, map: COLUMNS });
  });
  const [chFeatures, remote] = await step(n, 'clickhouse-features-js', () =>
    remoteFeatures(client, { table: 'tx_all', columns: COLUMNS }),
  );
  const [chFeaturesShards] = await step(n, 'clickhouse-features-js-shards', () =>
    remoteFeatures(client, { table: 'tx_all', columns: COLUMNS, shards }),
  );
  const [chScore] = await step(n, 'clickhouse-score-js', () =>
    scoreInEngine(client, model, { table: 'tx_all' }),
  );
  const [chScoreShards, scored] = await step(n, 'clickhouse-score-js-shards', () =>
    scoreInEngine(client, model, { table: 'tx_all', shards }),
  );
  const [duckFeatures, local] = await step(n, 'duckdb-features-js', () => customerFeatures(tx));
  const [duckScore, inProcess] = await step(n, 'duckdb-score-js', () => scoreCustomers(model, tx));
  const a = scored.table['cluster_name'] as (string | null)[];
  const b = inProcess.cohorts['cluster_name'] as (string | null)[];
  const differing = a.filter((x, i) => x !== b[i]).length;
  if (rowCount(remote.table) !== rowCount(local.table) || differing > 0) {
    throw new Error(
      `engines disagree: ${rowCount(remote.table)} vs ${rowCount(local.table)} customers, ${differing} labels`,
    );
  }
  return {
    duckdbLoad: duckLoad,
    clickhouse: {
      features: chFeatures,
      featuresShards: chFeaturesShards,
      score: chScore,
      scoreShards: chScoreShards,
    },
    duckdb: { features: duckFeatures, score: duckScore },
  };
}

const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  console.error(`RESULT ${JSON.stringify(row)}`);
  rows.push(row);
}
const s = (x: number): string => x.toFixed(2);
console.log(
  '| transactions | customers | CH features → table (per shard) | CH score → table (per shard) | DuckDB features → table | DuckDB score → table | sample fit | CH load / optimize | CSV export / DuckDB load | peak RSS CH servers / node (MB) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const e = r.inEngine;
  console.log(
    `| ${r.size.toLocaleString('en')} | ${r.customers.toLocaleString('en')} | ${s(e.clickhouse.features)} | ${s(e.clickhouse.score)} | ${s(e.duckdb.features)} | ${s(e.duckdb.score)} | ${s(r.fit)} | ${s(r.load.clickhouse)} / ${s(r.load.optimize)} | ${s(r.load.export)} / ${s(r.load.duckdb)} | ${r.peakRssMB.clickhouse.join(', ')} / ${r.peakRssMB.node} |`,
  );
}

/**
 * The measured tasks of `bench/scale.ts`, each run in its own process so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own. Invoked by the driver as
 *
 *     node .bench/bench/scale-tasks.js <task> <args…>
 *
 * and prints one line `RESULT {json}` with seconds per phase and `rssMB`.
 */
import { mkdirSync } from 'node:fs';
import { parseRunArgs } from '../src/cli/args.js';
import { StageProgress } from '../src/cli/progress.js';
import { runPipeline } from '../src/cli/run.js';
import { createMatrix, KMeans, shutdownKMeansWorkers } from '../src/cluster/kmeans/index.js';
import { resolveAsOf } from '../src/data/as-of.js';
import { Engine } from '../src/data/engine.js';
import { loadTransactions, type TransactionMapping } from '../src/data/transactions.js';
import { customerFeatures } from '../src/features/customer-features.js';
import { featuresSql } from '../src/features/features-sql.js';
import { Sampler } from '../src/synth/samplers.js';
import { writeSynthetic } from '../src/synth/write.js';

/** The synthetic files' columns, RFM only (no category shares). */
const RFM_MAP: TransactionMapping = {
  customerId: 'customer_id',
  date: 'order_date',
  amount: 'amount',
};
/** The same with category and channel mapped (customerFeatures adds 12 spend shares). */
const FULL_MAP: TransactionMapping = { ...RFM_MAP, category: 'category', channel: 'channel' };

const seconds = (from: number): number => (performance.now() - from) / 1000;
const rssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
/** CPU seconds of the whole process (all DuckDB and worker threads): less load-sensitive than wall time. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function report(result: Record<string, unknown>): void {
  console.log(`RESULT ${JSON.stringify({ ...result, cpu: cpuSeconds(), rssMB: rssMB() })}`);
}

/** gen <transactions> <out.parquet> <customers.parquet>: the generator, timed. */
async function gen(n: number, out: string, customers: string): Promise<void> {
  const t = performance.now();
  const s = await writeSynthetic({
    spec: { transactions: n, seed: 1 },
    transactionsFile: out,
    customersFile: customers,
  });
  report({
    task: 'gen',
    n,
    customers: s.customers,
    total: seconds(t),
    generate: s.generateSeconds,
    load: s.loadSeconds,
    write: s.writeSeconds,
  });
}

/** features <file> <rfm|full>: loadTransactions → customerFeatures (the table ends in JS). */
async function features(file: string, mode: string): Promise<void> {
  const engine = await Engine.open();
  const t0 = performance.now();
  const tx = await loadTransactions(file, { engine, map: mode === 'full' ? FULL_MAP : RFM_MAP });
  const load = seconds(t0);
  const t1 = performance.now();
  const f = await customerFeatures(tx);
  const feat = seconds(t1);
  const customers = f.table['customer_id']?.length ?? 0;
  report({
    task: `features-${mode}`,
    file,
    rows: tx.rows,
    customers,
    columns: Object.keys(f.table).length,
    load,
    features: feat,
    total: load + feat,
  });
  engine.close();
}

/**
 * features-sql <file> [memoryLimit] [tempDir]: loadTransactions → the feature query into a
 * DuckDB table, nothing per customer in JavaScript (the path for data too big to hold as a JS
 * table). With a memory limit DuckDB spills its hash tables to `tempDir` instead of growing.
 */
async function featuresInEngine(file: string, memoryLimit: string, tempDir: string): Promise<void> {
  const engine = await Engine.open(memoryLimit === '' ? {} : { memoryLimit });
  if (tempDir !== '') {
    mkdirSync(tempDir, { recursive: true });
    await engine.run(`SET temp_directory = '${tempDir}'`);
  }
  const t0 = performance.now();
  const tx = await loadTransactions(file, { engine, map: RFM_MAP });
  const load = seconds(t0);
  const t1 = performance.now();
  const asOf = await resolveAsOf(tx);
  const query = featuresSql({
    source: tx.table,
    asOf,
    hasOrderId: false,
    windows: [],
    categories: [],
    customerKey: tx.customerKey,
  });
  await engine.run(`CREATE TEMP TABLE scale_features AS ${query}`);
  const summary = await engine.row(
    `SELECT count(*) AS customers, avg(monetary) AS monetary FROM scale_features`,
  );
  report({
    task: 'features-sql',
    memoryLimit: memoryLimit || 'default (80% of RAM)',
    file,
    rows: tx.rows,
    customers: Number(summary['customers']),
    load,
    features: seconds(t1),
    total: load + seconds(t1),
  });
  engine.close();
}

/** pipeline <file> <outDir>: the main job (`cohortlab run`) through its public runPipeline. */
async function pipeline(file: string, out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const args = parseRunArgs([
    '--transactions',
    file,
    '--map',
    'id=customer_id,date=order_date,amount=amount',
    '--out',
    out,
    '--force',
  ]);
  // The CLI's own progress, quiet: it keeps the time of every stage.
  const progress = new StageProgress({ write: () => true }, { quiet: true });
  const t0 = performance.now();
  const result = await runPipeline(args, { log: () => undefined, progress });
  const stages = progress.timings.map((t) => ({ stage: t.stage, seconds: t.seconds }));
  report({ task: 'pipeline', file, customers: result.customers, total: seconds(t0), stages });
  shutdownKMeansWorkers();
}

/**
 * kmeans <rows> <cols> <k>: KMeans on a seeded mixture of k Gaussian blobs with skewed sizes
 * (the shape of scaled customer features), one initialization.
 */
async function kmeans(rows: number, cols: number, k: number): Promise<void> {
  const s = new Sampler(7);
  const centres = Float64Array.from({ length: k * cols }, () => s.normal() * 3);
  const t0 = performance.now();
  const x = createMatrix(rows, cols);
  const { data } = x;
  for (let i = 0; i < rows; i++) {
    const c = Math.min(k - 1, Math.floor(-Math.log(1 - s.uniform()) * 2)); // small clusters rarer
    for (let j = 0; j < cols; j++)
      data[i * cols + j] = (centres[c * cols + j] as number) + s.normal();
  }
  const make = seconds(t0);
  const rssData = rssMB();
  const t1 = performance.now();
  const model = new KMeans({ k, nInit: 1, seed: 0 }).fit(x);
  const fit = seconds(t1);
  report({
    task: 'kmeans',
    rows,
    cols,
    k,
    make,
    fit,
    iterations: model.iterations,
    rssAfterData: rssData,
  });
  shutdownKMeansWorkers();
}

const [task, ...rest] = process.argv.slice(2);
const arg = (i: number): string => rest[i] ?? '';
switch (task) {
  case 'gen':
    await gen(Number(arg(0)), arg(1), arg(2));
    break;
  case 'features':
    await features(arg(0), arg(1) || 'rfm');
    break;
  case 'features-sql':
    await featuresInEngine(arg(0), arg(1), arg(2));
    break;
  case 'pipeline':
    await pipeline(arg(0), arg(1));
    break;
  case 'kmeans':
    await kmeans(Number(arg(0)), Number(arg(1) || 8), Number(arg(2) || 8));
    break;
  default:
    console.error('tasks: gen, features, features-sql, pipeline, kmeans');
    process.exitCode = 2;
}

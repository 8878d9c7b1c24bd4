/**
 * MLPClassifier fit time on the TensorFlow.js wasm and cpu backends, with scikit-learn's
 * MLPClassifier (same layers, Adam, batch size, L2 and epoch count) alongside for scale.
 *
 * Run from the repository root:
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/mlp.js [rows of the synthetic set]
 *
 * Cases: data/wholesale_customers.csv (440 rows, log1p of the six spend columns, Channel),
 * and a synthetic two-class set (default 100,000 rows × 8 features, a non-linear boundary).
 * Epoch counts are fixed (no early stopping) so that every run does the same work; times are
 * the best of a few runs. scikit-learn runs through /usr/bin/python3 (override with
 * PYTHON=…); without it only our timings are printed. Prints a Markdown report.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MLPClassifier } from '../src/classify/mlp/index.js';
import { loadTensorFlow } from '../src/classify/mlp/tf.js';
import type { TensorFlowBackend } from '../src/classify/mlp/index.js';
import { Xoshiro128 } from '../src/cluster/kmeans/random.js';
import type { ColumnTable } from '../src/table/column-table.js';

const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
const SPEND = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];

interface Case {
  readonly name: string;
  readonly table: ColumnTable;
  readonly labels: string[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly repeats: number;
}

interface Timing {
  readonly fitMs: number;
  readonly predictMs: number;
  readonly accuracy: number;
}

function wholesale(): { table: ColumnTable; labels: string[] } {
  const [header, ...lines] = readFileSync('data/wholesale_customers.csv', 'utf8')
    .trim()
    .split(/\r?\n/);
  const names = (header as string).split(',');
  const rows = lines.map((line) => line.split(',').map(Number));
  const table: Record<string, Float64Array> = {};
  for (const name of SPEND) {
    const j = names.indexOf(name);
    table[name] = Float64Array.from(rows, (r) => Math.log1p(r[j] as number));
  }
  const channel = names.indexOf('Channel');
  return { table, labels: rows.map((r) => (r[channel] === 1 ? 'Horeca' : 'Retail')) };
}

/** 8 standard-normal features; class 'a' when x0·x1 + sin(2·x2) + x3² / 2 > 0.5. */
function synthetic(n: number): { table: ColumnTable; labels: string[] } {
  const rng = new Xoshiro128(42);
  const cols = Array.from({ length: 8 }, () => new Float64Array(n));
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    for (const col of cols) {
      const u = 1 - rng.nextFloat();
      col[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
    }
    const v = (k: number): number => (cols[k] as Float64Array)[i] as number;
    labels.push(v(0) * v(1) + Math.sin(2 * v(2)) + (v(3) * v(3)) / 2 > 0.5 ? 'a' : 'b');
  }
  const table: Record<string, Float64Array> = {};
  cols.forEach((col, k) => (table[`x${k}`] = col));
  return { table, labels };
}

async function timeOurs(c: Case, backend: TensorFlowBackend): Promise<Timing> {
  let fitMs = Infinity;
  let predictMs = Infinity;
  let accuracy = 0;
  for (let r = 0; r < c.repeats; r++) {
    const mlp = new MLPClassifier({
      epochs: c.epochs,
      batchSize: c.batchSize,
      validationFraction: 0,
      seed: r,
      backend,
    });
    const t0 = performance.now();
    await mlp.fit(c.table, c.labels);
    fitMs = Math.min(fitMs, performance.now() - t0);
    const t1 = performance.now();
    const predicted = mlp.predict(c.table);
    predictMs = Math.min(predictMs, performance.now() - t1);
    accuracy = predicted.filter((p, i) => p === c.labels[i]).length / c.labels.length;
  }
  return { fitMs, predictMs, accuracy };
}

function timeSklearn(c: Case): (Timing & { version: string }) | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-mlp-'));
  try {
    const names = Object.keys(c.table);
    const n = c.labels.length;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      rows.push(names.map((name) => String((c.table[name] as Float64Array)[i])).join(','));
    }
    writeFileSync(join(dir, 'x.csv'), rows.join('\n'));
    writeFileSync(join(dir, 'y.txt'), c.labels.join('\n'));
    const script = `
import sys, time, json, warnings, numpy as np, sklearn
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
warnings.filterwarnings('ignore')
x = np.loadtxt('${dir}/x.csv', delimiter=',', ndmin=2)
y = np.array(open('${dir}/y.txt').read().split('\\n'))
best_fit = best_pred = float('inf'); acc = 0
for r in range(${c.repeats}):
    t0 = time.perf_counter()
    xs = StandardScaler().fit_transform(x)
    m = MLPClassifier(hidden_layer_sizes=(32, 16), alpha=1e-4, batch_size=${c.batchSize},
        learning_rate_init=0.001, max_iter=${c.epochs}, n_iter_no_change=10**9, tol=0,
        random_state=r).fit(xs, y)
    best_fit = min(best_fit, time.perf_counter() - t0)
    t1 = time.perf_counter(); p = m.predict(xs); best_pred = min(best_pred, time.perf_counter() - t1)
    acc = float((p == y).mean())
print(json.dumps({'fitMs': best_fit * 1000, 'predictMs': best_pred * 1000, 'accuracy': acc,
    'version': sklearn.__version__}))
`;
    const out = execFileSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    return JSON.parse(out) as Timing & { version: string };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number): string => Math.round(v).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const w = wholesale();
  const s = synthetic(rows);
  const cases: Case[] = [
    { name: 'wholesale 440 × 6', ...w, epochs: 200, batchSize: 32, repeats: 3 },
    {
      name: `synthetic ${rows.toLocaleString('en-US')} × 8`,
      ...s,
      epochs: 2,
      batchSize: 32,
      repeats: 1,
    },
    {
      name: `synthetic ${rows.toLocaleString('en-US')} × 8`,
      ...s,
      epochs: 5,
      batchSize: 256,
      repeats: 1,
    },
  ];
  const { tf } = await loadTensorFlow('wasm');
  const lines = [
    `MLPClassifier [32, 16] relu, Adam, fixed epochs; ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores); node ${process.version}; @tensorflow/tfjs ${tf.version.tfjs} — ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| data | epochs | batch | wasm fit (ms) | cpu fit (ms) | cpu / wasm | sklearn fit (ms) | wasm / sklearn | predict, JS (ms) | train acc wasm / cpu / sklearn |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  let sklearnVersion = '';
  for (const c of cases) {
    const wasm = await timeOurs(c, 'wasm');
    const cpu = await timeOurs(c, 'cpu');
    const sk = timeSklearn(c);
    if (sk !== undefined) sklearnVersion = sk.version;
    lines.push(
      `| ${c.name} | ${c.epochs} | ${c.batchSize} | ${ms(wasm.fitMs)} | ${ms(cpu.fitMs)} | ${(cpu.fitMs / wasm.fitMs).toFixed(1)}× | ${sk ? ms(sk.fitMs) : '–'} | ${sk ? (wasm.fitMs / sk.fitMs).toFixed(1) + '×' : '–'} | ${ms(wasm.predictMs)} | ${wasm.accuracy.toFixed(3)} / ${cpu.accuracy.toFixed(3)} / ${sk ? sk.accuracy.toFixed(3) : '–'} |`,
    );
    console.error(`done: ${c.name}, batch ${c.batchSize}`);
  }
  lines.push('');
  lines.push(
    sklearnVersion
      ? `scikit-learn ${sklearnVersion} via ${PYTHON}: MLPClassifier(hidden_layer_sizes=(32, 16), batch_size, max_iter = epochs, no early stopping), its fit time including a StandardScaler; its L2 penalty is defined differently (alpha 1e-4, its default), so accuracies are comparable, not identical. Train accuracy is on the training rows (a speed check, not a generalisation estimate).`
      : 'scikit-learn not available',
  );
  console.log(lines.join('\n'));
}

await main();

/**
 * k-prototypes against k-means on the same rows one-hot encoded: 1M customers × (4 numeric +
 * 3 categorical of 4 levels), k = 5, one run each (nInit 1), seeded, in one process.
 *
 * The one-hot columns are scaled by √(γ/2) with k-prototypes' resolved γ, so that a category
 * mismatch costs k-means what it costs k-prototypes (two unit differences → γ): both minimise
 * comparable costs. k-means runs as configured by default (Hamerly, WebAssembly loops, all
 * cores) and on 1 thread; k-prototypes runs on 1 thread (its loops are plain JavaScript).
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/kprototypes.js [rows, default 1000000]
 *
 * Times are wall-clock ms of the whole fit (encoding, validation and seeding included), best
 * of `REPEATS`; "ms / iteration" divides by the iterations of that fit. Printed as markdown.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { KMeans } from '../src/cluster/kmeans/kmeans.js';
import { createMatrix } from '../src/cluster/kmeans/matrix.js';
import { Xoshiro128 } from '../src/cluster/kmeans/random.js';
import { KPrototypes } from '../src/cluster/kprototypes/kprototypes.js';
import { adjustedRandScore } from '../src/cluster/metrics/adjusted-rand.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const K = 5;
const P = 4;
const Q = 3;
const LEVELS = ['a', 'b', 'c', 'd'];
const REPEATS = Number(process.env['REPEATS'] ?? 2);

function data(): {
  numeric: ReturnType<typeof createMatrix>;
  categorical: Record<string, string[]>;
  planted: Int32Array;
} {
  const rng = new Xoshiro128(7);
  const centres = Float64Array.from({ length: K * P }, () => -2 + 4 * rng.nextFloat());
  const numeric = createMatrix(ROWS, P);
  const planted = new Int32Array(ROWS);
  const categorical: Record<string, string[]> = {};
  for (let a = 0; a < Q; a++) categorical[`c${a}`] = new Array<string>(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const s = rng.nextInt(K);
    planted[i] = s;
    for (let t = 0; t < P; t++) {
      const u = 1 - rng.nextFloat();
      const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
      numeric.data[i * P + t] = (centres[s * P + t] as number) + g;
    }
    for (let a = 0; a < Q; a++) {
      const own = LEVELS[(s + a) % 4] as string;
      categorical[`c${a}`]![i] = rng.nextFloat() < 0.6 ? own : (LEVELS[rng.nextInt(4)] as string);
    }
  }
  return { numeric, categorical, planted };
}

function oneHot(
  numeric: ReturnType<typeof createMatrix>,
  categorical: Record<string, string[]>,
  gamma: number,
): ReturnType<typeof createMatrix> {
  const cols = P + Q * LEVELS.length;
  const out = createMatrix(ROWS, cols);
  const w = Math.sqrt(gamma / 2);
  for (let i = 0; i < ROWS; i++) {
    for (let t = 0; t < P; t++) out.data[i * cols + t] = numeric.data[i * P + t] as number;
    for (let a = 0; a < Q; a++) {
      const level = LEVELS.indexOf(categorical[`c${a}`]![i] as string);
      out.data[i * cols + P + a * LEVELS.length + level] = w;
    }
  }
  return out;
}

function best<T>(run: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value: T | undefined;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    value = run();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, value: value as T };
}

const d = data();
const kp = best(() => new KPrototypes({ k: K, nInit: 1, seed: 1 }).fit(d));
const gamma = kp.value.gamma;
const x = oneHot(d.numeric, d.categorical, gamma);
const km = best(() => new KMeans({ k: K, nInit: 1, seed: 1 }).fit(x));
const km1 = best(() => new KMeans({ k: K, nInit: 1, seed: 1, threads: 1 }).fit(x));

const row = (name: string, ms: number, iterations: number, labels: Int32Array): string =>
  `| ${name} | ${ms.toFixed(0)} ms | ${iterations} | ${(ms / iterations).toFixed(1)} ms | ${(ms / kp.ms).toFixed(2)} | ${adjustedRandScore(d.planted, labels).toFixed(3)} |`;
console.log(
  `${ROWS.toLocaleString('en-US')} rows × (${P} numeric + ${Q} categorical of ${LEVELS.length}), k = ${K}, nInit 1, best of ${REPEATS}; γ = ${gamma.toFixed(3)}`,
);
console.log(
  `${new Date().toISOString()}; ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; Node ${process.version}\n`,
);
console.log('| fit | time | iterations | per iteration | time / k-prototypes | ARI vs planted |');
console.log('|---|---:|---:|---:|---:|---:|');
console.log(row('k-prototypes (1 thread)', kp.ms, kp.value.learned.iterations, kp.value.labels));
console.log(
  row(
    `k-means on one-hot (${x.cols} columns, auto: ${km.value.learned.algorithm}, all cores)`,
    km.ms,
    km.value.iterations,
    km.value.labels,
  ),
);
console.log(row('k-means on one-hot (1 thread)', km1.ms, km1.value.iterations, km1.value.labels));
process.exit(0);

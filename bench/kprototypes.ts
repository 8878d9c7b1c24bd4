/**
 * k-prototypes against k-means on the same rows one-hot encoded: 1M customers × (4 numeric +
 * 3 categorical of 4 levels), k = 5, one run per seed (nInit 1) for seeds 1, 2 and 3 (a single
 * seed compares the luck of two initialisations more than the algorithms), in one process.
 *
 * The one-hot columns are scaled by √(γ/2) with k-prototypes' resolved γ, so that a category
 * mismatch costs k-means what it costs k-prototypes (two unit differences → γ): both minimise
 * comparable costs. k-means runs as configured by default (Hamerly, WebAssembly loops, all
 * cores) and on 1 thread; k-prototypes runs on 1 thread (its loops are plain JavaScript).
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/kprototypes.js [rows, default 1000000]
 *
 * Times are wall-clock ms of the whole fits (encoding, validation and seeding included),
 * summed over the seeds; "per iteration" divides by the iterations summed over the seeds; ARI
 * is the mean over the seeds. Printed as markdown.
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
const SEEDS = [1, 2, 3];

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

interface Total {
  ms: number;
  iterations: number;
  ari: number;
}

/** Fits once per seed: total time and iterations, mean ARI against the planted segments. */
function total(fit: (seed: number) => { iterations: number; labels: Int32Array }): Total {
  const out = { ms: 0, iterations: 0, ari: 0 };
  for (const seed of SEEDS) {
    const start = performance.now();
    const { iterations, labels } = fit(seed);
    out.ms += performance.now() - start;
    out.iterations += iterations;
    out.ari += adjustedRandScore(d.planted, labels) / SEEDS.length;
  }
  return out;
}

const d = data();
const gamma = new KPrototypes({ k: K, nInit: 1, seed: 1, maxIter: 1 }).fit(d).gamma;
const kp = total((seed) => {
  const m = new KPrototypes({ k: K, nInit: 1, seed }).fit(d);
  return { iterations: m.learned.iterations, labels: m.labels };
});
const x = oneHot(d.numeric, d.categorical, gamma);
let algorithm = '';
const km = total((seed) => {
  const m = new KMeans({ k: K, nInit: 1, seed }).fit(x);
  algorithm = m.learned.algorithm;
  return { iterations: m.iterations, labels: m.labels };
});
const km1 = total((seed) => {
  const m = new KMeans({ k: K, nInit: 1, seed, threads: 1 }).fit(x);
  return { iterations: m.iterations, labels: m.labels };
});

const row = (name: string, t: Total): string =>
  `| ${name} | ${t.ms.toFixed(0)} ms | ${t.iterations} | ${(t.ms / t.iterations).toFixed(1)} ms | ${(t.ms / kp.ms).toFixed(2)} | ${t.ari.toFixed(3)} |`;
console.log(
  `${ROWS.toLocaleString('en-US')} rows × (${P} numeric + ${Q} categorical of ${LEVELS.length}), k = ${K}, nInit 1, seeds ${SEEDS.join(', ')}; γ = ${gamma.toFixed(3)}`,
);
console.log(
  `${new Date().toISOString()}; ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; Node ${process.version}\n`,
);
console.log(
  '| fits (3 seeds) | total time | iterations | per iteration | time / k-prototypes | mean ARI vs planted |',
);
console.log('|---|---:|---:|---:|---:|---:|');
console.log(row('k-prototypes (1 thread)', kp));
console.log(row(`k-means on one-hot (${x.cols} columns, auto: ${algorithm}, all cores)`, km));
console.log(row('k-means on one-hot (1 thread)', km1));
process.exit(0);

/**
 * Exact silhouette score: cohortlab against scikit-learn on the same data, same machine, same
 * run. Gaussian blobs (k = 8 centres, seeded) of 2,000 to 20,000 points × 8 features.
 *
 * Run from the repository root (there is no TS runner among the dependencies, so compile
 * first):
 *
 *     npx tsc bench/silhouette.ts --outDir /tmp/cohortlab-bench --rootDir . \
 *       --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck --types node
 *     node /tmp/cohortlab-bench/bench/silhouette.js [sizes, e.g. 2000,10000]
 *
 * scikit-learn runs through /usr/bin/python3 (override with PYTHON=…); without it only our
 * timings are printed. Times: first call and best of 3, in milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { silhouetteScore } from '../src/cluster/metrics/silhouette.js';
import { createRandom } from '../src/cluster/metrics/random.js';
import type { MatrixLike } from '../src/cluster/metrics/matrix-like.js';

const COLS = 8;
const K = 8;
const REPEATS = 3;
const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';

interface SklearnTiming {
  first: number;
  best: number;
  score: number;
  sklearn: string;
}

/** k Gaussian blobs, centres uniform in [-6, 6]^cols, unit spread; labels = generating centre. */
function blobs(rows: number, seed: number): { x: MatrixLike; labels: Int32Array } {
  const random = createRandom(seed);
  const centres = Float64Array.from({ length: K * COLS }, () => -6 + 12 * random.nextFloat());
  const data = new Float64Array(rows * COLS);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = random.nextInt(K);
    labels[i] = c;
    for (let j = 0; j < COLS; j++) {
      const u = 1 - random.nextFloat();
      const gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
      data[i * COLS + j] = (centres[c * COLS + j] as number) + gauss;
    }
  }
  return { x: { data, rows, cols: COLS }, labels };
}

function timeOurs(
  x: MatrixLike,
  labels: Int32Array,
): { first: number; best: number; score: number } {
  const times: number[] = [];
  let score = NaN;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    score = silhouetteScore(x, labels, { sampleSize: null });
    times.push(performance.now() - start);
  }
  return { first: times[0] as number, best: Math.min(...times), score };
}

function timeSklearn(x: MatrixLike, labels: Int32Array, dir: string): SklearnTiming | null {
  const dataPath = join(dir, `x-${x.rows}.f64`);
  const labelsPath = join(dir, `labels-${x.rows}.i32`);
  writeFileSync(dataPath, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
  writeFileSync(labelsPath, new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  try {
    const out = execFileSync(
      PYTHON,
      [
        'bench/silhouette_sklearn.py',
        dataPath,
        labelsPath,
        String(x.rows),
        String(COLS),
        String(REPEATS),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return JSON.parse(out) as SklearnTiming;
  } catch (error) {
    console.error(`scikit-learn not run: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

function main(): void {
  const sizes = (process.argv[2] ?? '2000,5000,10000,20000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-silhouette-'));
  // Warm the JIT on a small problem, as a long-running process would be.
  const warm = blobs(500, 1);
  silhouetteScore(warm.x, warm.labels);

  const ms = (s: number): string => s.toFixed(0);
  console.log(
    `silhouette, ${COLS} features, k = ${K}; ${cpus()[0]?.model ?? '?'} (${cpus().length} cores); node ${process.version}`,
  );
  console.log('');
  console.log(
    '| points | ours first (ms) | ours best of 3 (ms) | sklearn first (ms) | sklearn best of 3 (ms) | speed-up (best) | abs score diff |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  let version = '';
  try {
    for (const rows of sizes) {
      const { x, labels } = blobs(rows, rows);
      const ours = timeOurs(x, labels);
      const theirs = timeSklearn(x, labels, dir);
      if (theirs !== null) version = theirs.sklearn;
      const cells =
        theirs === null
          ? ['-', '-', '-', '-']
          : [
              ms(theirs.first * 1000),
              ms(theirs.best * 1000),
              `${((theirs.best * 1000) / ours.best).toFixed(1)}×`,
              Math.abs(theirs.score - ours.score).toExponential(1),
            ];
      console.log(`| ${rows} | ${ms(ours.first)} | ${ms(ours.best)} | ${cells.join(' | ')} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (version !== '') console.log(`\nscikit-learn ${version} via ${PYTHON}`);
}

main();

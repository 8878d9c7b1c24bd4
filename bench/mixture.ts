/**
 * Gaussian mixtures and Ward's tree: cohortlab against scikit-learn on the same data, same
 * machine, same run.
 *
 * - GaussianMixture, 'diag' and 'full', 100,000 × 6 Gaussian blobs, k = 8: both start from
 *   the same weights, means and precisions and run exactly 20 EM iterations (tol 0), so the
 *   work is equal; first fit and best of 3; the lower bounds must agree.
 * - Ward on 20,000 × 6 rows (the exact tree: 800 MB of condensed distances on each side),
 *   cut into 8 clusters; one fit each.
 *
 *     node node_modules/typescript/bin/tsc -p tsconfig.bench.json && node .bench/bench/mixture.js
 *
 * scikit-learn runs through /usr/bin/python3 (override with PYTHON=…). WARD_ROWS=n changes
 * the Ward size (0 skips it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgglomerativeClustering } from '../src/cluster/hierarchy/agglomerative.js';
import type { Matrix } from '../src/cluster/kmeans/matrix.js';
import { Xoshiro128 } from '../src/cluster/kmeans/random.js';
import { GaussianMixture } from '../src/cluster/mixture/gaussian-mixture.js';

const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
const COLS = 6;
const K = 8;
const ITER = 20;

function blobs(rows: number, seed: number): Matrix {
  const rng = new Xoshiro128(seed);
  const centres = Float64Array.from({ length: K * COLS }, () => -5 + 10 * rng.nextFloat());
  const data = new Float64Array(rows * COLS);
  for (let i = 0; i < rows; i++) {
    const c = rng.nextInt(K);
    for (let t = 0; t < COLS; t++) {
      const u = 1 - rng.nextFloat();
      const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
      data[i * COLS + t] = (centres[c * COLS + t] as number) + 1.5 * g;
    }
  }
  return { data, rows, cols: COLS };
}

function sklearn(args: string[]): Record<string, unknown> | undefined {
  try {
    return JSON.parse(
      execFileSync(PYTHON, ['bench/mixture_sklearn.py', ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      }),
    ) as Record<string, unknown>;
  } catch (error) {
    console.error(`scikit-learn not run: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-mixture-'));
  try {
    console.log(`# GaussianMixture and Ward: cohortlab vs scikit-learn\n`);
    console.log(
      `${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}\n`,
    );
    const x = blobs(100_000, 7);
    const path = join(dir, 'gmm.f64');
    writeFileSync(path, new Uint8Array(x.data.buffer));
    console.log(
      `| GMM ${x.rows} × ${COLS}, k = ${K}, ${ITER} EM iterations | cohortlab first | best of 3 | scikit-learn first | best of 3 | ratio (best) | lower bound diff |`,
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const covarianceType of ['diag', 'full'] as const) {
      const means = Array.from({ length: K }, (_, j) =>
        Array.from(x.data.subarray(j * 997 * COLS, j * 997 * COLS + COLS)),
      );
      const identity = Array.from({ length: COLS }, (_, a) =>
        Array.from({ length: COLS }, (_, b) => (a === b ? 1 : 0)),
      );
      const precisions =
        covarianceType === 'diag'
          ? means.map(() => new Array(COLS).fill(1))
          : means.map(() => identity);
      const init = {
        k: K,
        maxIter: ITER,
        covarianceType,
        weights: new Array(K).fill(1 / K),
        means,
        precisions,
      };
      const times: number[] = [];
      let lower = NaN;
      for (let r = 0; r < 3; r++) {
        const start = performance.now();
        const gmm = new GaussianMixture({
          k: K,
          covarianceType,
          maxIter: ITER,
          tol: 0,
          weightsInit: init.weights,
          meansInit: means,
          precisionsInit: precisions,
        }).fit(x);
        times.push(performance.now() - start);
        lower = gmm.lowerBound;
      }
      const initPath = join(dir, `init-${covarianceType}.json`);
      writeFileSync(initPath, JSON.stringify(init));
      const py = sklearn(['gmm', path, String(x.rows), String(COLS), initPath, '3']);
      const pyFirst = py === undefined ? NaN : (py['first'] as number) * 1000;
      const pyBest = py === undefined ? NaN : (py['best'] as number) * 1000;
      const best = Math.min(...times);
      const diff =
        py === undefined
          ? NaN
          : Math.abs(lower - (py['lowerBound'] as number)) / Math.abs(py['lowerBound'] as number);
      console.log(
        `| ${covarianceType} | ${times[0]!.toFixed(0)} ms | ${best.toFixed(0)} ms | ${pyFirst.toFixed(0)} ms | ${pyBest.toFixed(0)} ms | **${(pyBest / best).toFixed(2)}×** | ${diff.toExponential(1)} |`,
      );
    }
    const rows = Number(process.env['WARD_ROWS'] ?? 20_000);
    if (rows === 0) return; // WARD_ROWS=0: the mixtures only
    const w = blobs(rows, 11);
    const wardPath = join(dir, 'ward.f64');
    writeFileSync(wardPath, new Uint8Array(w.data.buffer));
    const start = performance.now();
    const ward = new AgglomerativeClustering({ k: K, maxExactRows: rows }).fit(w);
    const ours = performance.now() - start;
    const sizes = Array.from(
      { length: K },
      (_, c) => ward.learned.labels.filter((l) => l === c).length,
    ).sort((a, b) => a - b);
    const py = sklearn(['ward', wardPath, String(rows), String(COLS), String(K)]);
    const pyMs = py === undefined ? NaN : (py['seconds'] as number) * 1000;
    console.log(
      `\n| Ward ${rows} × ${COLS}, exact, k = ${K} | cohortlab | scikit-learn | ratio | same cluster sizes |`,
    );
    console.log('|---|---:|---:|---:|---|');
    console.log(
      `| one fit | ${(ours / 1000).toFixed(2)} s | ${(pyMs / 1000).toFixed(2)} s | **${(pyMs / ours).toFixed(2)}×** | ${py === undefined ? '?' : JSON.stringify(py['sizes']) === JSON.stringify(sizes) ? 'yes' : `no: ${JSON.stringify(sizes)} vs ${JSON.stringify(py['sizes'])}`} |`,
    );
    console.log(
      `\nload after: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

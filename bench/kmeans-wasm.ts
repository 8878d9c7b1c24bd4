/**
 * k-means: the WebAssembly SIMD assignment kernel (`src/cluster/kmeans/wasm`) against the
 * generated JavaScript kernels, side by side in one process, on the data of `bench/kmeans.ts`
 * (1M × 8 Gaussian blobs, k = 8, unit spread and overlapping spread 4, same seeds), with
 * scikit-learn (`bench/sklearn_kmeans.py`) and ml-kmeans for reference, plus a sweep over the
 * number of features and of clusters that decides `kernel: 'auto'` (`wasmPays`).
 *
 * Run from the repository root:
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/kmeans-wasm.js [rows, default 1000000]
 *
 * Prints the markdown and writes it to bench/RESULTS-kmeans-wasm.md (KMEANS_BENCH_WRITE=0:
 * only printed). scikit-learn runs through /usr/bin/python3 (PYTHON=… to override).
 *
 * What is timed:
 * - "Lloyd pass": one assignment pass with centroid sums (`runner.run('lloyd')` and the
 *   chunk sums added up), from the k-means++ centroids; kernels and thread counts alternate
 *   pass by pass, so load from other jobs hits all alike. Best and median of 15.
 * - "WASM kernel alone": the module's `assign` over the same chunks with the data already in its
 *   memory (what a fit would cost if the data lived in WebAssembly memory, instead of each call
 *   copying its chunk in: the difference is the copying).
 * - "fit": the whole `KMeans.fit` from the same initial centroids (Lloyd with either kernel,
 *   and Hamerly, today's default, for reference), best of 3, all configurations alternating;
 *   and per iteration (fit / iterations, as bench/kmeans.ts reports it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

import { ChunkRunner } from '../src/cluster/kmeans/chunk-runner.js';
import {
  KMeans,
  Xoshiro128,
  createMatrix,
  matrixToRows,
  shutdownKMeansWorkers,
  type KMeansAlgorithm,
  type Matrix,
} from '../src/cluster/kmeans/index.js';
import { kmeansPlusPlus } from '../src/cluster/kmeans/init.js';
import { kernelsFor } from '../src/cluster/kmeans/kernels.js';
import type { KMeansKernel } from '../src/cluster/kmeans/kmeans.js';
import { wasmAvailable, wasmSource } from '../src/cluster/kmeans/wasm/assign.js';
import { CHUNK_ROWS } from '../src/cluster/kmeans/centers.js';
import { kmeans as mlKMeans } from 'ml-kmeans';

const repo = process.cwd();
if (!existsSync(join(repo, 'package.json'))) throw new Error('run from the repository root');

const ROWS = Number(process.argv[2] ?? 1_000_000);
const COLS = 8;
const K = 8;
const PASSES = 15;
const REPEATS = 3;
const TOL = 1e-4;
const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
const CORES = availableParallelism();
/** The two kernels compared ('auto' picks one of them). */
type Kernel = Exclude<KMeansKernel, 'auto'>;
const KERNELS: readonly Kernel[] = ['js', 'wasm'];

/** Gaussian blobs exactly as bench/kmeans.ts makes them (same seed, same data). */
function blobs(n: number, d: number, k: number, std: number, seed: number): Matrix {
  const rng = new Xoshiro128(seed);
  const centres = Float64Array.from({ length: k * d }, () => rng.nextFloat() * 20 - 10);
  const matrix = createMatrix(n, d);
  const { data } = matrix;
  for (let i = 0; i < n; i++) {
    const c = i % k;
    for (let t = 0; t < d; t += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
      const a = 2 * Math.PI * rng.nextFloat();
      data[i * d + t] = (centres[c * d + t] as number) + std * r * Math.cos(a);
      if (t + 1 < d)
        data[i * d + t + 1] = (centres[c * d + t + 1] as number) + std * r * Math.sin(a);
    }
  }
  return matrix;
}

/** k-means++ centroids (seed 0), as bench/kmeans.ts picks them. */
function seeding(x: Matrix, k: number): Float64Array {
  const runner = new ChunkRunner(x, null, k, kernelsFor(x.cols), {
    bounds: 'none',
    seeding: true,
    threads: 1,
  });
  try {
    return kmeansPlusPlus(runner, k, new Xoshiro128(0));
  } finally {
    runner.close();
  }
}

interface PassTimes {
  readonly best: number;
  readonly median: number;
}

/**
 * One Lloyd pass (assignment and sums) per kernel and thread count, `passes` times each, all
 * alternating (a runner per thread count, the kernel switched by scalars[8]), so that load
 * from other jobs hits every configuration alike. Checks that the kernels agree on the inertia.
 */
function passTimes(
  x: Matrix,
  init: Float64Array,
  k: number,
  threadCounts: readonly number[],
  passes: number,
): Map<number, Record<Kernel, PassTimes>> {
  const runners = threadCounts.map(
    (threads) =>
      new ChunkRunner(x, null, k, kernelsFor(x.cols), { bounds: 'none', seeding: false, threads }),
  );
  try {
    const times = new Map<string, number[]>();
    const inertia = new Map<string, number>();
    for (let r = 0; r < passes + 1; r++) {
      for (const runner of runners) {
        const v = runner.views;
        for (const kernel of KERNELS) {
          v.C.set(init);
          v.scalars[0] = 1;
          v.scalars[8] = kernel === 'wasm' ? 1 : 0;
          v.labels.fill(-1);
          const start = performance.now();
          runner.run('lloyd');
          const out = runner.collect(null);
          const ms = performance.now() - start;
          const key = `${runner.threads} ${kernel}`;
          if (r > 0) times.set(key, [...(times.get(key) ?? []), ms]); // pass 0 warms up
          inertia.set(kernel, out.inertia);
        }
        if (inertia.get('js') !== inertia.get('wasm')) {
          throw new Error(
            `kernels disagree: inertia ${inertia.get('js')} vs ${inertia.get('wasm')}`,
          );
        }
      }
    }
    const stats = (list: readonly number[]): PassTimes => {
      const sorted = [...list].sort((p, q) => p - q);
      return { best: sorted[0] as number, median: sorted[sorted.length >> 1] as number };
    };
    const out = new Map<number, Record<Kernel, PassTimes>>();
    for (const runner of runners) {
      const t = runner.threads;
      out.set(t, {
        js: stats(times.get(`${t} js`) ?? []),
        wasm: stats(times.get(`${t} wasm`) ?? []),
      });
    }
    return out;
  } finally {
    for (const runner of runners) runner.close();
  }
}

/** The WebAssembly API parts used below (no DOM lib here). */
interface WasmInstance {
  readonly exports: {
    readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
    readonly assign: (...args: number[]) => void;
  };
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => WasmInstance;
}

/**
 * The kernel alone: all rows, weights, labels and centroids copied into one instance's memory
 * once, then `assign` with sums over chunks of CHUNK_ROWS rows, one accumulator block each.
 * Median ms of `passes` passes.
 */
function residentKernel(x: Matrix, init: Float64Array, k: number, passes: number): number {
  const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const source = wasmSource();
  if (source === undefined) return NaN;
  const { exports } = new api.Instance(new api.Module(source.bytes));
  const { rows: n, cols: d } = x;
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const size = k * d + k + 2;
  // float64 slots: scratch, centroids, accumulator blocks, weights, data; then labels.
  const cAt = 4 * d;
  const accAt = cAt + k * d;
  const wAt = accAt + chunks * size;
  const xAt = wAt + n;
  const labAt = (xAt + n * d) * 2;
  const bytes = labAt * 4 + n * 4;
  exports.memory.grow(Math.ceil((bytes - exports.memory.buffer.byteLength) / 65536));
  const f64 = new Float64Array(exports.memory.buffer);
  f64.set(init, cAt);
  f64.fill(1, wAt, wAt + n);
  f64.set(x.data, xAt);
  const times: number[] = [];
  for (let r = 0; r < passes + 1; r++) {
    const start = performance.now();
    f64.fill(0, accAt, accAt + chunks * size);
    for (let c = 0; c < chunks; c++) {
      const s = c * CHUNK_ROWS;
      const rows = Math.min(n, s + CHUNK_ROWS) - s;
      exports.assign(
        (xAt + s * d) * 8,
        (wAt + s) * 8,
        cAt * 8,
        k,
        d,
        (labAt + s) * 4,
        rows,
        (accAt + c * size) * 8,
        1,
        0,
      );
    }
    if (r > 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] as number;
}

interface FitRow {
  readonly label: string;
  readonly threads: number | string;
  readonly iterations: number;
  readonly best: number;
  readonly inertia: number;
}

/** A fit configuration of the comparison. */
interface FitConfig {
  readonly algorithm: KMeansAlgorithm;
  readonly kernel: Kernel;
  readonly threads: number;
}

/** Full fits of every configuration, alternating, best of `REPEATS` each. */
function fits(x: Matrix, init: number[][], configs: readonly FitConfig[]): FitRow[] {
  const times = configs.map((): number[] => []);
  const models: InstanceType<typeof KMeans>[] = [];
  for (let r = 0; r < REPEATS; r++) {
    configs.forEach(({ algorithm, kernel, threads }, c) => {
      const start = performance.now();
      const model = new KMeans({ k: K, init, algorithm, threads, tol: TOL, kernel }).fit(x);
      times[c]?.push(performance.now() - start);
      models[c] = model;
    });
  }
  return configs.map(({ kernel, threads }, c) => {
    const model = models[c] as InstanceType<typeof KMeans>;
    return {
      label: `cohortlab ${model.learned.algorithm}, kernel '${kernel}'`,
      threads,
      iterations: model.iterations,
      best: Math.min(...(times[c] as number[])),
      inertia: model.inertia,
    };
  });
}

function sklearn(x: Matrix, init: Float64Array): { rows: FitRow[]; version: string } {
  if (!existsSync(PYTHON)) return { rows: [], version: 'not run (no python)' };
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-kmeans-wasm-'));
  try {
    const dataPath = join(dir, 'x.f64');
    const initPath = join(dir, 'init.f64');
    writeFileSync(dataPath, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
    writeFileSync(initPath, new Uint8Array(init.buffer, init.byteOffset, init.byteLength));
    const script = join(repo, 'bench', 'sklearn_kmeans.py');
    const args = [script, dataPath, initPath, x.rows, x.cols, K, REPEATS, TOL].map(String);
    const output = execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    let version = '';
    const rows = output
      .trim()
      .split('\n')
      .map((line) => {
        const r = JSON.parse(line) as {
          algorithm: string;
          best: number;
          iterations: number;
          inertia: number;
          threads: number;
          sklearn: string;
        };
        version = r.sklearn;
        return {
          label: `scikit-learn ${r.sklearn} ${r.algorithm}`,
          threads: r.threads,
          iterations: r.iterations,
          best: r.best,
          inertia: r.inertia,
        };
      });
    return { rows, version };
  } catch (error) {
    console.error(`scikit-learn not run: ${(error as Error).message}`);
    return { rows: [], version: 'failed' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ml-kmeans capped at 3 iterations (it takes ≈ 170 ms each here): its time per iteration. */
function mlkmeans(x: Matrix, init: number[][]): FitRow {
  const rows = matrixToRows(x);
  const start = performance.now();
  const result = mlKMeans(rows, K, { initialization: init, maxIterations: 3, tolerance: 0 });
  const ms = performance.now() - start;
  return {
    label: 'ml-kmeans 7 (capped at 3 iterations)',
    threads: 1,
    iterations: result.iterations,
    best: ms,
    inertia: NaN,
  };
}

const f1 = (v: number): string => v.toFixed(1);

async function headline(): Promise<string> {
  const sections: string[] = [];
  let version = '';
  for (const { name, std } of [
    { name: 'blobs, unit spread (make_blobs-like)', std: 1 },
    { name: 'overlapping blobs, spread 4', std: 4 },
  ]) {
    const title = `${ROWS.toLocaleString('en')} × ${COLS}, k = ${K}: ${name}`;
    console.log(`\n## ${title}`);
    const x = blobs(ROWS, COLS, K, std, 42);
    const init = seeding(x, K);
    const initRows = matrixToRows({ data: init, rows: K, cols: COLS });

    // One pass, both kernels alternating, 1 and 2 threads.
    const passLines: string[] = [];
    const resident = residentKernel(x, init, K, PASSES);
    const threadCounts = CORES > 1 ? [1, 2] : [1];
    for (const [threads, t] of passTimes(x, init, K, threadCounts, PASSES)) {
      passLines.push(
        `| ${threads} | ${f1(t.js.best)} | ${f1(t.js.median)} | ${f1(t.wasm.best)} | ${f1(t.wasm.median)} | **${(t.js.median / t.wasm.median).toFixed(2)}×** |`,
      );
      console.log(passLines[passLines.length - 1]);
    }

    // Whole fits.
    const rows: FitRow[] = [];
    const sk = sklearn(x, init);
    version = sk.version;
    rows.push(...sk.rows);
    rows.push(
      ...fits(
        x,
        initRows,
        threadCounts.flatMap((threads): FitConfig[] => [
          { algorithm: 'lloyd', kernel: 'js', threads },
          { algorithm: 'lloyd', kernel: 'wasm', threads },
          { algorithm: 'hamerly', kernel: 'js', threads },
          { algorithm: 'hamerly', kernel: 'wasm', threads },
        ]),
      ),
    );
    rows.push(mlkmeans(x, initRows));
    for (const r of rows) {
      console.log(
        `${r.label.padEnd(40)} threads ${String(r.threads).padEnd(2)} it ${r.iterations}  ${r.best.toFixed(0)} ms  ${f1(r.best / r.iterations)} ms/it`,
      );
    }
    const fitLines = rows.map(
      (r) =>
        `| ${r.label} | ${r.threads} | ${r.iterations} | ${r.best.toFixed(0)} | ${f1(r.best / r.iterations)} | ${Number.isNaN(r.inertia) ? '–' : r.inertia.toPrecision(10)} |`,
    );
    const perIt = (label: string, threads: number): number | undefined => {
      const r = rows.find((row) => row.label.startsWith(label) && row.threads === threads);
      return r === undefined ? undefined : r.best / r.iterations;
    };
    const skLloyd = rows.find(
      (r) => r.label.startsWith('scikit-learn') && r.label.endsWith('lloyd'),
    );
    const skPerIt = skLloyd === undefined ? undefined : skLloyd.best / skLloyd.iterations;
    const ml = rows.find((r) => r.label.startsWith('ml-kmeans'));
    const mlPerIt = ml === undefined ? undefined : ml.best / ml.iterations;
    const two = Math.min(2, CORES);
    const wasm2 = perIt("cohortlab lloyd, kernel 'wasm'", two);
    const js2 = perIt("cohortlab lloyd, kernel 'js'", two);
    const wasm1 = perIt("cohortlab lloyd, kernel 'wasm'", 1);
    const js1 = perIt("cohortlab lloyd, kernel 'js'", 1);
    const hamerly2 = perIt("cohortlab hamerly, kernel 'js'", two);
    const hamerlyWasm2 = perIt("cohortlab hamerly, kernel 'wasm'", two);
    const ratio = (a: number | undefined, b: number | undefined): string =>
      a === undefined || b === undefined ? '?' : `${(a / b).toFixed(1)}×`;
    const summary = [
      `- Lloyd fit per iteration, WASM vs JS: ${ratio(js1, wasm1)} on 1 thread, ${ratio(js2, wasm2)} on ${two}`,
      `- vs scikit-learn Lloyd per iteration (its OpenMP threads): WASM Lloyd ${ratio(skPerIt, wasm2)} (${two} threads), JS Lloyd ${ratio(skPerIt, js2)}, JS Hamerly ${ratio(skPerIt, hamerly2)}, Hamerly with its first pass in WASM (today's default) ${ratio(skPerIt, hamerlyWasm2)}`,
      `- vs ml-kmeans per iteration: WASM Lloyd ${ratio(mlPerIt, wasm1)} on 1 thread, ${ratio(mlPerIt, wasm2)} on ${two}; JS Lloyd ${ratio(mlPerIt, js1)} on 1 thread`,
    ].join('\n');
    sections.push(
      `## ${title}\n\n` +
        `Same k-means++ initial centroids (seed 0) for everyone; tolerance 1e-4 (scikit-learn's rule).\n\n` +
        `### One Lloyd pass (assignment + centroid sums), ms, ${PASSES} passes per kernel, alternating\n\n` +
        `| threads | JS best | JS median | WASM best | WASM median | JS / WASM (median) |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n` +
        `${passLines.join('\n')}\n\n` +
        `WASM kernel alone, data already in WebAssembly memory (1 thread, median): ${f1(resident)} ms; the rest of the WASM pass time is the per-call copying in and out.\n\n` +
        `### Whole fits from the same centroids (best of ${REPEATS}; ms / iteration = fit / iterations)\n\n` +
        `| implementation | threads | iterations | fit, ms | ms / iteration | inertia |\n| --- | ---: | ---: | ---: | ---: | ---: |\n` +
        `${fitLines.join('\n')}\n\n${summary}\n`,
    );
  }
  return `${sections.join('\n')}\n<!-- scikit-learn ${version} -->\n`;
}

/** Single-thread pass times over the number of features and of clusters. */
function sweep(): string {
  const lines: string[] = [];
  const cases: { d: number; k: number }[] = [];
  for (const d of [1, 2, 3, 4, 6, 8, 13, 16, 32, 50, 64, 65, 128]) cases.push({ d, k: 8 });
  for (const k of [1, 2, 3, 4, 16, 64]) cases.push({ d: 8, k });
  for (const k of [2, 64]) cases.push({ d: 3, k });
  for (const { d, k } of cases) {
    for (const std of [1, 4]) {
      const n = Math.min(250_000, Math.floor(8_000_000 / d));
      const x = blobs(n, d, Math.max(k, 1), std, 7);
      const init = seeding(x, k);
      const t = passTimes(x, init, k, [1], 7).get(1) as Record<Kernel, PassTimes>;
      const perMillion = (ms: number): string => f1((ms * 1e6) / n);
      const line = `| ${d} | ${k} | ${std} | ${n.toLocaleString('en')} | ${perMillion(t.js.median)} | ${perMillion(t.wasm.median)} | ${(t.js.median / t.wasm.median).toFixed(2)}× |`;
      lines.push(line);
      console.log(line);
    }
  }
  return (
    `## Sweep: one Lloyd pass on one thread, by features d and clusters k\n\n` +
    `Blobs (k centres uniform in [−10, 10]^d) of the given spread, k-means++ centroids, median of 7 passes per kernel alternating, in ms per million rows.\n\n` +
    `| d | k | spread | rows | JS, ms / 1M rows | WASM, ms / 1M rows | JS / WASM |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n` +
    `${lines.join('\n')}\n`
  );
}

function machine(): string {
  const uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `- date: ${new Date().toISOString()}\n- machine: \`${uname}\`\n- CPU: ${cpu}, ${CORES} cores (availableParallelism); load average at start ${load}\n- Node ${process.version}, WebAssembly SIMD ${wasmAvailable() ? 'available' : 'UNAVAILABLE'}`;
}

async function main(): Promise<void> {
  if (!wasmAvailable()) throw new Error('WebAssembly SIMD is unavailable: nothing to compare');
  const header = machine();
  const body = process.env['KMEANS_WASM_HEADLINE'] === '0' ? '' : await headline();
  const sweepBody = process.env['KMEANS_WASM_SWEEP'] === '0' ? '' : sweep();
  await shutdownKMeansWorkers();
  const markdown =
    `# k-means: WebAssembly SIMD vs JavaScript assignment kernels\n\n` +
    `Generated by \`bench/kmeans-wasm.ts\` (see its header for the command and what is timed).\n\n${header}\n\n` +
    `Shared 2-core virtual machine with other jobs running: every comparison alternates the two kernels in one process, so both see the same load.\n\n` +
    `Notes: the two kernels are bit-identical (every pass below checks that both give the same inertia, and the fits report the same inertia and iterations; \`test/cluster/kmeans/wasm.test.ts\` compares labels, sums and inertia byte for byte). ` +
    `\`kernel: 'auto'\` uses WebAssembly for Lloyd's passes when k ≥ 2 (the sweep below: faster for every d, equal at k = 1). ` +
    `Hamerly's first pass (Lloyd's loop plus bounds) uses the same WebAssembly kernel; its later bounds passes and Elkan's stay JavaScript. The "hamerly, kernel 'wasm'" rows are today's default (\`algorithm: 'auto'\`, Hamerly up to 50 features). ` +
    `A WASM pass copies each chunk in and out (see "WASM kernel alone" for what that costs).\n\n` +
    `${body}\n${sweepBody}`;
  console.log(`\n${markdown}`);
  if (process.env['KMEANS_BENCH_WRITE'] !== '0') {
    writeFileSync(join(repo, 'bench', 'RESULTS-kmeans-wasm.md'), markdown);
    console.log('wrote bench/RESULTS-kmeans-wasm.md');
  }
}

await main();

/**
 * k-means: cohortlab (each algorithm, 1 thread and all cores) against scikit-learn (lloyd and
 * elkan) and ml-kmeans, from the same initial centroids, on the same data, in one run.
 * 1M × 8 Gaussian blobs with k = 8 (centres uniform in [−10, 10]⁸, unit spread, like
 * scikit-learn's `make_blobs`), plus a harder overlapping variant (spread 4).
 *
 * Run from the repository root (there is no TS runner among the dependencies, so compile
 * first):
 *
 *     npx tsc bench/kmeans.ts --outDir /tmp/cohortlab-bench --rootDir . \
 *       --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck --types node
 *     node /tmp/cohortlab-bench/bench/kmeans.js [rows, default 1000000]
 *
 * scikit-learn runs through /usr/bin/python3 (override with PYTHON=…) and bench/sklearn_kmeans.py;
 * without it only the JavaScript timings are printed. The markdown table is printed and
 * written to bench/RESULTS-kmeans.md (with KMEANS_BENCH_WRITE=0, only printed).
 *
 * Times are wall-clock milliseconds of the whole fit from given centroids (validation and
 * setup included), best of 3 (ml-kmeans: 1 run; its array-of-arrays conversion is not
 * timed); "ms / iteration" is that time divided by the iterations the fit ran.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled into /tmp, the modules would not find node_modules (ml-kmeans): link it next to
// the compiled tree first, then load everything dynamically.
const repo = process.cwd();
const compiledRoot = dirname(dirname(fileURLToPath(import.meta.url)));
if (!existsSync(join(repo, 'package.json')) || !existsSync(join(repo, 'node_modules'))) {
  throw new Error('run the benchmark from the repository root');
}
if (compiledRoot !== repo && !existsSync(join(compiledRoot, 'node_modules'))) {
  symlinkSync(join(repo, 'node_modules'), join(compiledRoot, 'node_modules'), 'dir');
}

const { KMeans, Xoshiro128, createMatrix, matrixToRows, shutdownKMeansWorkers, autoThreads } =
  await import('../src/cluster/kmeans/index.js');
const { ChunkRunner } = await import('../src/cluster/kmeans/chunk-runner.js');
const { kmeansPlusPlus } = await import('../src/cluster/kmeans/init.js');
const { kernelsFor } = await import('../src/cluster/kmeans/kernels.js');
const { kmeans: mlKMeans } = await import('ml-kmeans');
type Matrix = import('../src/cluster/kmeans/index.js').Matrix;
type KMeansAlgorithm = import('../src/cluster/kmeans/index.js').KMeansAlgorithm;

const ROWS = Number(process.argv[2] ?? 1_000_000);
const COLS = 8;
const K = 8;
const REPEATS = 3;
const TOL = 1e-4;
const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
const THREADS = availableParallelism();

interface Row {
  readonly implementation: string;
  readonly algorithm: string;
  readonly threads: number | string;
  readonly iterations: number;
  readonly first: number;
  readonly best: number;
  readonly inertia: number;
}

/** Gaussian blobs: `k` centres uniform in [−10, 10]^d, spread `std`, rows assigned in turn. */
function blobs(n: number, std: number, seed: number): Matrix {
  const rng = new Xoshiro128(seed);
  const centres = Float64Array.from({ length: K * COLS }, () => rng.nextFloat() * 20 - 10);
  // createMatrix (like matrixFromTable) puts large data in shared memory: threads read it
  // without a copy.
  const matrix = createMatrix(n, COLS);
  const { data } = matrix;
  for (let i = 0; i < n; i++) {
    const c = i % K;
    for (let t = 0; t < COLS; t += 2) {
      // Box–Muller gives two normals per pair of uniforms.
      const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
      const a = 2 * Math.PI * rng.nextFloat();
      data[i * COLS + t] = (centres[c * COLS + t] as number) + std * r * Math.cos(a);
      data[i * COLS + t + 1] = (centres[c * COLS + t + 1] as number) + std * r * Math.sin(a);
    }
  }
  return matrix;
}

/** Our k-means++ centroids for `x` (seed 0), and how long they took. */
function seeding(x: Matrix): { init: Float64Array; ms: number } {
  const start = performance.now();
  const runner = new ChunkRunner(x, new Float64Array(x.rows).fill(1), K, kernelsFor(COLS), {
    bounds: 'none',
    seeding: true,
    threads: autoThreads(x.rows, x.cols, K),
  });
  try {
    const init = kmeansPlusPlus(runner, K, new Xoshiro128(0));
    return { init, ms: performance.now() - start };
  } finally {
    runner.close();
  }
}

function ours(x: Matrix, init: number[][], algorithm: KMeansAlgorithm, threads: number): Row {
  const times: number[] = [];
  let model: InstanceType<typeof KMeans> | undefined;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    model = new KMeans({ k: K, init, algorithm, threads, tol: TOL }).fit(x);
    times.push(performance.now() - start);
  }
  const fitted = model as InstanceType<typeof KMeans>;
  return {
    implementation: 'cohortlab',
    algorithm: algorithm === 'auto' ? `auto → ${fitted.learned.algorithm}` : algorithm,
    threads,
    iterations: fitted.iterations,
    first: times[0] as number,
    best: Math.min(...times),
    inertia: fitted.inertia,
  };
}

function mlkmeans(x: Matrix, init: number[][], maxIterations: number): Row {
  const rows = matrixToRows(x);
  // ml-kmeans stops when every centroid moved less than `tolerance` (squared distance); give
  // it scikit-learn's data-scaled tolerance so both stop at the same point.
  const tolerance = TOL * meanVariance(x);
  const start = performance.now();
  const result = mlKMeans(rows, K, { initialization: init, maxIterations, tolerance });
  const ms = performance.now() - start;
  return {
    implementation: 'ml-kmeans 7',
    algorithm: maxIterations < 300 ? `lloyd (capped at ${maxIterations} it.)` : 'lloyd',
    threads: 1,
    iterations: result.iterations,
    first: ms,
    best: ms,
    // Against its final centroids, each row to the nearest (as scikit-learn reports it).
    inertia: exactInertia(x, result.centroids),
  };
}

/** Σ‖x − nearest centroid‖², plain loops. */
function exactInertia(x: Matrix, centroids: number[][]): number {
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    let best = Infinity;
    for (const c of centroids) {
      let s = 0;
      for (let t = 0; t < x.cols; t++)
        s += ((x.data[i * x.cols + t] as number) - (c[t] as number)) ** 2;
      if (s < best) best = s;
    }
    total += best;
  }
  return total;
}

function meanVariance(x: Matrix): number {
  let total = 0;
  for (let t = 0; t < x.cols; t++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * x.cols + t] as number;
    mean /= x.rows;
    let ss = 0;
    for (let i = 0; i < x.rows; i++) ss += ((x.data[i * x.cols + t] as number) - mean) ** 2;
    total += ss / x.rows;
  }
  return total / x.cols;
}

function sklearn(x: Matrix, init: Float64Array): { rows: Row[]; version: string } {
  if (!existsSync(PYTHON)) return { rows: [], version: 'not run (no python)' };
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-kmeans-'));
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
          first: number;
          best: number;
          iterations: number;
          inertia: number;
          threads: number;
          sklearn: string;
        };
        version = r.sklearn;
        return {
          implementation: `scikit-learn ${r.sklearn}`,
          algorithm: r.algorithm,
          threads: r.threads,
          iterations: r.iterations,
          first: r.first,
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

function table(rows: readonly Row[], reference: number): string {
  const head =
    '| implementation | algorithm | threads | iterations | full fit, ms (best of 3) | first run, ms | ms / iteration | inertia | vs reference |\n' +
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = rows.map((r) => {
    const delta = ((r.inertia - reference) / reference) * 100;
    return `| ${r.implementation} | ${r.algorithm} | ${r.threads} | ${r.iterations} | ${r.best.toFixed(0)} | ${r.first.toFixed(0)} | ${(r.best / r.iterations).toFixed(1)} | ${r.inertia.toPrecision(10)} | ${delta >= 0 ? '+' : ''}${delta.toFixed(4)}% |`;
  });
  return [head, ...lines].join('\n');
}

function summary(rows: readonly Row[]): string {
  const mine = rows.filter((r) => r.implementation === 'cohortlab');
  const sk = rows.filter((r) => r.implementation.startsWith('scikit-learn'));
  const ml = rows.find((r) => r.implementation.startsWith('ml-kmeans'));
  const fastest = (list: readonly Row[]): Row | undefined =>
    [...list].sort((a, b) => a.best - b.best)[0];
  const best = fastest(mine);
  const out: string[] = [];
  if (best !== undefined) {
    const skBest = fastest(sk);
    if (skBest !== undefined) {
      const lloyd = mine.filter((r) => r.algorithm === 'lloyd');
      const lloydBest = fastest(lloyd);
      const skLloyd = sk.find((r) => r.algorithm === 'lloyd');
      out.push(
        `- fastest cohortlab fit (${best.algorithm}, ${best.threads} thread(s), ${best.best.toFixed(0)} ms) vs fastest scikit-learn fit (${skBest.algorithm}, ${skBest.best.toFixed(0)} ms): **${(skBest.best / best.best).toFixed(1)}×**; inertia ${(((best.inertia - skBest.inertia) / skBest.inertia) * 100).toFixed(4)}%`,
      );
      if (lloydBest !== undefined && skLloyd !== undefined) {
        out.push(
          `- Lloyd against Lloyd, fit time per iteration: cohortlab ${(lloydBest.best / lloydBest.iterations).toFixed(1)} ms (${lloydBest.threads} thread(s)) vs scikit-learn ${(skLloyd.best / skLloyd.iterations).toFixed(1)} ms: **${(skLloyd.best / skLloyd.iterations / (lloydBest.best / lloydBest.iterations)).toFixed(1)}×**`,
        );
      }
    }
    if (ml !== undefined) {
      const perIteration = (r: Row): number => r.best / r.iterations;
      const lloyd1 = mine.find((r) => r.algorithm === 'lloyd' && r.threads === 1);
      const capped = ml.algorithm.includes('capped');
      out.push(
        `- vs ml-kmeans: ${
          capped
            ? `(its run was capped, so no full-fit comparison) per iteration, fastest cohortlab fit ${(perIteration(ml) / perIteration(best)).toFixed(0)}×`
            : `full fit **${(ml.best / best.best).toFixed(0)}×** faster`
        }; single-threaded Lloyd against its Lloyd, per iteration: **${
          lloyd1 === undefined ? '?' : (perIteration(ml) / perIteration(lloyd1)).toFixed(1)
        }×**`,
      );
    }
  }
  return out.join('\n');
}

function machine(): string {
  const uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  return `- date: ${new Date().toISOString()}\n- machine: \`${uname}\`\n- CPU: ${cpu}, ${THREADS} cores (availableParallelism)\n- Node ${process.version}`;
}

async function main(): Promise<void> {
  const sections: string[] = [];
  let sklearnVersion = '';
  for (const { name, std, mlCap } of [
    { name: 'blobs, unit spread (make_blobs-like)', std: 1, mlCap: 300 },
    { name: 'overlapping blobs, spread 4', std: 4, mlCap: 3 },
  ]) {
    console.log(`\n## ${ROWS.toLocaleString('en')} × ${COLS}, k = ${K}: ${name}`);
    const x = blobs(ROWS, std, 42);
    const { init, ms: seedMs } = seeding(x);
    const initRows = matrixToRows({ data: init, rows: K, cols: COLS });
    const rows: Row[] = [];
    const push = (row: Row): void => {
      rows.push(row);
      console.log(
        `${row.implementation.padEnd(20)} ${row.algorithm.padEnd(24)} threads ${String(row.threads).padEnd(3)} it ${String(row.iterations).padStart(3)}  fit ${row.best.toFixed(0).padStart(6)} ms  ${(row.best / row.iterations).toFixed(1).padStart(7)} ms/it  inertia ${row.inertia.toPrecision(10)}`,
      );
    };
    const sk = sklearn(x, init);
    sklearnVersion = sk.version;
    sk.rows.forEach(push);
    for (const threads of [1, THREADS]) {
      for (const algorithm of ['lloyd', 'elkan', 'hamerly', 'auto'] as const) {
        push(ours(x, initRows, algorithm, threads));
      }
    }
    push(mlkmeans(x, initRows, mlCap));
    const reference =
      sk.rows.find((r) => r.algorithm === 'lloyd')?.inertia ?? rows[0]?.inertia ?? 1;
    sections.push(
      `## ${ROWS.toLocaleString('en')} × ${COLS}, k = ${K}: ${name}\n\n` +
        `Same initial centroids for everyone: cohortlab's k-means++ (seed 0, ${seedMs.toFixed(0)} ms, not included below). ` +
        `Tolerance 1e-4 (scikit-learn's rule; ml-kmeans gets the same absolute value). "vs reference": inertia against scikit-learn's Lloyd.\n\n` +
        `${table(rows, reference)}\n\n${summary(rows)}\n`,
    );
  }
  await shutdownKMeansWorkers();
  const markdown =
    `# k-means benchmark\n\nGenerated by \`bench/kmeans.ts\` (see its header for the command).\n\n${machine()}\n- scikit-learn ${sklearnVersion} via ${PYTHON}\n\n` +
    `Timings are wall-clock on a shared 2-core virtual machine: expect ±10–20% between runs. ` +
    `scikit-learn uses its OpenMP threads (all cores) throughout; "threads" for cohortlab is the \`threads\` option. ` +
    `The data is built with \`createMatrix\`, which (like \`matrixFromTable\`) allocates large matrices in a shared WebAssembly memory: ` +
    `the fit puts its own arrays there too and the WebAssembly kernels work on the rows in place (\`src/cluster/kmeans/arena.ts\`); ` +
    `a plain Float64Array is copied into shared memory once per multi-threaded fit (≈ 30 ms at 1M × 8) and its rows are copied per chunk into the kernels.\n\n` +
    sections.join('\n');
  console.log(`\n${markdown}`);
  if (process.env['KMEANS_BENCH_WRITE'] !== '0') {
    writeFileSync(join(repo, 'bench', 'RESULTS-kmeans.md'), markdown);
    console.log('wrote bench/RESULTS-kmeans.md');
  }
}

await main();

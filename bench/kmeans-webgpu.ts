/**
 * k-means on a GPU through WebGPU (`src/cluster/kmeans/webgpu`) against our CPU path, on
 * Gaussian blobs: 8 centres uniform in [−10, 10]^8, unit spread, k = 8, d = 8, seed 0.
 *
 * Run from the repository root (on the H100: `bench/device/run.sh`, which also runs the
 * PyTorch comparison `bench/device/torch_kmeans.py`):
 *
 *     node node_modules/typescript/bin/tsc -p tsconfig.bench.json
 *     node .bench/bench/kmeans-webgpu.js [--sizes=1e6,1e7,5e7] [--cpu-max=1e7]
 *         [--iterations=20] [--backend=auto|native|opengles] [--out=FILE]
 *
 * Prints a markdown report (and writes it to FILE with --out).
 *
 * What is timed:
 * - "ms / iteration": `timeLloydIterations`: after upload, device k-means++ and 2 warm-up
 *   iterations, `iterations` ungated iterations (assign + reduce + update) in one compute
 *   pass; GPU timestamps where the adapter has them, and always the wall clock from submit to
 *   `onSubmittedWorkDone`, divided by the iterations.
 * - "fit": the whole `await new KMeans({ k: 8, nInit, seed: 0, backend: 'webgpu' })
 *   .fitAsync(x)` wall clock: data checks, centering to float32, upload, device seeding,
 *   iterations, label read-back and the float64 inertia on the host. The first fit of the
 *   process also opens the device and compiles the pipelines ("cold"); the others reuse them.
 * - "CPU": `new KMeans({ k: 8, nInit: 1, seed: 0, algorithm: 'lloyd' }).fit(x)` (all cores,
 *   WebAssembly kernels), and Hamerly, the CPU default, only up to --cpu-max rows (default
 *   10M: slower than that is not worth the minutes); "CPU Lloyd ms / iter" is the median of 5
 *   Lloyd passes (assignment + centroid sums, `ChunkRunner.run('lloyd')`, all cores) from the
 *   fit's centroids — the CPU's counterpart of the GPU's per-iteration time.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { ChunkRunner } from '../src/cluster/kmeans/chunk-runner.js';
import {
  KMeans,
  Xoshiro128,
  autoThreads,
  shutdownKMeansWorkers,
  type Matrix,
} from '../src/cluster/kmeans/index.js';
import { kernelsFor } from '../src/cluster/kmeans/kernels.js';
import { timeLloydIterations } from '../src/cluster/kmeans/webgpu/index.js';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key ?? '', value ?? ''];
  }),
);
const SIZES = (args.get('sizes') ?? '1e6,1e7,5e7').split(',').map(Number);
const CPU_MAX = Number(args.get('cpu-max') ?? 1e7);
const ITERATIONS = Number(args.get('iterations') ?? 20);
const BACKEND = (args.get('backend') ?? 'auto') as 'auto' | 'native' | 'opengles';
const K = 8;
const D = 8;

/** 8 Gaussian blobs in 8 dimensions, unit spread (Box–Muller, seeded). */
function blobs(n: number, seed: number): Matrix {
  const rng = new Xoshiro128(seed);
  const centres = Float64Array.from({ length: K * D }, () => rng.nextFloat() * 20 - 10);
  const data = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    const c = (i % K) * D;
    for (let t = 0; t < D; t += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
      const a = 2 * Math.PI * rng.nextFloat();
      data[i * D + t] = (centres[c + t] as number) + r * Math.cos(a);
      data[i * D + t + 1] = (centres[c + t + 1] as number) + r * Math.sin(a);
    }
  }
  return { data, rows: n, cols: D };
}

async function timed<T>(action: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await action();
  return { ms: performance.now() - start, value };
}

/** Median ms of 5 CPU Lloyd passes (after one warm-up) from `centroids`. */
function lloydPassMs(x: Matrix, centroids: Float64Array): number {
  const threads = autoThreads(x.rows, x.cols, K);
  const runner = new ChunkRunner(x, null, K, kernelsFor(x.cols), {
    bounds: 'none',
    seeding: false,
    threads,
  });
  try {
    const times: number[] = [];
    for (let pass = 0; pass < 6; pass++) {
      const v = runner.views;
      v.C.set(centroids);
      v.scalars[0] = 1;
      v.scalars[8] = 1; // WebAssembly kernels
      const start = performance.now();
      runner.run('lloyd');
      runner.collect(null);
      if (pass > 0) times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[2] as number;
  } finally {
    runner.close();
  }
}

const fmt = (v: number | undefined, digits = 2): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
const millions = (n: number): string => `${n / 1e6}M`;

const rows: string[] = [];
const fits: string[] = [];
let adapter = '';
let cold = '';
for (const n of SIZES) {
  const generated = await timed(() => blobs(n, 0));
  const x = generated.value;
  console.error(`${millions(n)} rows generated in ${generated.ms.toFixed(0)} ms`);
  const timing = await timeLloydIterations(x, K, { iterations: ITERATIONS, backend: BACKEND });
  if (timing === undefined) throw new Error('no WebGPU device');
  adapter = timing.adapter;
  const fit = async (nInit: number): Promise<{ ms: number; model: KMeans }> => {
    const { ms, value } = await timed(() =>
      new KMeans({ k: K, nInit, seed: 0, backend: 'webgpu' }).fitAsync(x),
    );
    return { ms, model: value };
  };
  const first = await fit(1);
  if (cold === '') cold = `${fmt(first.ms, 0)} ms (${millions(n)} rows, nInit 1)`;
  const one = await fit(1);
  const ten = await fit(10);
  let cpuCell = 'not run (above --cpu-max)';
  let cpuIter: number | undefined;
  let hamerlyCell = '—';
  if (n <= CPU_MAX) {
    const cpu = await timed(() =>
      new KMeans({ k: K, nInit: 1, seed: 0, algorithm: 'lloyd' }).fit(x),
    );
    cpuIter = lloydPassMs(x, cpu.value.centroids.data);
    cpuCell = `${fmt(cpu.ms, 0)} (${cpu.value.iterations} it.)`;
    const ham = await timed(() =>
      new KMeans({ k: K, nInit: 1, seed: 0, algorithm: 'hamerly' }).fit(x),
    );
    hamerlyCell = `${fmt(ham.ms, 0)} (${ham.value.iterations} it.)`;
    const gap = Math.abs(one.model.inertia - cpu.value.inertia) / cpu.value.inertia;
    fits.push(
      `- ${millions(n)}: GPU inertia ${one.model.inertia.toPrecision(10)} (${one.model.iterations} it.), CPU ${cpu.value.inertia.toPrecision(10)} (${cpu.value.iterations} it.), relative gap ${gap.toExponential(1)}`,
    );
  }
  const gpuIter = timing.gpuMsPerIteration ?? timing.wallMsPerIteration;
  rows.push(
    `| ${millions(n)} | ${fmt(timing.gpuMsPerIteration, 3)} | ${fmt(timing.wallMsPerIteration, 3)} | ${fmt(timing.setupMs, 0)} | ${fmt(one.ms, 0)} (${one.model.iterations} it.) | ${fmt(ten.ms, 0)} | ${cpuCell} | ${hamerlyCell} | ${fmt(cpuIter, 1)} | ${cpuIter === undefined ? '—' : `${(cpuIter / gpuIter).toPrecision(2)}×`} |`,
  );
}
await shutdownKMeansWorkers();

const report = `# k-means on the GPU through WebGPU (Dawn) vs our CPU path

Generated by \`bench/kmeans-webgpu.ts\` (see its header for what is timed).

- date: ${new Date().toISOString()}
- adapter: ${adapter}
- CPU: ${availableParallelism()} cores; Node ${process.version}
- data: n × 8 Gaussian blobs (8 centres, unit spread), k = 8, seed 0; ${ITERATIONS} timed iterations
- first fit of the process (opens the device, compiles the pipelines): ${cold}

| n | GPU ms / iter (timestamps) | GPU ms / iter (wall) | compile + upload, ms | GPU fit nInit 1, ms | GPU fit nInit 10, ms | CPU Lloyd fit, ms | CPU Hamerly fit, ms | CPU Lloyd ms / iter | per-iteration speed-up |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Same-seed fits (nInit 1; seeding on the device in float32, on the CPU in float64):

${fits.join('\n')}
`;
console.log(report);
const out = args.get('out');
if (out !== undefined && out !== '') writeFileSync(out, report);

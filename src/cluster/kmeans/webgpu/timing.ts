/**
 * Timing of Lloyd iterations on the device, for benchmarks: the data uploaded and seeded
 * (k-means++ on the device), then `iterations` ungated iterations (assign, reduce, update)
 * in one compute pass, timed by GPU timestamps when the device has them and by the wall
 * clock to `onSubmittedWorkDone` always.
 *
 * @module
 */
import type { Matrix } from '../matrix.js';
import { Xoshiro128 } from '../random.js';
import { readBack, USAGE } from './gpu-buffers.js';
import { gpuContext } from './gpu-context.js';
import type { GpuContextOptions } from './gpu-options.js';
import { dataShift, shiftedFloat32 } from './gpu-fit.js';
import { GpuSession } from './gpu-session.js';
import { makePlan } from './plan.js';

/** What {@link timeLloydIterations} measured. */
export interface IterationTiming {
  /** The adapter. */
  readonly adapter: string;
  /** Chunks of the data. */
  readonly chunks: number;
  /** Compiling the pipelines and uploading the data, to the upload's completion, ms. */
  readonly setupMs: number;
  /** Wall-clock ms per iteration (submit to onSubmittedWorkDone, divided by iterations). */
  readonly wallMsPerIteration: number;
  /** GPU timestamp ms per iteration, when the device supports timestamp queries. */
  readonly gpuMsPerIteration: number | undefined;
}

/** Times `iterations` Lloyd iterations of k-means on `x` (after 2 warm-up iterations). */
export async function timeLloydIterations(
  x: Matrix,
  k: number,
  options: GpuContextOptions & { iterations?: number; seed?: number; maxChunkRows?: number } = {},
): Promise<IterationTiming | undefined> {
  const context = await gpuContext(
    options.backend === undefined ? {} : { backend: options.backend },
  );
  if (context === undefined) return undefined;
  const { device } = context;
  const plan = makePlan(x.rows, x.cols, k, {
    maxBindingBytes: context.maxBindingBytes,
    maxWorkgroupBytes: context.maxWorkgroupBytes,
    maxInvocations: context.maxInvocations,
    ...(options.maxChunkRows === undefined ? {} : { maxChunkRows: options.maxChunkRows }),
  });
  if (typeof plan === 'string') throw new Error(plan);
  const iterations = options.iterations ?? 20;
  const data = shiftedFloat32(x, dataShift(x));
  const started = performance.now();
  const session = await GpuSession.create(context, plan, data, null, 1_000_000);
  await device.queue.onSubmittedWorkDone();
  const setupMs = performance.now() - started;
  try {
    const rng = new Xoshiro128(options.seed ?? 0);
    const draws = Float32Array.from({ length: 1 + (k - 1) * plan.trials }, () => rng.nextFloat());
    session.start(1_000_000, -1, { draws }, 0);
    session.forcedIterations(2);
    await device.queue.onSubmittedWorkDone();
    let querySet: GPUQuerySet | undefined;
    let resolve: GPUBuffer | undefined;
    if (context.timestamps) {
      querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
      resolve = device.createBuffer({
        size: 16,
        usage: USAGE.QUERY_RESOLVE | USAGE.COPY_SRC,
      });
    }
    const t0 = performance.now();
    session.forcedIterations(
      iterations,
      querySet === undefined
        ? undefined
        : { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    );
    await device.queue.onSubmittedWorkDone();
    const wallMsPerIteration = (performance.now() - t0) / iterations;
    let gpuMsPerIteration: number | undefined;
    if (querySet !== undefined && resolve !== undefined) {
      const encoder = device.createCommandEncoder();
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      device.queue.submit([encoder.finish()]);
      const [bytes] = await readBack(device, [{ buffer: resolve, offset: 0, bytes: 16 }]);
      const stamps = new BigUint64Array(bytes as ArrayBuffer);
      gpuMsPerIteration = Number((stamps[1] as bigint) - (stamps[0] as bigint)) / 1e6 / iterations;
      querySet.destroy();
      resolve.destroy();
    }
    return {
      adapter: context.description,
      chunks: plan.chunkRows.length,
      setupMs,
      wallMsPerIteration,
      gpuMsPerIteration,
    };
  } finally {
    session.destroy();
  }
}

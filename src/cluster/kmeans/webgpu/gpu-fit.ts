/**
 * A whole k-means fit on a WebGPU device: nInit restarts on data uploaded once, the best kept
 * (see `gpu-run.ts` for one restart). The checks of the data (finiteness, weights, k distinct
 * points) are the caller's, as for the CPU path.
 *
 * @module
 */
import { randomRows, givenCentroids } from '../init.js';
import type { Matrix } from '../matrix.js';
import type { KMeansInit } from '../options.js';
import { Xoshiro128 } from '../random.js';
import type { RunResult } from '../run.js';
import { gpuContext, warnCpuFallback } from './gpu-context.js';
import type { GpuContextOptions } from './gpu-options.js';
import {
  bestLabels,
  finalModel,
  runOnDevice,
  type GpuRunOutcome,
  type HostData,
} from './gpu-run.js';
import { GpuSession } from './gpu-session.js';
import { makePlan } from './plan.js';

/** A checked fit problem: everything `KMeans.fit` has resolved before running. */
export interface GpuFitProblem {
  readonly x: Matrix;
  /** Sample weights, or null for all 1. */
  readonly weights: Float64Array | null;
  readonly k: number;
  readonly init: KMeansInit;
  readonly nInit: number;
  readonly maxIter: number;
  /** Absolute tolerance (already multiplied by the mean variance). */
  readonly tol: number;
  readonly seed: number;
  readonly recordHistory: boolean;
  /** Owner named in error messages. */
  readonly owner: string;
}

/** Knobs of the device side (tests and benchmarks). */
export interface GpuFitOptions extends GpuContextOptions {
  /** Most rows per chunk (default: as many as one storage binding holds). */
  readonly maxChunkRows?: number;
}

/** The kept run and how the fit went on the device. */
export interface GpuFitResult extends RunResult {
  /** The adapter that ran it. */
  readonly adapter: string;
  /** Chunks the data was split into. */
  readonly chunks: number;
  /** Device inertia of each restart (float32 distances), in order. */
  readonly restartInertias: readonly number[];
}

/**
 * Runs the fit on the WebGPU device, or returns `undefined` (after one `console.warn` line)
 * when there is no usable device or the device cannot run this shape, so that the caller runs
 * the CPU path instead.
 */
export async function fitOnDevice(
  problem: GpuFitProblem,
  options: GpuFitOptions = {},
): Promise<GpuFitResult | undefined> {
  const context = await gpuContext(
    options.backend === undefined ? {} : { backend: options.backend },
  );
  if (context === undefined) return undefined;
  const { x, weights, k, nInit, maxIter, tol, recordHistory } = problem;
  const plan = makePlan(x.rows, x.cols, k, {
    maxBindingBytes: context.maxBindingBytes,
    maxWorkgroupBytes: context.maxWorkgroupBytes,
    maxInvocations: context.maxInvocations,
    ...(options.maxChunkRows === undefined ? {} : { maxChunkRows: options.maxChunkRows }),
  });
  if (typeof plan === 'string') {
    warnCpuFallback(plan);
    return undefined;
  }
  const shift = dataShift(x);
  const host: HostData = { x, weights, shift };
  // Validation errors are bugs of this folder: they fail the fit loudly (the caller falls
  // back to the CPU) instead of leaving wrong numbers behind.
  context.device.pushErrorScope('validation');
  const session = await GpuSession.create(
    context,
    plan,
    shiftedFloat32(x, shift),
    weights === null ? null : Float32Array.from(weights),
    maxIter,
  );
  try {
    const rng = new Xoshiro128(problem.seed);
    let best: GpuRunOutcome | undefined;
    const restartInertias: number[] = [];
    for (let run = 0; run < nInit; run++) {
      const start =
        problem.init === 'k-means++'
          ? {
              draws: Float32Array.from({ length: 1 + (k - 1) * plan.trials }, () =>
                rng.nextFloat(),
              ),
            }
          : {
              centroids:
                problem.init === 'random'
                  ? randomRows(x, weights ?? new Float64Array(x.rows).fill(1), k, rng)
                  : givenCentroids(problem.init, x.cols, problem.owner),
            };
      const outcome = await runOnDevice(session, host, start, maxIter, tol, recordHistory);
      restartInertias.push(outcome.inertia);
      // A restart replaces the best only when clearly lower: float32 inertias of the same
      // partition found twice differ by rounding, and the CPU path keeps the first then.
      if (best === undefined || outcome.inertia < best.inertia * (1 - 1e-6)) {
        best = outcome;
        session.keepLabels();
      }
    }
    const kept = best as GpuRunOutcome;
    const labels = await bestLabels(session);
    const error = await context.device.popErrorScope();
    if (error !== null) throw new Error(`WebGPU k-means: ${error.message}`);
    const { centroids, inertia } = finalModel(host, kept, labels, k);
    return {
      centroids,
      labels,
      inertia,
      iterations: kept.iterations,
      converged: kept.converged,
      history: kept.history,
      adapter: context.description,
      chunks: plan.chunkRows.length,
      restartInertias,
    };
  } finally {
    session.destroy();
  }
}

/**
 * The point subtracted from every row before the float32 upload: the first row. Any point
 * inside the data keeps float32's precision where the data sit far from the origin (a mean
 * would need one more pass over the data).
 */
export function dataShift(x: Matrix): Float64Array {
  return Float64Array.from(x.data.subarray(0, x.cols));
}

/** The rows minus `shift`, computed in float64 and rounded to float32. */
export function shiftedFloat32(x: Matrix, shift: Float64Array): Float32Array {
  const { data, rows, cols } = x;
  const out = new Float32Array(data.length);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let t = 0; t < cols; t++, o++) out[o] = (data[o] as number) - (shift[t] as number);
  }
  return out;
}

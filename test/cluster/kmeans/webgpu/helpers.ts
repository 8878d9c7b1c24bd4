/**
 * Helpers of the WebGPU k-means tests: a CPU reference fit from the same start, and the
 * comparison the issue asks for (labels equal except near-ties, float64 inertia within 1e-6
 * relative, iterations equal).
 */
import { expect } from 'vitest';
import { KMeans } from '../../../../src/cluster/kmeans/kmeans.js';
import type { Matrix } from '../../../../src/cluster/kmeans/matrix.js';
import type { KMeansInit } from '../../../../src/cluster/kmeans/options.js';
import {
  fitOnDevice,
  type GpuFitOptions,
  type GpuFitResult,
} from '../../../../src/cluster/kmeans/webgpu/index.js';

/** Runs on llvmpipe through OpenGL ES here, on the GPU where there is one. */
export const DEVICE: GpuFitOptions = {};

/** Options of one comparison. */
export interface Case {
  readonly k: number;
  readonly init: KMeansInit;
  readonly nInit?: number;
  readonly seed?: number;
  readonly sampleWeight?: Float64Array;
  readonly tol?: number;
  readonly maxIter?: number;
  readonly recordHistory?: boolean;
  readonly maxChunkRows?: number;
}

/** Mean per-feature variance, as the CPU path scales `tol` (population variance). */
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

/** The GPU fit of a case. */
export async function gpuFit(x: Matrix, c: Case): Promise<GpuFitResult> {
  const result = await fitOnDevice(
    {
      x,
      weights: c.sampleWeight ?? null,
      k: c.k,
      init: c.init,
      nInit: c.nInit ?? 1,
      maxIter: c.maxIter ?? 300,
      tol: (c.tol ?? 1e-4) * meanVariance(x),
      seed: c.seed ?? 0,
      recordHistory: c.recordHistory ?? false,
      owner: 'test',
    },
    { ...DEVICE, ...(c.maxChunkRows === undefined ? {} : { maxChunkRows: c.maxChunkRows }) },
  );
  expect(result, 'a WebGPU adapter (llvmpipe through OpenGL ES without a GPU)').toBeDefined();
  return result as GpuFitResult;
}

/** The CPU fit of a case (Lloyd). */
export function cpuFit(x: Matrix, c: Case): KMeans {
  return new KMeans({
    k: c.k,
    init: c.init,
    nInit: c.nInit ?? (typeof c.init === 'string' ? 1 : 1),
    seed: c.seed ?? 0,
    tol: c.tol ?? 1e-4,
    maxIter: c.maxIter ?? 300,
    algorithm: 'lloyd',
    recordHistory: c.recordHistory ?? false,
  }).fit(x, c.sampleWeight === undefined ? {} : { sampleWeight: c.sampleWeight });
}

function sqdist(x: Matrix, i: number, centroids: Float64Array, j: number): number {
  let s = 0;
  for (let t = 0; t < x.cols; t++) {
    const e = (x.data[i * x.cols + t] as number) - (centroids[j * x.cols + t] as number);
    s += e * e;
  }
  return s;
}

/** Σ w‖x − c(label)‖² in float64, computed here independently. */
export function inertiaOf(
  x: Matrix,
  labels: Int32Array,
  centroids: Float64Array,
  weights?: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    total += (weights?.[i] ?? 1) * sqdist(x, i, centroids, labels[i] as number);
  }
  return total;
}

/**
 * Rows whose labels differ and are not near-ties: the row's float64 distances to the two
 * clusters' CPU centroids differ by more than `1e-5` relative.
 */
export function labelMismatches(
  x: Matrix,
  gpu: Int32Array,
  cpu: Int32Array,
  cpuCentroids: Float64Array,
): { differing: number; notTies: number } {
  let differing = 0;
  let notTies = 0;
  for (let i = 0; i < x.rows; i++) {
    if (gpu[i] === cpu[i]) continue;
    differing++;
    const a = sqdist(x, i, cpuCentroids, gpu[i] as number);
    const b = sqdist(x, i, cpuCentroids, cpu[i] as number);
    if (Math.abs(a - b) > 1e-5 * Math.max(a, b, 1e-300)) notTies++;
  }
  return { differing, notTies };
}

/** Relative difference. */
export function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** The parity assertions; returns both fits for further checks. */
export async function expectParity(
  x: Matrix,
  c: Case,
  sameIterations = true,
): Promise<{ gpu: GpuFitResult; cpu: KMeans }> {
  const gpu = await gpuFit(x, c);
  const cpu = cpuFit(x, c);
  const { notTies } = labelMismatches(x, gpu.labels, cpu.labels, cpu.centroids.data);
  expect(notTies).toBe(0);
  // The reported inertia is the float64 one of the returned labels and centroids…
  expect(
    relative(gpu.inertia, inertiaOf(x, gpu.labels, gpu.centroids, c.sampleWeight)),
  ).toBeLessThan(1e-12);
  // … and within 1e-6 of the CPU path's.
  expect(relative(gpu.inertia, cpu.inertia)).toBeLessThan(1e-6);
  if (sameIterations) expect(gpu.iterations).toBe(cpu.iterations);
  expect(gpu.converged).toBe(cpu.learned.converged);
  return { gpu, cpu };
}

/** k rows of the data as explicit initial centroids (rows `first`, `first + step`, …). */
export function rowsAsInit(x: Matrix, k: number, first = 0, step = 1): number[][] {
  return Array.from({ length: k }, (_, j) => {
    const i = first + j * step;
    return [...x.data.subarray(i * x.cols, (i + 1) * x.cols)];
  });
}

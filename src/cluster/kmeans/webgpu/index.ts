/**
 * k-means on a GPU through WebGPU (Dawn, the `webgpu` npm package): `KMeans({ backend:
 * 'webgpu' })` fitted with `await model.fitAsync(x)`, and `chooseKAsync` for the choose-k
 * sweep, run here.
 *
 * Design: the data goes to the device once, as float32 shifted by its first row, split
 * into chunks that each fit one storage binding. One Lloyd iteration is three dispatches — a
 * fused assignment kernel (distances, argmin, labels, changed count and per-workgroup partial
 * sums of coordinates, weights and inertia), a double-single reduction of the partials, and
 * the centroid update with the convergence test — and the host reads back only a 64-byte state
 * after each batch of iterations. k-means++ seeding runs on the device too (float32; the
 * uniform draws come from the seeded generator in the CPU path's order), so nInit restarts
 * move no data. Labels are read back once, for the best restart; its centroids and inertia are
 * recomputed on the host in float64. Empty clusters pause the device and are re-seeded on the
 * host exactly as the CPU path does.
 *
 * Parity with the CPU path from the same initial centroids: the same labels except rows
 * within float32 rounding of a tie, the same iterations unless the shift lands within
 * rounding of the tolerance, inertia within 1e-6 relative.
 *
 * @module
 */
export { fitKMeansWebGPU, type DeviceFitParams } from './fit-kmeans.js';
export {
  fitOnDevice,
  type GpuFitOptions,
  type GpuFitProblem,
  type GpuFitResult,
} from './gpu-fit.js';
// The device itself (gpuContext) stays internal: its type is WebGPU's GPUDevice, declared by
// the optional webgpu package.
export type { GpuContextOptions } from './gpu-options.js';
export { timeLloydIterations, type IterationTiming } from './timing.js';

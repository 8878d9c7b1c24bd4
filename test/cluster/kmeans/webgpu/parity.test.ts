/**
 * WebGPU k-means against the CPU path (Lloyd) from the same initial centroids, on the shapes
 * the issue lists. Without a GPU the kernels run on Mesa's llvmpipe through Dawn's OpenGL ES
 * backend.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../../src/cluster/kmeans/matrix.js';
import { Xoshiro128 } from '../../../../src/cluster/kmeans/random.js';
import { blobs, samePartition } from '../helpers.js';
import { expectParity, gpuFit, inertiaOf, relative, rowsAsInit } from './helpers.js';

describe('WebGPU k-means matches the CPU path from the same initial centroids', () => {
  it('n not a multiple of the workgroup size (n = 1,001, d = 2, k = 3)', async () => {
    const { x } = blobs(1001, 3, 2, 2.5, 11);
    const { gpu, cpu } = await expectParity(x, { k: 3, init: rowsAsInit(x, 3, 5, 97) });
    expect(gpu.labels).toEqual(cpu.labels);
  });

  it('k = 1: the mean, one iteration', async () => {
    const { x } = blobs(777, 2, 3, 1, 12);
    const { gpu } = await expectParity(x, { k: 1, init: rowsAsInit(x, 1, 10) });
    expect(gpu.labels.every((l) => l === 0)).toBe(true);
    for (let t = 0; t < 3; t++) {
      let mean = 0;
      for (let i = 0; i < x.rows; i++) mean += x.data[i * 3 + t] as number;
      expect(gpu.centroids[t]).toBeCloseTo(mean / x.rows, 10);
    }
  });

  it('k = 64 (the workgroup-memory tile strategy), d = 4', async () => {
    const { x } = blobs(6000, 64, 4, 0.3, 13);
    await expectParity(x, { k: 64, init: rowsAsInit(x, 64, 0, 1) });
  });

  it('d = 1, k = 5', async () => {
    const { x } = blobs(2500, 5, 1, 0.8, 14);
    await expectParity(x, { k: 5, init: rowsAsInit(x, 5, 3) });
  });

  it('d = 32, k = 4 (tile strategy with a smaller workgroup)', async () => {
    const { x } = blobs(1500, 4, 32, 4, 15);
    await expectParity(x, { k: 4, init: rowsAsInit(x, 4, 1) });
  });

  it('d = 8, k = 8 with sample weights', async () => {
    const { x } = blobs(4000, 8, 8, 3, 16);
    const rng = new Xoshiro128(3);
    const sampleWeight = Float64Array.from({ length: x.rows }, () => 0.25 + 2 * rng.nextFloat());
    await expectParity(x, { k: 8, init: rowsAsInit(x, 8, 0, 1), sampleWeight });
  });

  it('duplicate points', async () => {
    // 40 distinct points, each repeated 25 times, shuffled.
    const base = blobs(40, 4, 3, 2, 17).x;
    const rng = new Xoshiro128(5);
    const order = Array.from({ length: 1000 }, (_, i) => i % 40).sort(() => rng.nextFloat() - 0.5);
    const data = new Float64Array(1000 * 3);
    order.forEach((r, i) => data.set(base.data.subarray(r * 3, r * 3 + 3), i * 3));
    const x: Matrix = { data, rows: 1000, cols: 3 };
    const { gpu, cpu } = await expectParity(x, { k: 4, init: rowsAsInit(x, 4, 0, 1) });
    expect(gpu.labels).toEqual(cpu.labels);
  });

  it('an empty cluster is re-seeded as the CPU path does', async () => {
    const { x } = blobs(1200, 3, 2, 1, 18);
    const init = rowsAsInit(x, 3, 0, 1);
    init.push([1000, 1000]); // no row is nearest to it: empty after the first assignment
    const { gpu, cpu } = await expectParity(x, { k: 4, init });
    expect(gpu.labels).toEqual(cpu.labels);
    expect(new Set(gpu.labels).size).toBe(4);
  });

  it('records the inertia of every iteration like the CPU path', async () => {
    const { x } = blobs(3000, 5, 4, 3, 19);
    const { gpu, cpu } = await expectParity(x, {
      k: 5,
      init: rowsAsInit(x, 5, 0, 1),
      recordHistory: true,
    });
    const history = cpu.learned.inertiaHistory as readonly number[];
    expect(gpu.history?.length).toBe(history.length);
    gpu.history?.forEach((v, i) => expect(relative(v, history[i] as number)).toBeLessThan(1e-5));
  });

  it('stops by the tolerance, and at maxIter, like the CPU path', async () => {
    const { x } = blobs(4000, 6, 3, 3, 22);
    const init = rowsAsInit(x, 6, 0, 1);
    const byTol = await expectParity(x, { k: 6, init, tol: 0.05 });
    expect(byTol.cpu.learned.converged).toBe(true);
    const byMaxIter = await expectParity(x, { k: 6, init, maxIter: 2 });
    expect(byMaxIter.gpu.iterations).toBe(2);
    expect(byMaxIter.gpu.converged).toBe(false);
  });

  it('chunked data gives the same result as one chunk (n = 3,000 in chunks of 512 rows)', async () => {
    const { x } = blobs(3000, 6, 5, 2.5, 20);
    const init = rowsAsInit(x, 6, 0, 1);
    const whole = await gpuFit(x, { k: 6, init });
    const { gpu } = await expectParity(x, { k: 6, init, maxChunkRows: 512 });
    expect(gpu.chunks).toBe(6);
    expect(whole.chunks).toBe(1);
    expect(gpu.labels).toEqual(whole.labels);
    expect(gpu.inertia).toBe(whole.inertia);
    expect(gpu.iterations).toBe(whole.iterations);
  });

  it("k-means++ on the device, nInit = 4, chunked: the CPU path's solution, deterministically", async () => {
    const { x } = blobs(5000, 5, 3, 1.2, 21);
    const c = { k: 5, init: 'k-means++' as const, nInit: 4, seed: 7, maxChunkRows: 1024 };
    const first = await gpuFit(x, c);
    const again = await gpuFit(x, c);
    expect(again.labels).toEqual(first.labels);
    expect(again.inertia).toBe(first.inertia);
    expect(first.restartInertias).toHaveLength(4);
    const { cpu } = await expectParity(x, c, false);
    expect(samePartition(first.labels, cpu.labels)).toBe(true);
    expect(relative(first.inertia, inertiaOf(x, cpu.labels, cpu.centroids.data))).toBeLessThan(
      1e-6,
    );
  });

  it("k-means++ with sample weights, and 'random' init, from the CPU path's seed sequence", async () => {
    const { x } = blobs(3000, 4, 2, 1, 23);
    const rng = new Xoshiro128(9);
    const sampleWeight = Float64Array.from({ length: x.rows }, () => 0.5 + rng.nextFloat());
    const weighted = { k: 4, init: 'k-means++' as const, nInit: 2, seed: 3, sampleWeight };
    const a = await expectParity(x, weighted, false);
    expect(samePartition(a.gpu.labels, a.cpu.labels)).toBe(true);
    // 'random' draws the same rows on the host as the CPU path: the same start, the same run.
    const random = await expectParity(x, { k: 4, init: 'random', nInit: 3, seed: 5 });
    expect(random.gpu.labels).toEqual(random.cpu.labels);
  });
});

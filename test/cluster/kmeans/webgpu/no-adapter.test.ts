/**
 * Without a WebGPU adapter, `fitAsync` runs the CPU path and says so in one console line.
 * The `webgpu` package is replaced by one whose adapters never come.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { KMeans } from '../../../../src/cluster/kmeans/kmeans.js';
import { blobs } from '../helpers.js';

vi.mock('webgpu', () => ({
  create: () => ({ requestAdapter: () => Promise.resolve(null) }),
  globals: {},
}));

afterEach(() => {
  vi.restoreAllMocks();
});

it('no adapter: the CPU result, one warning line, no exception', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { x } = blobs(500, 3, 2, 1, 41);
  const gpu = await new KMeans({ k: 3, seed: 1, backend: 'webgpu' }).fitAsync(x);
  const cpu = new KMeans({ k: 3, seed: 1 }).fit(x);
  expect(gpu.labels).toEqual(cpu.labels);
  expect(gpu.inertia).toBe(cpu.inertia);
  expect(gpu.centroids.data).toEqual(cpu.centroids.data);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0]?.[0])).toMatch(/webgpu.*unavailable.*no WebGPU adapter.*CPU/);
  // A second fit does not repeat the line.
  await new KMeans({ k: 2, seed: 1, backend: 'webgpu' }).fitAsync(x);
  expect(warn).toHaveBeenCalledTimes(1);
});

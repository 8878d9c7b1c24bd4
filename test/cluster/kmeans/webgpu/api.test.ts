/**
 * `KMeans({ backend: 'webgpu' })` through `fitAsync`, and `chooseKAsync`: the model's JSON has
 * the CPU model's shape, `fit` refuses the asynchronous backend, and the results agree with
 * the CPU path.
 */
import { describe, expect, it } from 'vitest';
import { chooseK, chooseKAsync } from '../../../../src/cluster/choose-k.js';
import { KMeans } from '../../../../src/cluster/kmeans/kmeans.js';
import { blobs, expectError } from '../helpers.js';
import { labelMismatches, relative } from './helpers.js';

describe("KMeans({ backend: 'webgpu' })", () => {
  const { x } = blobs(2000, 4, 3, 1.5, 31);

  it('fit() refuses it and names fitAsync', () => {
    const error = expectError(
      () => new KMeans({ k: 4, backend: 'webgpu' }).fit(x),
      'INVALID_OPTION',
    );
    expect(error.message).toContain('fitAsync');
  });

  it('refuses the bounds algorithms like the ml-kmeans backend', () => {
    expectError(
      () => new KMeans({ k: 4, backend: 'webgpu', algorithm: 'elkan' }),
      'INVALID_OPTION',
    );
  });

  it('fitAsync: the CPU solution, and JSON of the same shape that restores', async () => {
    const gpu = await new KMeans({ k: 4, seed: 2, nInit: 3, backend: 'webgpu' }).fitAsync(x);
    const cpu = new KMeans({ k: 4, seed: 2, nInit: 3, algorithm: 'lloyd' }).fit(x);
    expect(labelMismatches(x, gpu.labels, cpu.labels, cpu.centroids.data).notTies).toBe(0);
    expect(relative(gpu.inertia, cpu.inertia)).toBeLessThan(1e-6);
    expect(gpu.learned.algorithm).toBe('lloyd');

    const json = gpu.toJSON() as unknown as Record<string, Record<string, unknown>>;
    const cpuJson = cpu.toJSON() as unknown as Record<string, Record<string, unknown>>;
    expect(Object.keys(json).sort()).toEqual(Object.keys(cpuJson).sort());
    expect(Object.keys(json['params'] ?? {}).sort()).toEqual(
      Object.keys(cpuJson['params'] ?? {}).sort(),
    );
    expect(Object.keys(json['state'] ?? {}).sort()).toEqual(
      Object.keys(cpuJson['state'] ?? {}).sort(),
    );
    expect(json['params']?.['backend']).toBe('webgpu');

    const restored = KMeans.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(restored.predict(x)).toEqual(gpu.labels);
    expect(restored.inertia).toBe(gpu.inertia);
  });

  it('fitAsync with a CPU backend is fit', async () => {
    const a = await new KMeans({ k: 3, seed: 4 }).fitAsync(x);
    const b = new KMeans({ k: 3, seed: 4 }).fit(x);
    expect(a.labels).toEqual(b.labels);
    expect(a.inertia).toBe(b.inertia);
  });

  it('fitAsync checks the data like fit', async () => {
    const bad = { data: Float64Array.from([1, 2, NaN, 4]), rows: 2, cols: 2 };
    await expect(new KMeans({ k: 1, backend: 'webgpu' }).fitAsync(bad)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('chooseKAsync', () => {
  it("with backend 'webgpu' recommends what chooseK does, from the same measures", async () => {
    const { x } = blobs(600, 3, 2, 0.8, 32);
    const options = { ks: [2, 3, 4], nInit: 3, gapReferences: 2, stabilityResamples: 2 };
    const cpu = chooseK(x, options);
    const gpu = await chooseKAsync(x, { ...options, backend: 'webgpu' });
    expect(gpu.k).toBe(cpu.k);
    gpu.rows.forEach((row, i) => {
      expect(relative(row.inertia, cpu.rows[i]?.inertia as number)).toBeLessThan(1e-6);
    });
    expect(() => chooseK(x, { ...options, backend: 'webgpu' })).toThrow(/chooseKAsync/);
  });
});

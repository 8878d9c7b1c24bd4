/**
 * Matrices from createMatrix live in a shared WebAssembly memory (arena.ts) where fits keep
 * their arrays and the WebAssembly kernels work in place: every result must be bit-identical
 * to the same fit on a plain Float64Array copy of the data (rows copied per chunk), whatever
 * the algorithm, threads, weights, and however often the matrix's region is reused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openArena, sharedMatrixData } from '../../../src/cluster/kmeans/arena.js';
import { ChunkRunner } from '../../../src/cluster/kmeans/chunk-runner.js';
import { meanVariance } from '../../../src/cluster/kmeans/data-checks.js';
import { kernelsFor } from '../../../src/cluster/kmeans/kernels.js';
import { KMeans, type KMeansAlgorithm } from '../../../src/cluster/kmeans/kmeans.js';
import {
  createMatrix,
  SHARED_MIN_VALUES,
  type Matrix,
} from '../../../src/cluster/kmeans/matrix.js';
import { shutdownKMeansWorkers } from '../../../src/cluster/kmeans/pool.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import { blobs, bytes, expectError } from './helpers.js';

afterAll(async () => {
  await shutdownKMeansWorkers();
});

const D = 7; // odd: the kernels' last-feature paths too
const N = Math.ceil(SHARED_MIN_VALUES / D) + 1001; // just past the size that goes to shared memory

/** The blobs in a createMatrix matrix, and the same values in a plain array. */
function twoCopies(std: number, seed: number): { arena: Matrix; plain: Matrix } {
  const { x } = blobs(N, 5, D, std, seed);
  const arena = createMatrix(N, D);
  arena.data.set(x.data);
  return { arena, plain: { data: Float64Array.from(x.data), rows: N, cols: D } };
}

function expectSameFit(a: KMeans, b: KMeans): void {
  // Buffer.compare: a deep toEqual over 700k bytes takes seconds.
  expect(Buffer.compare(bytes(a.labels), bytes(b.labels))).toBe(0);
  expect(Buffer.compare(bytes(a.centroids.data), bytes(b.centroids.data))).toBe(0);
  expect(Object.is(a.inertia, b.inertia)).toBe(true);
  expect(a.iterations).toBe(b.iterations);
}

describe('createMatrix arena', () => {
  it('puts large matrices in a WebAssembly memory and gives zeros', () => {
    const m = createMatrix(N, D);
    expect(m.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m.data.length).toBe(N * D);
    expect(m.data.every((v) => v === 0)).toBe(true);
    // A fit's region opens once at a time, after the values, zero-filled.
    const region = openArena(m.data, [800, 400]);
    expect(region).toBeDefined();
    const a = region?.f64(100) as Float64Array;
    expect(a.buffer.byteLength).toBeGreaterThanOrEqual(N * D * 8 + 800);
    expect(a.byteOffset).toBeGreaterThanOrEqual(N * D * 8);
    a.fill(7);
    expect(openArena(m.data, [8])).toBeUndefined();
    region?.close();
    const again = openArena(m.data, [800]);
    expect(Array.from(again?.f64(100) ?? [])).toEqual(new Array(100).fill(0));
    again?.close();
    // Plain arrays and oversized requests take the ordinary path.
    expect(openArena(new Float64Array(16), [8])).toBeUndefined();
    expect(openArena(m.data, [2 ** 32])).toBeUndefined();
    expect(sharedMatrixData(2 ** 29)).toBeUndefined(); // 4 GiB of values
  });

  // d = 13: four feature pairs at a time, then single pairs, then the odd feature.
  it.each([3, 8, 13])('d = %i: the moments pass in WebAssembly gives the same variance', (d) => {
    const rows = Math.ceil(SHARED_MIN_VALUES / d) + 77;
    const { x } = blobs(rows, 3, d, 2.5, d);
    const arena = createMatrix(rows, d);
    arena.data.set(x.data);
    const kernels = kernelsFor(d);
    const expected = meanVariance(x, kernels, 'test');
    for (const threads of [1, 2]) {
      const runner = new ChunkRunner(arena, null, 4, kernels, {
        bounds: 'none',
        seeding: false,
        threads,
      });
      expect(runner.views.memory).toBeDefined();
      runner.views.scalars[8] = 1;
      try {
        expect(Object.is(meanVariance(arena, kernels, 'test', runner), expected)).toBe(true);
        // Non-finite values still stop the fit, naming the row.
        const at = (rows - 5) * d + d - 1;
        const kept = arena.data[at] as number;
        arena.data[at] = Infinity;
        const error = expectError(
          () => meanVariance(arena, kernels, 'test', runner),
          'INVALID_INPUT',
        );
        expect(error.row).toBe(rows - 4);
        arena.data[at] = kept;
      } finally {
        runner.close();
      }
    }
  });

  it('keeps unit weights between fits until another array takes their place', () => {
    const data = sharedMatrixData(64 * 8) as Float64Array;
    const open = (sizes: number[]): NonNullable<ReturnType<typeof openArena>> =>
      openArena(data, sizes) as NonNullable<ReturnType<typeof openArena>>;
    let fit = open([64 * 8, 32 * 8]);
    const ones = fit.ones(64);
    expect(ones.every((w) => w === 1)).toBe(true);
    fit.close();
    // Same place, same length: the same ones, not refilled (a write shows it).
    fit = open([64 * 8, 32 * 8]);
    ones[3] = 7;
    expect(fit.ones(64)[3]).toBe(7);
    fit.close();
    // Weights copied over them: the next request fills ones again.
    fit = open([64 * 8, 32 * 8]);
    fit.f64(64, false).fill(0.25);
    fit.close();
    fit = open([64 * 8, 32 * 8]);
    expect(fit.ones(64).every((w) => w === 1)).toBe(true);
    fit.close();
    // Another length at the same place is filled too.
    fit = open([32 * 8]);
    const shorter = fit.ones(32);
    fit.close();
    expect(shorter.every((w) => w === 1)).toBe(true);
  });

  const cases: [KMeansAlgorithm, number, number][] = [
    ['hamerly', 1, 1],
    ['hamerly', 2, 1],
    ['hamerly', 2, 4],
    ['lloyd', 1, 3],
    ['lloyd', 2, 3],
    ['elkan', 2, 2],
  ];
  for (const [algorithm, threads, std] of cases) {
    it(`${algorithm}, ${threads} thread(s), spread ${std}: bit-identical to a plain copy`, () => {
      const { arena, plain } = twoCopies(std, 11 + std);
      // k-means++ (its buffers are in the arena too) once; random starts elsewhere, for time.
      const init = algorithm === 'hamerly' && threads === 2 && std === 1 ? 'k-means++' : 'random';
      const options = {
        k: 5,
        algorithm,
        threads,
        seed: 3,
        nInit: 1,
        init,
        maxIter: 12,
        kernel: 'wasm',
      } as const;
      const expected = new KMeans(options).fit(plain);
      const got = new KMeans(options).fit(arena);
      expectSameFit(got, expected);
      // The region is reused by the next fit: same results again, with weights too.
      expectSameFit(new KMeans(options).fit(arena), expected);
      const rng = new Xoshiro128(5);
      const sampleWeight = Array.from({ length: N }, () => 0.5 + rng.nextFloat());
      expectSameFit(
        new KMeans(options).fit(arena, { sampleWeight }),
        new KMeans(options).fit(plain, { sampleWeight }),
      );
      // The weights took the place of the ones the unweighted fits share: ones again.
      expectSameFit(new KMeans(options).fit(arena), expected);
    });
  }
});

/**
 * The shortcuts of a fit's passes change no result: the inertia taken from the last
 * assignment pass (no separate inertia pass), Hamerly's chunks that keep their previous sums
 * when no label in them changed, and Hamerly's first pass in WebAssembly. Fits span many
 * chunks of 4096 rows and several iterations, so that some chunks settle while others do not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../src/cluster/kmeans/centers.js';
import { accumulatorLayout, type Kernels } from '../../../src/cluster/kmeans/kernels.js';
import { KMeans, type KMeansAlgorithm } from '../../../src/cluster/kmeans/kmeans.js';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';
import { shutdownKMeansWorkers } from '../../../src/cluster/kmeans/pool.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import { wasmAssignKernels, wasmSource } from '../../../src/cluster/kmeans/wasm/assign.js';
import { kernelsFor } from '../../../src/cluster/kmeans/kernels.js';
import { blobs, bytes } from './helpers.js';

afterAll(async () => {
  await shutdownKMeansWorkers();
});

/**
 * `Σ w·‖x − c(label)‖²` computed independently of the library's kernels, in the documented
 * order: rows in order within each chunk of CHUNK_ROWS rows, chunk totals added in order.
 */
function chunkedInertia(
  x: Matrix,
  weights: readonly number[] | null,
  centroids: Float64Array,
  labels: Int32Array,
): number {
  const { data, rows, cols } = x;
  let total = 0;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    let chunk = 0;
    for (let i = start; i < Math.min(rows, start + CHUNK_ROWS); i++) {
      const c = (labels[i] as number) * cols;
      let s = 0;
      for (let t = 0; t < cols; t++) {
        const e = (data[i * cols + t] as number) - (centroids[c + t] as number);
        s = t === 0 ? e * e : s + e * e;
      }
      chunk += (weights === null ? 1 : (weights[i] as number)) * s;
    }
    total += chunk;
  }
  return total;
}

describe('fused passes', () => {
  // Overlapping blobs: many iterations, labels settle chunk by chunk.
  const { x } = blobs(9 * CHUNK_ROWS + 123, 6, 5, 3.5, 21);
  const sampleWeight = Array.from({ length: x.rows }, (_, i) => 0.5 + ((i * 13) % 7) / 4);

  it.each([
    { tol: 0, name: 'strict convergence' },
    { tol: 1e-3, name: 'tolerance stop' },
  ])('$name: every algorithm, kernel and thread count gives the same fit', ({ tol }) => {
    const fits: KMeans[] = [];
    for (const algorithm of ['lloyd', 'hamerly', 'elkan'] as KMeansAlgorithm[]) {
      for (const kernel of ['js', 'wasm'] as const) {
        for (const threads of [1, 2]) {
          const model = new KMeans({ k: 6, seed: 4, nInit: 2, algorithm, kernel, threads, tol });
          fits.push(model.fit(x, { sampleWeight }));
        }
      }
    }
    const first = fits[0] as KMeans;
    expect(first.iterations).toBeGreaterThan(3);
    for (const fit of fits) {
      expect(bytes(fit.labels)).toEqual(bytes(first.labels));
      expect(bytes(fit.centroids.data)).toEqual(bytes(first.centroids.data));
      expect(fit.inertia).toBe(first.inertia);
      expect(fit.iterations).toBe(first.iterations);
    }
    // The reported inertia is the labels' against the final centroids, summed as documented.
    expect(first.inertia).toBe(chunkedInertia(x, sampleWeight, first.centroids.data, first.labels));
  });

  it('the history and the final inertia agree with the separate inertia pass', () => {
    for (const algorithm of ['lloyd', 'hamerly'] as KMeansAlgorithm[]) {
      const model = new KMeans({ k: 6, seed: 1, nInit: 1, algorithm, recordHistory: true });
      model.fit(x);
      const history = model.learned.inertiaHistory ?? [];
      expect(history.length).toBe(model.iterations);
      // The last assignment changed no label and the centroids did not move (tol stop aside):
      // its inertia is the final one.
      expect(history[history.length - 1]).toBeGreaterThanOrEqual(model.inertia);
      expect(model.inertia).toBe(chunkedInertia(x, null, model.centroids.data, model.labels));
    }
  });
});

describe("Hamerly's first pass in WebAssembly", () => {
  it.each([1, 2, 3, 8, 13])('d = %i: labels, bounds and sums equal the JavaScript pass', (d) => {
    const n = 1_000;
    const source = wasmSource();
    if (source === undefined) throw new Error('WebAssembly SIMD unavailable');
    for (const k of [1, 2, 8]) {
      const rng = new Xoshiro128(d * 10 + k);
      const X = Float64Array.from({ length: n * d }, () => Math.round(rng.nextFloat() * 40) / 8);
      const W = Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? 0 : rng.nextFloat()));
      // Centroids are data rows, two of them equal (exact ties).
      const C = new Float64Array(k * d);
      for (let j = 0; j < k; j++) C.set(X.subarray(j * 31 * d, j * 31 * d + d), j * d);
      if (k > 2) C.copyWithin(2 * d, d, 2 * d);
      const half = Float64Array.from({ length: k }, (_, j) => (j + 1) * 0.75);
      const wasm = wasmAssignKernels(source.bytes, d);
      if (wasm === undefined) throw new Error('WebAssembly kernels did not build');
      const run = (kernel: Kernels['hamerlyInit'], sums: number): Uint8Array[] => {
        const layout = accumulatorLayout(k, d);
        const acc = new Float64Array(layout.size * 2);
        const labels = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : -1));
        const upper = new Float64Array(n);
        const lower = new Float64Array(n);
        const scalars = new Float64Array(10);
        scalars[0] = sums;
        scalars[1] = 1;
        const shift = new Float64Array(k);
        kernel(X, W, C, k, labels, upper, lower, half, shift, scalars, 0, 600, acc, 0);
        kernel(X, W, C, k, labels, upper, lower, half, shift, scalars, 600, n, acc, layout.size);
        return [bytes(acc), bytes(labels), bytes(upper), bytes(lower)];
      };
      for (const sums of [0, 1]) {
        const js = run(kernelsFor(d).hamerlyInit, sums);
        const generic = run(kernelsFor(d, false).hamerlyInit, sums);
        const fast = run(wasm.hamerlyInit, sums);
        expect(fast).toEqual(js);
        expect(generic).toEqual(js);
      }
    }
  });
});

/**
 * The WebAssembly SIMD assignment kernels (src/cluster/kmeans/wasm) give the same labels,
 * sums, weights, inertia and changed counts as the JavaScript kernels, bit for bit, on every
 * shape; and KMeans fits with `kernel: 'wasm'` equal those with `kernel: 'js'`, on one thread
 * and on two.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  accumulatorLayout,
  compileKernels,
  kernelsFor,
  type AssignKernel,
} from '../../../src/cluster/kmeans/kernels.js';
import { KMeans, type KMeansOptions } from '../../../src/cluster/kmeans/kmeans.js';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';
import { shutdownKMeansWorkers } from '../../../src/cluster/kmeans/pool.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import {
  useWasmKernel,
  wasmAssignKernels,
  wasmAvailable,
  wasmSource,
  type WasmAssignFactory,
} from '../../../src/cluster/kmeans/wasm/assign.js';
import { KERNEL_WASM_BASE64 } from '../../../src/cluster/kmeans/wasm/kernel-wasm.js';
import { blobs, bytes, expectError } from './helpers.js';

afterAll(async () => {
  await shutdownKMeansWorkers();
});

const DIMS = [1, 2, 3, 8, 13, 32];
// Odd k > 1: the kernel takes centroids two at a time, then the last one alone.
const KS = [1, 2, 3, 5, 8, 64];

/**
 * Seeded data with `dup` exact copies of earlier rows mixed in (exact distance ties between
 * points) and centroids that repeat some rows and one another (exact ties between centroids).
 */
function shape(n: number, d: number, k: number, seed: number) {
  const rng = new Xoshiro128(seed);
  const X = Float64Array.from({ length: n * d }, () => Math.round(rng.nextFloat() * 40) / 8 - 2);
  for (let i = 5; i < n; i += 7) {
    const from = rng.nextInt(i);
    X.copyWithin(i * d, from * d, from * d + d);
  }
  const W = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : 0.25 + rng.nextFloat()));
  const C = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    // Every third centroid is a copy of the previous one; the others are data rows.
    if (j % 3 === 2) C.copyWithin(j * d, (j - 1) * d, j * d);
    else C.set(X.subarray(((j * 37) % n) * d, ((j * 37) % n) * d + d), j * d);
  }
  return { X, W, C };
}

function wasmKernels(d: number): { assign: AssignKernel; assignSums: AssignKernel } {
  const source = wasmSource();
  if (source === undefined) throw new Error('WebAssembly SIMD unavailable');
  const kernels = wasmAssignKernels(source.bytes, d);
  if (kernels === undefined) throw new Error('WebAssembly kernels did not build');
  return kernels;
}

describe('WebAssembly assignment kernels', () => {
  it('are available on this Node (WebAssembly SIMD validates)', () => {
    expect(wasmAvailable()).toBe(true);
    expect(KERNEL_WASM_BASE64.length).toBeGreaterThan(100);
  });

  for (const d of DIMS) {
    it.each(KS)(`d = ${d}, k = %i: bit-identical to the JavaScript kernels`, (k) => {
      // n is not a multiple of 2, 4, 8 or the chunk size; ranges start and end off-grid.
      const n = 1_003;
      const { X, W, C } = shape(n, d, k, 100 * d + k);
      const js = kernelsFor(d);
      const wasm = wasmKernels(d);
      const layout = accumulatorLayout(k, d);
      const run = (assign: AssignKernel, assignSums: AssignKernel) => {
        const labels = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : i % k));
        // Sums are added into what the block holds: start from non-zero blocks.
        const acc = Float64Array.from({ length: 4 * layout.size }, (_, i) => (i % 5) / 4);
        assignSums(X, W, C, k, labels, 0, 1, acc, 0);
        assignSums(X, W, C, k, labels, 1, 500, acc, layout.size);
        assign(X, W, C, k, labels, 500, 503, acc, 2 * layout.size);
        assignSums(X, W, C, k, labels, 503, n, acc, 3 * layout.size);
        // A second pass over everything: no label changes.
        const again = new Float64Array(layout.size);
        assignSums(X, W, C, k, labels, 0, n, again, 0);
        return { labels, acc, again };
      };
      const a = run(js.assign, js.assignSums);
      const b = run(wasm.assign, wasm.assignSums);
      expect(bytes(b.labels)).toEqual(bytes(a.labels));
      expect(bytes(b.acc)).toEqual(bytes(a.acc));
      expect(bytes(b.again)).toEqual(bytes(a.again));
      expect(b.again[layout.changed]).toBe(0);
    });
  }

  it('unrolled and generic JavaScript kernels agree with WebAssembly past 64 features', () => {
    const d = 70;
    const k = 5;
    const n = 333;
    const { X, W, C } = shape(n, d, k, 7);
    const generic = kernelsFor(d);
    expect(generic.sources).toBeUndefined();
    expect(generic.wasmAssignSums).toBeDefined();
    const layout = accumulatorLayout(k, d);
    const run = (assignSums: AssignKernel) => {
      const labels = new Int32Array(n).fill(-1);
      const acc = new Float64Array(layout.size);
      assignSums(X, W, C, k, labels, 0, n, acc, 0);
      return [labels, acc] as const;
    };
    const [la, aa] = run(generic.assignSums);
    const [lb, ab] = run(generic.wasmAssignSums as AssignKernel);
    expect(bytes(lb)).toEqual(bytes(la));
    expect(bytes(ab)).toEqual(bytes(aa));
  });

  it('exact ties go to the lowest centroid; all-infinite distances to centroid 0', () => {
    const d = 3;
    const k = 5;
    // Centroids 1 and 3 are equal; point 0 sits on them, point 1 is equidistant from 0 and 2.
    const C = Float64Array.from([0, 0, 0, 5, 5, 5, 2, 0, 0, 5, 5, 5, 9, 9, 9]);
    const X = Float64Array.from([5, 5, 5, 1, 0, 0, 1e200, -1e200, 1e200, 9, 9, 9]);
    const W = Float64Array.from([1, 2, 3, 4]);
    const js = kernelsFor(d);
    const wasm = wasmKernels(d);
    const layout = accumulatorLayout(k, d);
    const results = [js.assignSums, wasm.assignSums].map((assignSums) => {
      const labels = new Int32Array(4).fill(-1);
      const acc = new Float64Array(layout.size);
      assignSums(X, W, C, k, labels, 0, 4, acc, 0);
      return { labels, acc };
    });
    const [a, b] = results as [(typeof results)[0], (typeof results)[0]];
    expect([...a.labels]).toEqual([1, 0, 0, 4]);
    expect(bytes(b.labels)).toEqual(bytes(a.labels));
    // The far point's squared distances overflow: inertia is Infinity in both.
    expect(a.acc[layout.inertia]).toBe(Infinity);
    expect(bytes(b.acc)).toEqual(bytes(a.acc));
  });

  it('an empty range writes zero inertia and changes', () => {
    const wasm = wasmKernels(2);
    const acc = new Float64Array(accumulatorLayout(1, 2).size).fill(7);
    wasm.assignSums(
      new Float64Array(4),
      new Float64Array(2),
      new Float64Array(2),
      1,
      new Int32Array(2),
      1,
      1,
      acc,
      0,
    );
    expect([...acc]).toEqual([7, 7, 7, 0, 0]);
  });

  it('build from source text, as worker threads build them', () => {
    for (const d of [1, 8, 64]) {
      const sources = kernelsFor(d).sources;
      expect(sources?.wasm).toBeDefined();
      const compiled = compileKernels(d, sources as NonNullable<typeof sources>);
      expect(compiled?.wasmAssign).toBeDefined();
      expect(compiled?.wasmAssignSums).toBeDefined();
    }
    const source = wasmSource() as NonNullable<ReturnType<typeof wasmSource>>;
    const factory = new Function(`return (${source.factory});`)() as WasmAssignFactory;
    expect(factory(source.bytes, 4)).toBeDefined();
  });

  it('are left out where the module does not validate', () => {
    expect(wasmAssignKernels(Uint8Array.from([0, 97, 115, 109, 9, 9]), 8)).toBeUndefined();
  });
});

describe("KMeans kernel: 'wasm' equals 'js'", () => {
  const fitBoth = (x: Matrix, options: KMeansOptions): void => {
    const js = new KMeans({ ...options, kernel: 'js' }).fit(x);
    const wasm = new KMeans({ ...options, kernel: 'wasm' }).fit(x);
    expect(bytes(wasm.labels)).toEqual(bytes(js.labels));
    expect(bytes(wasm.centroids.data)).toEqual(bytes(js.centroids.data));
    // Bit-identical; the documented guarantee is 1e-12 relative.
    expect(Math.abs(wasm.inertia - js.inertia)).toBeLessThanOrEqual(1e-12 * js.inertia);
    expect(wasm.inertia).toBe(js.inertia);
    expect(wasm.iterations).toBe(js.iterations);
    expect(wasm.learned.inertiaHistory).toEqual(js.learned.inertiaHistory);
  };

  for (const d of DIMS) {
    it.each(KS)(`d = ${d}, k = %i, one thread`, (k) => {
      // 2 039 rows, every 10th a copy of an earlier one (duplicate points).
      const { x } = blobs(2_039, Math.min(k, 8), d, 3, d * 1000 + k);
      for (let i = 9; i < x.rows; i += 10) x.data.copyWithin(i * d, (i - 9) * d, (i - 8) * d);
      fitBoth(x, { k, nInit: 2, seed: k, algorithm: 'lloyd', threads: 1, recordHistory: true });
    });
  }

  it.each([3, 8, 13])('d = %i, two threads (workers run the WebAssembly kernels too)', (d) => {
    const { x } = blobs(30_011, 8, d, 4, d);
    fitBoth(x, { k: 8, nInit: 2, seed: 3, algorithm: 'lloyd', threads: 2, maxIter: 20 });
    const serial = new KMeans({
      k: 8,
      nInit: 2,
      seed: 3,
      algorithm: 'lloyd',
      threads: 1,
      maxIter: 20,
      kernel: 'wasm',
    }).fit(x);
    const parallel = new KMeans({
      k: 8,
      nInit: 2,
      seed: 3,
      algorithm: 'lloyd',
      threads: 2,
      maxIter: 20,
      kernel: 'wasm',
    }).fit(x);
    expect(bytes(parallel.labels)).toEqual(bytes(serial.labels));
    expect(bytes(parallel.centroids.data)).toEqual(bytes(serial.centroids.data));
    expect(parallel.inertia).toBe(serial.inertia);
  });

  it("sample weights, and Hamerly / Elkan fits (Hamerly's first pass in WebAssembly too)", () => {
    const { x } = blobs(3_001, 5, 4, 2, 9);
    const sampleWeight = Array.from({ length: x.rows }, (_, i) => (i % 7) / 3);
    for (const algorithm of ['lloyd', 'hamerly', 'elkan', 'auto'] as const) {
      const js = new KMeans({ k: 5, seed: 2, nInit: 2, algorithm, kernel: 'js' }).fit(x, {
        sampleWeight,
      });
      const wasm = new KMeans({ k: 5, seed: 2, nInit: 2, algorithm, kernel: 'wasm' }).fit(x, {
        sampleWeight,
      });
      expect(bytes(wasm.labels)).toEqual(bytes(js.labels));
      expect(wasm.inertia).toBe(js.inertia);
    }
  });
});

describe('the kernel option', () => {
  it("defaults to 'auto', is validated, and round-trips through JSON", () => {
    expect(new KMeans({ k: 2 }).params.kernel).toBe('auto');
    expectError(() => new KMeans({ k: 2, kernel: 'gpu' as 'js' }), 'INVALID_OPTION');
    const { x } = blobs(500, 2, 3, 1, 1);
    const model = new KMeans({ k: 2, kernel: 'wasm', seed: 1 }).fit(x);
    const copy = KMeans.fromJSON(JSON.stringify(model.toJSON()));
    expect(copy.params.kernel).toBe('wasm');
    // Models saved before the option existed read back with the default.
    const old = model.toJSON() as unknown as { params: Record<string, unknown> };
    const params = { ...old.params };
    delete params['kernel'];
    expect(KMeans.fromJSON({ ...old, params }).params.kernel).toBe('auto');
  });

  it("'js' never uses WebAssembly; 'wasm' always does where available; 'auto' from k = 2", () => {
    for (const d of [1, 8, 64, 200]) {
      expect(useWasmKernel('js', d, 8)).toBe(false);
      expect(useWasmKernel('wasm', d, 8)).toBe(wasmAvailable());
      expect(useWasmKernel('wasm', d, 1)).toBe(wasmAvailable());
      expect(useWasmKernel('auto', d, 8)).toBe(wasmAvailable());
      // One cluster: nothing to win, the JavaScript loops stay.
      expect(useWasmKernel('auto', d, 1)).toBe(false);
    }
  });
});

/**
 * The per-chunk work of a k-means fit, written so that the main thread and the worker threads
 * run literally the same code: each step is a self-contained function of a {@link StepViews}
 * object and a chunk index (no imports, no closures, no module constants; the worker threads
 * receive the functions' source text). A step reads the shared arrays, writes its chunk's
 * rows and its chunk's accumulator block in `partial`, and nothing else, so chunks can run in
 * any order on any thread and the main thread adds the blocks up in chunk order.
 *
 * `scalars` carries the per-command parameters, by index:
 *
 * | index | meaning                                                               |
 * | ----- | --------------------------------------------------------------------- |
 * | 0     | accumulate centroid sums (1) or only assign (0)                       |
 * | 1     | first assignment of a run (1): bounds are initialized, not updated    |
 * | 2, 3  | Hamerly: largest and second-largest centroid move since last pass     |
 * | 4     | Hamerly: index of the centroid that moved most (−1: none)             |
 * | 5     | Elkan: moves since the last pass are pending in `shift` (1)           |
 * | 6     | k-means++: number of candidates in `seedCandidates`                  |
 * | 7     | k-means++: which of `seedBuffers` holds the current distances         |
 * | 8     | use the WebAssembly kernels where built (Lloyd, Hamerly's first pass;  |
 * |       | in a fit's arena also Hamerly's later passes and the moments)         |
 * | 9     | Hamerly: the chunks' blocks hold the sums of the previous pass (1)    |
 * | 10    | Hamerly: later passes compute the inertia too (1)                     |
 *
 * @module
 */
import type { Kernels } from './kernels.js';

/** Number of entries of {@link StepViews.scalars}. */
export const SCALARS = 11;

/** The arrays and sizes a step works on (one object per thread, arrays shared). */
export interface StepViews {
  /** Rows. */
  readonly n: number;
  /** Features. */
  readonly d: number;
  /** Clusters. */
  readonly k: number;
  /** Rows per chunk. */
  readonly chunkRows: number;
  /** Size of one accumulator block (see `accumulatorLayout`). */
  readonly stride: number;
  /** Data, n × d. */
  readonly X: Float64Array;
  /** Sample weights, n. */
  readonly W: Float64Array;
  /** Labels, n. */
  readonly labels: Int32Array;
  /** Current centroids, k × d. */
  readonly C: Float64Array;
  /** One accumulator block per chunk. */
  readonly partial: Float64Array;
  /** Per-command parameters (see the module comment). */
  readonly scalars: Float64Array;
  /** Upper bounds, n (Hamerly, Elkan). */
  readonly upper: Float64Array;
  /** Lower bounds: n (Hamerly) or n × k (Elkan). */
  readonly lower: Float64Array;
  /** Half the distance from each centroid to its nearest other centroid, k. */
  readonly half: Float64Array;
  /** Half distances between centroids, k × k (Elkan). */
  readonly halfBetween: Float64Array;
  /** Centroid moves of the last update, k. */
  readonly shift: Float64Array;
  /** k-means++: distance buffers of n values, one per local trial plus the current one. */
  readonly seedBuffers: readonly Float64Array[];
  /** k-means++: the candidate rows of the current step. */
  readonly seedCandidates: Int32Array;
  /**
   * The shared WebAssembly memory holding the data and every array above (`arena.ts`), or
   * undefined: then the WebAssembly kernels copy each chunk in and out.
   */
  readonly memory: object | undefined;
  /** In `memory`: 4·d float64 of kernel scratch per chunk (empty without `memory`). */
  readonly scratch: Float64Array;
  /** Compiled distance loops. */
  readonly kernels: Kernels;
}

/** A step: processes one chunk. */
export type Step = (v: StepViews, chunk: number) => void;

/** Lloyd's assignment (and, when scalars[0] is 1, centroid sums) for one chunk. */
export function lloydStep(v: StepViews, chunk: number): void {
  const start = chunk * v.chunkRows;
  const end = Math.min(v.n, start + v.chunkRows);
  const offset = chunk * v.stride;
  v.partial.fill(0, offset, offset + v.stride);
  // The WebAssembly kernels give the same results; a thread without them uses the others.
  const wasm = v.scalars[8] === 1;
  // In place when everything is in one WebAssembly memory (the same code, no copies).
  const inPlace = wasm && v.memory !== undefined ? v.kernels.wasmInPlace?.(v.memory) : undefined;
  if (inPlace !== undefined) {
    inPlace.assign(
      v.X.byteOffset + start * v.d * 8,
      v.W.byteOffset + start * 8,
      v.C.byteOffset,
      v.k,
      v.d,
      v.labels.byteOffset + start * 4,
      end - start,
      v.partial.byteOffset + offset * 8,
      v.scalars[0] === 1 ? 1 : 0,
      v.scratch.byteOffset + chunk * 32 * v.d,
      0,
      0,
      0,
    );
    return;
  }
  const kernel =
    v.scalars[0] === 1
      ? ((wasm ? v.kernels.wasmAssignSums : undefined) ?? v.kernels.assignSums)
      : ((wasm ? v.kernels.wasmAssign : undefined) ?? v.kernels.assign);
  kernel(v.X, v.W, v.C, v.k, v.labels, start, end, v.partial, offset);
}

/** `Σ w·‖x − c(label)‖²` over one chunk, into the chunk's inertia slot. */
export function inertiaStep(v: StepViews, chunk: number): void {
  const start = chunk * v.chunkRows;
  const end = Math.min(v.n, start + v.chunkRows);
  v.partial[chunk * v.stride + v.k * v.d + v.k] = v.kernels.inertia(
    v.X,
    v.W,
    v.C,
    v.labels,
    start,
    end,
  );
}

/** Hamerly's pass over one chunk (see `hamerly.ts`). */
export function hamerlyStep(v: StepViews, chunk: number): void {
  const start = chunk * v.chunkRows;
  const end = Math.min(v.n, start + v.chunkRows);
  const offset = chunk * v.stride;
  // Later passes keep the block when the chunk's labels do not change (see kernel-source.ts).
  if (v.scalars[1] === 1) v.partial.fill(0, offset, offset + v.stride);
  // The first pass is Lloyd's loop plus bounds: WebAssembly where Lloyd's would use it, in
  // place when everything is in one WebAssembly memory; so are the later passes then.
  const inPlace =
    v.scalars[8] === 1 && v.memory !== undefined ? v.kernels.wasmInPlace?.(v.memory) : undefined;
  if (inPlace !== undefined && v.scalars[1] !== 1) {
    inPlace.hamerly(
      v.X.byteOffset + start * v.d * 8,
      v.W.byteOffset + start * 8,
      v.C.byteOffset,
      v.k,
      v.d,
      v.labels.byteOffset + start * 4,
      end - start,
      v.partial.byteOffset + offset * 8,
      v.upper.byteOffset + start * 8,
      v.lower.byteOffset + start * 8,
      v.half.byteOffset,
      v.shift.byteOffset,
      v.scalars[2] as number,
      v.scalars[3] as number,
      v.scalars[4] as number,
      v.scalars[10] === 1 ? 1 : 0,
      v.scalars[0] === 1 ? 1 : 0,
      v.scalars[9] === 1 ? 1 : 0,
    );
    return;
  }
  if (inPlace !== undefined) {
    inPlace.assign(
      v.X.byteOffset + start * v.d * 8,
      v.W.byteOffset + start * 8,
      v.C.byteOffset,
      v.k,
      v.d,
      v.labels.byteOffset + start * 4,
      end - start,
      v.partial.byteOffset + offset * 8,
      v.scalars[0] === 1 ? 1 : 0,
      v.scratch.byteOffset + chunk * 32 * v.d,
      v.upper.byteOffset + start * 8,
      v.lower.byteOffset + start * 8,
      v.half.byteOffset,
    );
    return;
  }
  const kernel =
    v.scalars[1] === 1
      ? ((v.scalars[8] === 1 ? v.kernels.wasmHamerlyInit : undefined) ?? v.kernels.hamerlyInit)
      : v.kernels.hamerly;
  kernel(
    v.X,
    v.W,
    v.C,
    v.k,
    v.labels,
    v.upper,
    v.lower,
    v.half,
    v.shift,
    v.scalars,
    start,
    end,
    v.partial,
    offset,
  );
}

/** Elkan's pass over one chunk (see `elkan.ts`). */
export function elkanStep(v: StepViews, chunk: number): void {
  const start = chunk * v.chunkRows;
  const end = Math.min(v.n, start + v.chunkRows);
  const offset = chunk * v.stride;
  v.partial.fill(0, offset, offset + v.stride);
  v.kernels.elkan(
    v.X,
    v.W,
    v.C,
    v.k,
    v.labels,
    v.upper,
    v.lower,
    v.half,
    v.halfBetween,
    v.shift,
    v.scalars,
    start,
    end,
    v.partial,
    offset,
  );
}

/**
 * The data's moments over one chunk (see the `moments` kernel, shifted by row 0) into the
 * first 2·d slots of the chunk's block, which must hold that many (k·d + k + 2 ≥ 2·d). Added
 * up in chunk order from 0, the blocks give exactly the sums of one sequential pass, whose
 * per-chunk partial sums also start from 0: this only spreads the variance/finiteness pass
 * over the threads.
 */
export function momentsStep(v: StepViews, chunk: number): void {
  const start = chunk * v.chunkRows;
  const end = Math.min(v.n, start + v.chunkRows);
  const offset = chunk * v.stride;
  const block = v.partial.subarray(offset, offset + 2 * v.d);
  block.fill(0);
  // In WebAssembly, in place, where the fit's arrays are in the data's memory (arena.ts).
  const inPlace =
    v.scalars[8] === 1 && v.memory !== undefined ? v.kernels.wasmInPlace?.(v.memory) : undefined;
  if (inPlace !== undefined) {
    inPlace.moments(
      v.X.byteOffset + start * v.d * 8,
      end - start,
      v.d,
      v.X.byteOffset,
      block.byteOffset,
    );
  } else {
    v.kernels.moments(v.X, start, end, 0, block);
  }
}

/**
 * The k-means++ candidates (`seedCandidates[0 .. scalars[6])`) over one chunk: each one's
 * distances (see the `seedDistances` kernel) and, in the first slots of the chunk's block,
 * each one's potential.
 */
export function seedStep(v: StepViews, chunk: number): void {
  const start = chunk * v.chunkRows;
  const end = Math.min(v.n, start + v.chunkRows);
  v.kernels.seedDistances(
    v.X,
    v.W,
    start,
    end,
    v.seedCandidates,
    v.scalars[6] as number,
    v.seedBuffers,
    v.scalars[7] as number,
    v.partial,
    chunk * v.stride,
  );
}

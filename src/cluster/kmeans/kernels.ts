/**
 * The loops every k-means algorithm spends its time in, as "kernels" specialized for the
 * number of features.
 *
 * For `d` up to {@link MAX_UNROLLED_FEATURES}, the kernels are generated once per `d` (see
 * `kernel-source.ts`) with every loop over features unrolled and a row's coordinates held in
 * local variables, which V8 keeps in registers; the same source is compiled by the worker
 * threads. That makes the distance loops 2–3× faster than generic ones (1M × 8, k = 8, one
 * Lloyd pass: ≈ 25 ms against ≈ 70 ms). Where code generation is disabled
 * (`--disallow-code-generation-from-strings`) and for wider data, the generic kernels of
 * `generic-kernels.ts` are used. Both compute every squared distance and every sum with the
 * same operations in the same order, so results are bit-identical whichever ran. Lloyd's
 * assignment and Hamerly's first pass also have WebAssembly SIMD variants (`wasm/assign.ts`,
 * bit-identical too), which `KMeans`'s `kernel` option selects.
 *
 * Assignment kernels write into an accumulator block laid out as {@link accumulatorLayout}
 * describes: per-cluster sums, per-cluster weights, then the inertia and the number of
 * changed labels.
 *
 * @module
 */
import { genericKernels } from './generic-kernels.js';
import { kernelSources } from './kernel-source.js';
import {
  wasmAssignKernels,
  wasmSource,
  type WasmInPlace,
  type WasmAssignFactory,
  type WasmSource,
} from './wasm/assign.js';

/**
 * Assignment over rows `[start, end)` of `X`: each row gets the nearest of the `k` centroids
 * in `C` (the first one among exact ties), written to `labels`. Writes `Σ w·d²` and the number
 * of labels that changed into the accumulator block of `acc` at `offset`; the `assignSums`
 * variant also adds `w·x` and `w` into the block's sums of the row's cluster.
 */
export type AssignKernel = (
  X: Float64Array,
  W: Float64Array,
  C: Float64Array,
  k: number,
  labels: Int32Array,
  start: number,
  end: number,
  acc: Float64Array,
  offset: number,
) => void;

/** Squared Euclidean distance between row `i` of `X` and row `j` of `C`. */
export type SqDistKernel = (X: Float64Array, i: number, C: Float64Array, j: number) => number;

/**
 * Nearest and second-nearest of the `k` centroids to row `i` of `X`: returns the nearest's
 * index (first among ties) and writes the two squared distances to `out[0]` and `out[1]`
 * (`out[1]` is Infinity when k = 1).
 */
export type NearestTwoKernel = (
  X: Float64Array,
  i: number,
  C: Float64Array,
  k: number,
  out: Float64Array,
) => number;

/**
 * k-means++ step over rows `[start, end)` for `count` candidate rows (`candidates[t]`): for
 * each, `out_t[i] = min(closest[i], ‖X_i − X_candidate‖²)` and the potential
 * `Σ W[i]·out_t[i]` (in row order) into `pots[potOffset + t]`. The distance buffers are
 * `buffers` without the one at `closestIndex` (which is `closest`), in order. One pass over
 * the data serves all candidates.
 */
export type SeedKernel = (
  X: Float64Array,
  W: Float64Array,
  start: number,
  end: number,
  candidates: Int32Array,
  count: number,
  buffers: readonly Float64Array[],
  closestIndex: number,
  pots: Float64Array,
  potOffset: number,
) => void;

/**
 * Hamerly's pass over rows `[start, end)` (see `hamerly.ts`): updates each row's bounds by the
 * last centroid moves (`shift`, and scalars 2–4: largest move, second largest, index of the
 * largest), recomputes distances only where the bounds allow a change, writes labels and the
 * number changed, and, when scalars[0] is 1, leaves the rows' sums in the accumulator block
 * (kept as they are when scalars[9] says the block holds the previous pass's sums and no
 * label changed). The inertia slot gets `Σ w·d²` when scalars[10] is 1, NaN otherwise. The
 * `hamerlyInit` variant is the first pass of a run: bounds from scratch, `shift` unused, the
 * block zeroed by the caller, sums added when scalars[0] is 1, the inertia always written.
 */
export type HamerlyKernel = (
  X: Float64Array,
  W: Float64Array,
  C: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  shift: Float64Array,
  scalars: Float64Array,
  start: number,
  end: number,
  acc: Float64Array,
  offset: number,
) => void;

/**
 * Elkan's pass over rows `[start, end)` (see `elkan.ts`): like {@link HamerlyKernel} with one
 * lower bound per row and centroid (`lower`, n × k), the half distances between centroids
 * (`halfBetween`, k × k), and pending moves flagged by scalars[5].
 */
export type ElkanKernel = (
  X: Float64Array,
  W: Float64Array,
  C: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  halfBetween: Float64Array,
  shift: Float64Array,
  scalars: Float64Array,
  start: number,
  end: number,
  acc: Float64Array,
  offset: number,
) => void;

/** `Σ W[i]·‖X_i − C_labels[i]‖²` over rows `[start, end)`, in row order. */
export type InertiaKernel = (
  X: Float64Array,
  W: Float64Array,
  C: Float64Array,
  labels: Int32Array,
  start: number,
  end: number,
) => number;

/**
 * Adds, for each feature t over rows `[start, end)`, `Σ (x_t − y_t)` to `out[t]` and
 * `Σ (x_t − y_t)²` to `out[d + t]`, where `y` is the row at offset `shift` (shifting by a
 * data row keeps the variance accurate in one pass). NaN or ±Infinity in the data show up as
 * non-finite sums.
 */
export type MomentsKernel = (
  X: Float64Array,
  start: number,
  end: number,
  shift: number,
  out: Float64Array,
) => void;

/** Parameter names and body of one generated kernel, compiled with `new Function`. */
export interface KernelSource {
  /** Parameter names, in order. */
  readonly params: readonly string[];
  /** Function body. */
  readonly body: string;
}

/** The sources of the generated kernels for one `d`, as the worker threads compile them. */
export interface KernelSources {
  readonly assign: KernelSource;
  readonly assignSums: KernelSource;
  readonly sqdist: KernelSource;
  readonly nearestTwo: KernelSource;
  readonly seedDistances: KernelSource;
  readonly inertia: KernelSource;
  readonly moments: KernelSource;
  readonly hamerlyInit: KernelSource;
  readonly hamerly: KernelSource;
  readonly elkan: KernelSource;
  /** The WebAssembly assignment kernels (`wasm/assign.ts`), where WebAssembly SIMD validates. */
  readonly wasm?: WasmSource;
}

/** The distance loops for one number of features. */
export interface Kernels {
  /** Number of features the loops were built for. */
  readonly d: number;
  /** The generated sources, or undefined for the generic loops (which threads cannot use). */
  readonly sources: KernelSources | undefined;
  /** See {@link AssignKernel}: labels only. */
  readonly assign: AssignKernel;
  /** See {@link AssignKernel}: labels and cluster sums. */
  readonly assignSums: AssignKernel;
  /** See {@link SqDistKernel}. */
  readonly sqdist: SqDistKernel;
  /** See {@link NearestTwoKernel}. */
  readonly nearestTwo: NearestTwoKernel;
  /** See {@link SeedKernel}. */
  readonly seedDistances: SeedKernel;
  /** See {@link InertiaKernel}. */
  readonly inertia: InertiaKernel;
  /** See {@link MomentsKernel}. */
  readonly moments: MomentsKernel;
  /** See {@link HamerlyKernel}: first pass of a run. */
  readonly hamerlyInit: HamerlyKernel;
  /** See {@link HamerlyKernel}: later passes. */
  readonly hamerly: HamerlyKernel;
  /** See {@link ElkanKernel}. */
  readonly elkan: ElkanKernel;
  /**
   * `assign` in WebAssembly SIMD (`wasm/assign.ts`, bit-identical), where available; Lloyd's
   * step uses it when scalars[8] is 1 (see `steps.ts`).
   */
  readonly wasmAssign?: AssignKernel;
  /** `assignSums` in WebAssembly SIMD, like {@link Kernels.wasmAssign}. */
  readonly wasmAssignSums?: AssignKernel;
  /** `hamerlyInit` in WebAssembly SIMD, like {@link Kernels.wasmAssign}. */
  readonly wasmHamerlyInit?: HamerlyKernel;
  /**
   * The same WebAssembly code working in place on a fit's arena (`arena.ts`), plus Hamerly's
   * later passes: the step functions use it instead of the three above (and of `hamerly`,
   * when scalars[8] is 1) when the fit's arrays are there.
   */
  readonly wasmInPlace?: (memory: object) => WasmInPlace | undefined;
}

/** Where things are in an accumulator block for `k` clusters of `d` features. */
export interface AccumulatorLayout {
  /** Offset of the weight sums (the coordinate sums, k × d, come first). */
  readonly weights: number;
  /** Offset of the inertia. */
  readonly inertia: number;
  /** Offset of the number of changed labels. */
  readonly changed: number;
  /** Size of the block. */
  readonly size: number;
}

/** The layout of an accumulator block (see {@link AccumulatorLayout}). */
export function accumulatorLayout(k: number, d: number): AccumulatorLayout {
  return { weights: k * d, inertia: k * d + k, changed: k * d + k + 1, size: k * d + k + 2 };
}

/** Widest data for which unrolled loops are generated. */
export const MAX_UNROLLED_FEATURES = 64;

const cache = new Map<number, Kernels>();

/**
 * The distance loops for `d` features (cached). `unroll: false` forces the generic loops,
 * which tests use to check that both variants agree bit for bit.
 */
export function kernelsFor(d: number, unroll = true): Kernels {
  const key = unroll ? d : -d;
  let kernels = cache.get(key);
  if (kernels === undefined) {
    const wasm = wasmSource();
    const sources =
      unroll && d <= MAX_UNROLLED_FEATURES
        ? { ...kernelSources(d), ...(wasm === undefined ? {} : { wasm }) }
        : undefined;
    kernels = (sources && compileKernels(d, sources)) ?? withWasm(genericKernels(d), wasm);
    cache.set(key, kernels);
  }
  return kernels;
}

/** `kernels` plus the WebAssembly assignment kernels, where `wasm` is given and they build. */
function withWasm(kernels: Kernels, wasm: WasmSource | undefined): Kernels {
  const fast =
    wasm === undefined ? undefined : wasmAssignKernels(wasm.bytes, kernels.d, wasm.sharedBytes);
  return fast === undefined
    ? kernels
    : {
        ...kernels,
        wasmAssign: fast.assign,
        wasmAssignSums: fast.assignSums,
        wasmHamerlyInit: fast.hamerlyInit,
        wasmInPlace: fast.inPlace,
      };
}

/**
 * Compiles generated sources; undefined where code generation from strings is disabled. The
 * WebAssembly kernels of `sources.wasm` are built from the factory's source text (worker
 * threads run this function from its source too); where they do not build, they are left out.
 */
export function compileKernels(d: number, sources: KernelSources): Kernels | undefined {
  const compile = <F>(source: KernelSource): F =>
    new Function(...source.params, `'use strict';\n${source.body}`) as F;
  let kernels: Kernels;
  try {
    kernels = {
      d,
      sources,
      assign: compile<AssignKernel>(sources.assign),
      assignSums: compile<AssignKernel>(sources.assignSums),
      sqdist: compile<SqDistKernel>(sources.sqdist),
      nearestTwo: compile<NearestTwoKernel>(sources.nearestTwo),
      seedDistances: compile<SeedKernel>(sources.seedDistances),
      inertia: compile<InertiaKernel>(sources.inertia),
      moments: compile<MomentsKernel>(sources.moments),
      hamerlyInit: compile<HamerlyKernel>(sources.hamerlyInit),
      hamerly: compile<HamerlyKernel>(sources.hamerly),
      elkan: compile<ElkanKernel>(sources.elkan),
    };
  } catch {
    return undefined;
  }
  const wasm = sources.wasm;
  if (wasm === undefined) return kernels;
  try {
    const factory = new Function(`'use strict';\nreturn (${wasm.factory});`)() as WasmAssignFactory;
    const fast = factory(wasm.bytes, d, wasm.sharedBytes);
    return fast === undefined
      ? kernels
      : {
          ...kernels,
          wasmAssign: fast.assign,
          wasmAssignSums: fast.assignSums,
          wasmHamerlyInit: fast.hamerlyInit,
          wasmInPlace: fast.inPlace,
        };
  } catch {
    return kernels;
  }
}

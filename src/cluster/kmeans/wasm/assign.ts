/**
 * Lloyd's assignment in WebAssembly SIMD (f64x2): the `assign` / `assignSums` kernels of
 * `kernels.ts`, and Hamerly's first pass (`hamerlyInit`: the same loop plus each row's
 * bounds), computed by the hand-written module of `kernel.wat` (committed as base64 in
 * `kernel-wasm.ts`, so neither the runtime nor CI needs a WebAssembly toolchain).
 *
 * Results are bit-identical to the JavaScript kernels (labels, sums, weights, inertia,
 * changed count): see `kernel.wat` for why. Only the time differs, and whether it pays was
 * measured (`bench/kmeans-wasm.ts`, `bench/RESULTS-kmeans-wasm.md`).
 *
 * Each thread instantiates the module once per number of features, on first use, with its own
 * small linear memory (no shared memory: the data stays where `ChunkRunner` put it, and worker
 * threads build these kernels from source text like the generated ones). A call copies the
 * centroids and its chunk's rows, weights and labels in (≤ 4096 rows: one L2-sized memcpy,
 * after which the kernel reads them from cache), runs, and copies the labels and the
 * accumulator block back out. Nothing is kept between calls: nothing to invalidate when the
 * caller changes the data between fits, and no copy of the data outlives a call. The price is
 * that copying, ≈ 4 ms per pass over 1M × 8 (a fifth of the pass; see "WASM kernel alone" in
 * the benchmark). Matrices from `createMatrix` avoid it: they live in a shared
 * `WebAssembly.Memory` where `ChunkRunner` also puts the fit's arrays (`../arena.ts`), and
 * {@link WasmAssignKernels.inPlace} runs the same code on that memory, in place.
 *
 * @module
 */
import type { AssignKernel, HamerlyKernel } from '../kernels.js';
import { KERNEL_WASM_BASE64, KERNEL_WASM_SHARED_BASE64 } from './kernel-wasm.js';

/** The two assignment kernels backed by WebAssembly. */
export interface WasmAssignKernels {
  /** Labels only (see `AssignKernel`). */
  readonly assign: AssignKernel;
  /** Labels and cluster sums (see `AssignKernel`). */
  readonly assignSums: AssignKernel;
  /** The first pass of Hamerly's algorithm (see `HamerlyKernel`, `hamerlyInit`). */
  readonly hamerlyInit: HamerlyKernel;
  /**
   * The module's `assign` on a shared memory holding all of a fit's arrays (`../arena.ts`):
   * no copying, pointers are byte offsets into that memory. One instance per memory and
   * thread, made on first use; undefined where the shared-memory module does not build.
   */
  readonly inPlace: (memory: object) => WasmInPlace | undefined;
}

/** The module's exports on a fit's shared memory (see {@link WasmAssignKernels.inPlace}). */
export interface WasmInPlace {
  /** Lloyd's assignment and Hamerly's first pass. */
  readonly assign: WasmAssignCall;
  /** Hamerly's later passes. */
  readonly hamerly: WasmHamerlyCall;
  /** The data's moments (see `MomentsKernel`): pX, rows, d, pY (the shift row), pOut. */
  readonly moments: (pX: number, rows: number, d: number, pY: number, pOut: number) => void;
}

/** The module's `hamerly` export (see `kernel.wat` for the parameters). */
export type WasmHamerlyCall = (
  pX: number,
  pW: number,
  pC: number,
  k: number,
  d: number,
  pLab: number,
  rows: number,
  pAcc: number,
  pU: number,
  pL: number,
  pHalf: number,
  pShift: number,
  shiftMax: number,
  shiftSecond: number,
  argMax: number,
  wantInertia: number,
  sums: number,
  summed: number,
) => void;

/** The module's `assign` export (see `kernel.wat` for the parameters). */
export type WasmAssignCall = (
  pX: number,
  pW: number,
  pC: number,
  k: number,
  d: number,
  pLab: number,
  rows: number,
  pAcc: number,
  sums: number,
  pT: number,
  pU: number,
  pL: number,
  pHalf: number,
) => void;

/**
 * Builds the kernels for `d` features from the module's bytes; undefined where WebAssembly
 * (or its SIMD) is unavailable. Self-contained (no imports, closures over module state or
 * helpers): worker threads compile it from its source text, like the generated kernels.
 */
export type WasmAssignFactory = (
  bytes: Uint8Array,
  d: number,
  sharedBytes?: Uint8Array,
) => WasmAssignKernels | undefined;

/** What a worker needs to build the WebAssembly kernels: the module and the factory's source. */
export interface WasmSource {
  /** The module's bytes. */
  readonly bytes: Uint8Array;
  /** The variant importing a shared memory, where this runtime validates it. */
  readonly sharedBytes?: Uint8Array;
  /** Source text of {@link wasmAssignKernels}. */
  readonly factory: string;
}

/** The parts of the WebAssembly API used here (this project's `lib` has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports?: object,
  ) => { readonly exports: WasmExports & WasmInPlace };
}

/** The module's exports (see `kernel.wat`). */
interface WasmExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly assign: (
    pX: number,
    pW: number,
    pC: number,
    k: number,
    d: number,
    pLab: number,
    rows: number,
    pAcc: number,
    sums: number,
    pT: number,
    pU: number,
    pL: number,
    pHalf: number,
  ) => void;
}

/**
 * See {@link WasmAssignFactory}. The module is instantiated on the first call, so building
 * the kernels costs nothing until they run.
 */
export function wasmAssignKernels(
  bytes: Uint8Array,
  d: number,
  sharedBytes?: Uint8Array,
): WasmAssignKernels | undefined {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || !api.validate(bytes)) return undefined;
  let sharedModule: object | null | undefined;
  const instances = new WeakMap<object, WasmInPlace>();
  const inPlace = (memory: object): WasmInPlace | undefined => {
    let call = instances.get(memory);
    if (call === undefined) {
      if (sharedModule === undefined) {
        try {
          sharedModule = sharedBytes === undefined ? null : new api.Module(sharedBytes);
        } catch {
          sharedModule = null;
        }
      }
      if (sharedModule === null) return undefined;
      const exports = new api.Instance(sharedModule, { env: { memory } }).exports;
      call = { assign: exports.assign, hamerly: exports.hamerly, moments: exports.moments };
      instances.set(memory, call);
    }
    return call;
  };
  let exports: WasmExports | undefined;
  let f64 = new Float64Array(0);
  let i32 = new Int32Array(0);
  /** The module's memory, grown to at least `size` bytes; views refreshed. */
  const memoryFor = (size: number): WasmExports => {
    if (exports === undefined) exports = new api.Instance(new api.Module(bytes)).exports;
    const memory = exports.memory;
    const missing = size - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    if (f64.buffer !== memory.buffer) {
      f64 = new Float64Array(memory.buffer);
      i32 = new Int32Array(memory.buffer);
    }
    return exports;
  };
  const kernel =
    (sums: boolean): AssignKernel =>
    (X, W, C, k, labels, start, end, acc, offset) => {
      const rows = end - start;
      if (rows <= 0) {
        acc[offset + k * d + k] = 0;
        acc[offset + k * d + k + 1] = 0;
        return;
      }
      // Layout, in float64 slots: scratch (4·d), centroids, accumulator block, weights, rows,
      // then the labels.
      const cAt = 4 * d;
      const accAt = cAt + k * d;
      const size = k * d + k + 2;
      const wAt = accAt + size;
      const xAt = wAt + rows;
      const labAt = (xAt + rows * d) * 2; // in int32 slots
      const wasm = memoryFor(labAt * 4 + rows * 4);
      f64.set(C.subarray(0, k * d), cAt);
      // Sums and weights are added into what the block holds, as in the JavaScript kernels.
      if (sums) f64.set(acc.subarray(offset, offset + k * d + k), accAt);
      f64.set(W.subarray(start, end), wAt);
      f64.set(X.subarray(start * d, end * d), xAt);
      i32.set(labels.subarray(start, end), labAt);
      wasm.assign(
        xAt * 8,
        wAt * 8,
        cAt * 8,
        k,
        d,
        labAt * 4,
        rows,
        accAt * 8,
        sums ? 1 : 0,
        0,
        0,
        0,
        0,
      );
      labels.set(i32.subarray(labAt, labAt + rows), start);
      if (sums) acc.set(f64.subarray(accAt, accAt + size), offset);
      else acc.set(f64.subarray(accAt + size - 2, accAt + size), offset + size - 2);
    };
  // Hamerly's first pass: Lloyd's assignment (sums when scalars[0] is 1) plus the bounds.
  const hamerlyInit: HamerlyKernel = (
    X,
    W,
    C,
    k,
    labels,
    upper,
    lower,
    half,
    _shift,
    scalars,
    start,
    end,
    acc,
    offset,
  ) => {
    const rows = end - start;
    if (rows <= 0) {
      acc[offset + k * d + k] = 0;
      acc[offset + k * d + k + 1] = 0;
      return;
    }
    const sums = scalars[0] === 1;
    // As above, then half distances (k), upper and lower bounds (rows each) after the labels.
    const cAt = 4 * d;
    const accAt = cAt + k * d;
    const size = k * d + k + 2;
    const hAt = accAt + size;
    const wAt = hAt + k;
    const xAt = wAt + rows;
    const uAt = xAt + rows * d;
    const lAt = uAt + rows;
    const labAt = (lAt + rows) * 2;
    const wasm = memoryFor(labAt * 4 + rows * 4);
    f64.set(C.subarray(0, k * d), cAt);
    if (sums) f64.set(acc.subarray(offset, offset + k * d + k), accAt);
    f64.set(half.subarray(0, k), hAt);
    f64.set(W.subarray(start, end), wAt);
    f64.set(X.subarray(start * d, end * d), xAt);
    i32.set(labels.subarray(start, end), labAt);
    wasm.assign(
      xAt * 8,
      wAt * 8,
      cAt * 8,
      k,
      d,
      labAt * 4,
      rows,
      accAt * 8,
      sums ? 1 : 0,
      0,
      uAt * 8,
      lAt * 8,
      hAt * 8,
    );
    labels.set(i32.subarray(labAt, labAt + rows), start);
    upper.set(f64.subarray(uAt, uAt + rows), start);
    lower.set(f64.subarray(lAt, lAt + rows), start);
    if (sums) acc.set(f64.subarray(accAt, accAt + size), offset);
    else acc.set(f64.subarray(accAt + size - 2, accAt + size), offset + size - 2);
  };
  return { assign: kernel(false), assignSums: kernel(true), hamerlyInit, inPlace };
}

let source: WasmSource | null | undefined;

/**
 * The module and factory for {@link KernelSources}, or undefined where this runtime cannot
 * validate the module (no WebAssembly, or no SIMD). Decoded and validated once.
 */
export function wasmSource(): WasmSource | undefined {
  if (source === undefined) {
    const bytes = new Uint8Array(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
    const sharedBytes = new Uint8Array(Buffer.from(KERNEL_WASM_SHARED_BASE64, 'base64'));
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    let valid = false;
    try {
      valid = api !== undefined && api.validate(bytes);
    } catch {
      valid = false;
    }
    let sharedValid = false;
    try {
      sharedValid = valid && (api as WasmApi).validate(sharedBytes);
    } catch {
      sharedValid = false;
    }
    const factory = wasmAssignKernels.toString();
    source = valid ? { bytes, factory, ...(sharedValid ? { sharedBytes } : {}) } : null;
  }
  return source ?? undefined;
}

/** True when WebAssembly SIMD is available (the kernel module validates). */
export function wasmAvailable(): boolean {
  return wasmSource() !== undefined;
}

/**
 * Whether the WebAssembly kernels measured faster than the JavaScript ones for `d` features
 * and `k` clusters (`bench/RESULTS-kmeans-wasm.md`, one thread, blobs of spread 1 and 4):
 * for every d from 1 to 128 with k ≥ 2 (1.0–1.2× at k = 2, 1.4–3.4× at k = 8 for d ≤ 64,
 * 6× past 64 features, where the JavaScript loops are the generic ones); at k = 1 both take
 * the same time (there is nothing to compare), so the JavaScript loops are kept.
 */
export function wasmPays(d: number, k: number): boolean {
  return d >= 1 && k >= 2;
}

/**
 * Whether a fit with the `kernel` option (`'auto' | 'js' | 'wasm'`) on `d` features and `k`
 * clusters runs Lloyd's passes in WebAssembly: never for `'js'` or where WebAssembly SIMD is
 * unavailable, always otherwise for `'wasm'`, and for `'auto'` where {@link wasmPays}.
 */
export function useWasmKernel(kernel: 'auto' | 'js' | 'wasm', d: number, k: number): boolean {
  if (kernel === 'js' || !wasmAvailable()) return false;
  return kernel === 'wasm' || wasmPays(d, k);
}

/**
 * Large matrices in a shared `WebAssembly.Memory`, so that the WebAssembly kernels
 * (`wasm/assign.ts`) read their rows where they are instead of copying every chunk in and
 * out on every pass (≈ 4 ms of a 17 ms pass over 1M × 8 rows, k = 8).
 *
 * {@link sharedMatrixData} puts a matrix's values at the start of a fresh shared memory: the
 * `Float64Array` is an ordinary view of a `SharedArrayBuffer`, so the JavaScript kernels, the
 * worker threads and user code see no difference. A fit on such a matrix then takes its own
 * arrays (weights, labels, bounds, centroids, accumulators) from the same memory, right after
 * the values ({@link openArena}), where one WebAssembly instance per thread reaches all of them.
 *
 * The fit's region is reused by the next fit on the same matrix and released only with the
 * matrix (a WebAssembly memory never shrinks): for Hamerly's algorithm that is ≈ 28 bytes per
 * row besides the 8·d of the values, what a fit allocated anyway while it ran. wasm32 memories
 * end at 4 GiB, so matrices above {@link ARENA_MAX_DATA_BYTES}, fits whose arrays do not fit
 * in what is left (Elkan's n × k bounds, say), a second fit on the same matrix while one is
 * running, and matrices that did not come from here all keep the ordinary path: separate
 * arrays, rows copied per chunk.
 *
 * @module
 */

/** The parts of `WebAssembly.Memory` used here (this project's `lib` has no DOM types). */
export interface WasmMemory {
  /** The memory's current buffer (a `SharedArrayBuffer` for shared memories). */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds `pages` of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

interface MemoryApi {
  Memory: new (limits: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

const PAGE = 65536;
/** wasm32's limit: 65536 pages of 64 KiB (4 GiB). */
const MAX_PAGES = 65536;
/** Matrices up to this size (2 GiB: 268M values, e.g. 33M × 8) go to a WebAssembly memory. */
export const ARENA_MAX_DATA_BYTES = 2 ** 31;

interface Arena {
  readonly memory: WasmMemory;
  /** End of the matrix's values, in bytes. */
  readonly dataBytes: number;
  /** A fit is using the region after the values. */
  busy: boolean;
  /** Where a fit left an array of ones (byte offset and length), untouched since. */
  ones: { readonly at: number; readonly length: number } | undefined;
}

/** The memories of the matrices allocated by {@link sharedMatrixData}, by their buffer. */
const arenas = new WeakMap<object, Arena>();

/**
 * `length` zeros at the start of a new shared WebAssembly memory, or undefined where that is
 * not possible (too large, no WebAssembly threads, no address space left): the caller then
 * allocates a plain `SharedArrayBuffer`.
 */
export function sharedMatrixData(length: number): Float64Array | undefined {
  const bytes = length * 8;
  if (bytes > ARENA_MAX_DATA_BYTES) return undefined;
  const api = (globalThis as unknown as { WebAssembly?: MemoryApi }).WebAssembly;
  if (api === undefined) return undefined;
  let memory: WasmMemory;
  try {
    // The maximum is only address space: pages are committed as the memory grows.
    memory = new api.Memory({
      initial: Math.max(1, Math.ceil(bytes / PAGE)),
      maximum: MAX_PAGES,
      shared: true,
    });
  } catch {
    return undefined;
  }
  const data = new Float64Array(memory.buffer, 0, length);
  arenas.set(data.buffer, { memory, dataBytes: bytes, busy: false, ones: undefined });
  return data;
}

/** A fit's allocations in the memory of its matrix (see {@link openArena}). */
export interface FitArena {
  /** The memory, shipped to the worker threads, which instantiate the kernels on it. */
  readonly memory: WasmMemory;
  /** `length` float64 zeros (whatever the last fit left there with `zero` false). */
  f64(length: number, zero?: boolean): Float64Array;
  /** `length` int32 zeros (whatever the last fit left there with `zero` false). */
  i32(length: number, zero?: boolean): Int32Array;
  /**
   * `length` float64 ones (unit sample weights), which the caller must not modify: free when
   * the last fit left the same ones at the same place, which the next fit of the same shape
   * on the same matrix does (choosing k fits dozens).
   */
  ones(length: number): Float64Array;
  /** Gives the region back for the next fit (the arrays must not be used afterwards). */
  close(): void;
}

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * The region after the values of `data`'s matrix, grown to hold arrays of `sizes` bytes (the
 * fit's arrays, in the order they will be taken), or undefined when `data` is not from
 * {@link sharedMatrixData}, another fit holds the region, or it would pass 4 GiB.
 */
export function openArena(data: Float64Array, sizes: readonly number[]): FitArena | undefined {
  const arena = arenas.get(data.buffer);
  if (arena === undefined || arena.busy) return undefined;
  const start = align(arena.dataBytes);
  const end = sizes.reduce((at, size) => at + align(size), start);
  if (end > (MAX_PAGES - 1) * PAGE) return undefined;
  const { memory } = arena;
  const missing = end - memory.buffer.byteLength;
  try {
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
  } catch {
    return undefined;
  }
  arena.busy = true;
  const buffer = memory.buffer;
  let next = start;
  const take = (bytes: number): number => {
    const at = next;
    next += align(bytes);
    if (next > end) throw new Error('k-means arena: more requested than planned');
    // Any other array over the ones may be written: they are ones no longer.
    const ones = arena.ones;
    if (ones !== undefined && at < ones.at + ones.length * 8 && ones.at < at + bytes) {
      arena.ones = undefined;
    }
    return at;
  };
  return {
    memory,
    // A previous fit left its values here: zero them, as a new buffer would be, unless the
    // caller writes every value before reading any (zeroing 28 bytes a row costs ≈ 1.5 ms
    // per 1M rows, on the main thread alone).
    f64: (length, zero = true) => {
      const array = new Float64Array(buffer, take(length * 8), length);
      return zero ? array.fill(0) : array;
    },
    i32: (length, zero = true) => {
      const array = new Int32Array(buffer, take(length * 4), length);
      return zero ? array.fill(0) : array;
    },
    ones: (length) => {
      const kept = arena.ones;
      const at = take(length * 8);
      const array = new Float64Array(buffer, at, length);
      if (kept === undefined || kept.at !== at || kept.length !== length) array.fill(1);
      arena.ones = { at, length };
      return array;
    },
    close: () => {
      arena.busy = false;
    },
  };
}

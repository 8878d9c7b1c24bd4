/**
 * Runs the chunked steps of one fit on the main thread alone or with worker threads, and adds
 * the per-chunk accumulators up in chunk order. Which of the two happened never shows in the
 * results: every chunk is computed by the same code into its own block, and the blocks are
 * always added in the same order.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { openArena, type FitArena } from './arena.js';
import { CHUNK_ROWS, type ClusterSums } from './centers.js';
import { accumulatorLayout, type AccumulatorLayout, type Kernels } from './kernels.js';
import { localTrials } from './init.js';
import type { Matrix } from './matrix.js';
import { STEPS, startJob, type PoolJob, type SharedViews, type StepName } from './pool.js';
import { SCALARS, type StepViews } from './steps.js';

/** The extra arrays a fit needs besides data, labels and accumulators. */
export interface RunnerNeeds {
  /** Bounds for Hamerly's (`'hamerly'`) or Elkan's (`'elkan'`) algorithm, or none. */
  readonly bounds: 'none' | 'hamerly' | 'elkan';
  /** Distance buffers for k-means++ seeding. */
  readonly seeding: boolean;
  /** Threads to use, the main thread included (1: no workers). */
  readonly threads: number;
}

/**
 * Below this many distance terms per pass (rows × features × clusters), `threads: 'auto'`
 * stays on the main thread. Measured on the 2-core benchmark machine with warm workers and
 * data in shared memory (k = 8, 8 features, nInit = 3): 2 threads take 0.88× the time of
 * one at 25k rows, 0.7× at 50k, 0.6× at 200k; starting the workers (once per process,
 * ≈ 25 ms) and copying data that is not in shared memory (≈ 30 ms per 1M × 8) are what
 * the threshold leaves room for.
 */
export const PARALLEL_MIN_WORK = 2 ** 21;

/** The number of threads `'auto'` uses for data of this size (1 when threads do not pay). */
export function autoThreads(rows: number, cols: number, k: number): number {
  if (rows * cols * k < PARALLEL_MIN_WORK || rows < 4 * CHUNK_ROWS) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Shared state of one fit and the means to run steps over it. */
export class ChunkRunner {
  /** The arrays the steps work on (the main thread's view). */
  readonly views: StepViews;
  /** Number of chunks. */
  readonly chunks: number;
  /** Layout of one accumulator block. */
  readonly layout: AccumulatorLayout;
  #job: PoolJob | undefined;
  #arena: FitArena | undefined;

  /**
   * Allocates the fit's arrays, in shared memory when `needs.threads` > 1 (the data and
   * weights are copied there unless they already are; null weights mean all 1), and starts
   * the workers. Falls back to the main thread
   * alone when the kernels are not generated or workers are unavailable.
   */
  constructor(
    x: Matrix,
    weights: Float64Array | null,
    k: number,
    kernels: Kernels,
    needs: RunnerNeeds,
  ) {
    const { rows: n, cols: d } = x;
    this.chunks = Math.ceil(n / CHUNK_ROWS);
    this.layout = accumulatorLayout(k, d);
    const parallel = needs.threads > 1 && kernels.sources !== undefined && this.chunks > 1;
    const boundsRows = needs.bounds === 'none' ? 0 : n;
    const seeds = needs.seeding ? localTrials(k) : 0;
    const seedBuffers = seeds === 0 ? 0 : seeds + 1;
    const lowerLength = needs.bounds === 'elkan' ? n * k : boundsRows;
    const betweenLength = needs.bounds === 'elkan' ? k * k : 0;
    const scratchLength = this.chunks * 4 * d;
    // Bytes of every array below, in the order they are allocated (the arena needs them
    // upfront); the data itself is already in the arena's memory.
    const sizes = [n, n / 2, k * d, this.chunks * this.layout.size, SCALARS, boundsRows]
      .concat([lowerLength, k, betweenLength, k, scratchLength])
      .concat(
        Array.from({ length: seedBuffers }, () => n),
        [seeds / 2],
      )
      .map((length) => Math.ceil(length) * 8);
    // Matrices from createMatrix: all of the fit's arrays in the data's WebAssembly memory,
    // where the WebAssembly kernels work in place (see arena.ts).
    this.#arena = openArena(x.data, sizes);
    const arena = this.#arena;
    // `zero: false` for arrays that are written in full before they are read, whose old
    // contents in a reused arena therefore never matter: the weights (filled here), the
    // labels (set to −1 at the start of every run, run.ts) and the bounds (set for every row
    // by the first pass of every run).
    const f64 = (length: number, zero = true): Float64Array =>
      arena !== undefined
        ? arena.f64(length, zero)
        : parallel
          ? new Float64Array(new SharedArrayBuffer(length * 8))
          : new Float64Array(length);
    const i32 = (length: number, zero = true): Int32Array =>
      arena !== undefined
        ? arena.i32(length, zero)
        : parallel
          ? new Int32Array(new SharedArrayBuffer(length * 4))
          : new Int32Array(length);
    // The data and weights are copied to shared memory for the workers unless already there;
    // with an arena, the weights are copied into it (the data is there already).
    const copy = (source: Float64Array): Float64Array => {
      if (arena === undefined && (!parallel || source.buffer instanceof SharedArrayBuffer)) {
        return source;
      }
      const out = f64(source.length, false);
      out.set(source);
      return out;
    };
    const shared: SharedViews = {
      n,
      d,
      k,
      chunkRows: CHUNK_ROWS,
      stride: this.layout.size,
      X: arena !== undefined ? x.data : copy(x.data),
      W: weights === null ? (arena?.ones(n) ?? f64(n, false).fill(1)) : copy(weights),
      labels: i32(n, false),
      C: f64(k * d),
      partial: f64(this.chunks * this.layout.size),
      scalars: f64(SCALARS),
      upper: f64(boundsRows, false),
      lower: f64(lowerLength, false),
      half: f64(k),
      halfBetween: f64(betweenLength),
      shift: f64(k),
      memory: arena?.memory,
      scratch: arena === undefined ? new Float64Array(0) : f64(scratchLength),
      seedBuffers: Array.from({ length: seedBuffers }, () => f64(n)),
      seedCandidates: i32(seeds),
    };
    this.views = { ...shared, kernels };
    if (parallel && kernels.sources !== undefined) {
      this.#job = startJob(this.views, shared, kernels.sources, needs.threads - 1, this.chunks);
    }
  }

  /** Threads actually working (1 when running on the main thread alone). */
  get threads(): number {
    return this.#job?.threads ?? 1;
  }

  /** Runs `step` over every chunk. */
  run(step: StepName): void {
    if (this.#job !== undefined) {
      this.#job.run(step);
      return;
    }
    const fn = STEPS[step];
    for (let c = 0; c < this.chunks; c++) fn(this.views, c);
  }

  /**
   * Adds the chunks' centroid sums and weights into `acc` (when given) in chunk order, and
   * returns the chunks' inertia and changed-label totals.
   */
  collect(acc: ClusterSums | null): { inertia: number; changed: number } {
    const { partial } = this.views;
    const { size, weights, inertia: inertiaAt, changed: changedAt } = this.layout;
    let inertia = 0;
    let changed = 0;
    for (let c = 0; c < this.chunks; c++) {
      const base = c * size;
      if (acc !== null) {
        const { sums, weights: w } = acc;
        for (let t = 0; t < sums.length; t++) sums[t]! += partial[base + t] as number;
        for (let j = 0; j < w.length; j++) w[j]! += partial[base + weights + j] as number;
      }
      inertia += partial[base + inertiaAt] as number;
      changed += partial[base + changedAt] as number;
    }
    return { inertia, changed };
  }

  /** Releases the workers; the runner must not be used afterwards. */
  close(): void {
    this.#job?.close();
    this.#job = undefined;
    this.#arena?.close();
    this.#arena = undefined;
  }
}

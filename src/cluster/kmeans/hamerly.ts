/**
 * Hamerly's assignment step (Hamerly 2010, "Making k-means even faster"): per point, an upper
 * bound on the distance to its centroid and one lower bound on the distance to every other
 * centroid. A point whose upper bound is below both its lower bound and half the distance from
 * its centroid to the nearest other centroid cannot change cluster, and costs no distance
 * computation. With few features (customer data: 3 to 20) that skips almost all of the work
 * after the first iterations, at O(n) extra memory.
 *
 * Exact: every point that might change cluster gets all its distances computed, in the same
 * loop as Lloyd's, so the labels are Lloyd's, ties included. Bounds are compared after
 * inflating them by a relative margin of 2⁻³², so rounding in the bounds can only cause an
 * unneeded computation, never a missed one. The per-row pass is the `hamerly` kernel
 * (`kernel-source.ts`, `generic-kernels.ts`; the first pass in WebAssembly where Lloyd's
 * would be); this module drives it.
 *
 * Two shortcuts, exact too: a later pass adds a chunk's rows into its centroid sums only when
 * one of its labels changed (otherwise the block still holds the previous pass's sums, which
 * the same labels would reproduce bit for bit), and every pass reports its inertia (each
 * row's distance to its own centroid, which the bounds mostly need anyway), so that a run
 * ending with no label changed needs no separate inertia pass (`run.ts`).
 *
 * Bounds only pay while most rows settle: on overlapping clusters, early passes leave most
 * rows to be redone one by one, slower than Lloyd's loop over all of them. Before each pass a
 * fixed sample of rows tells which is cheaper ({@link boundsWouldNotPay}); a full pass is the
 * first pass's loop again (every distance, bounds set afresh, the same labels and sums).
 *
 * @module
 */
import type { ChunkRunner } from './chunk-runner.js';
import { BOUND_MARGIN } from './generic-kernels.js';
import type { Assigner } from './run.js';
import type { StepViews } from './steps.js';

/**
 * Half the distance from each centroid to its nearest other centroid (Infinity for k = 1),
 * into `half`; with `between`, also every pair's half distance (k × k, for Elkan).
 */
export function halfDistances(v: StepViews, between: boolean): void {
  const { C, k, half, halfBetween, kernels } = v;
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    if (between) halfBetween[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * Math.sqrt(kernels.sqdist(C, a, C, b));
      if (between) {
        halfBetween[a * k + b] = h;
        halfBetween[b * k + a] = h;
      }
      if (h < (half[a] as number)) half[a] = h;
      if (h < (half[b] as number)) half[b] = h;
    }
  }
}

/** Hamerly's bounds-based assignment for one run (see the module comment). */
export function hamerlyAssigner(runner: ChunkRunner): Assigner {
  const v = runner.views;
  let first = true;
  // Whether the last pass left its sums in the chunks' blocks.
  let summed = false;
  // Labels the last pass changed (−1: none yet).
  let lastChanged = -1;
  const clearMoves = (): void => {
    v.scalars[2] = 0;
    v.scalars[3] = 0;
    v.scalars[4] = -1;
  };
  clearMoves();
  return {
    assign(acc) {
      v.scalars[0] = acc === null ? 0 : 1;
      halfDistances(v, false);
      // A full pass (Lloyd's loop, bounds set afresh) where the bounds would not pay.
      const full = first || boundsWouldNotPay(v);
      v.scalars[1] = full ? 1 : 0;
      v.scalars[9] = summed ? 1 : 0;
      // The inertia costs a distance per row the bounds settle, so it is only computed where
      // this pass is likely the last (the final labelling, the second pass — blobs settle
      // there —, or after a pass that changed few labels); elsewhere NaN, and when a pass
      // without it turns out to be the last, `run.ts` makes a separate inertia pass.
      const likelyLast = acc === null || lastChanged === v.n || lastChanged * 1000 <= v.n;
      v.scalars[10] = likelyLast ? 1 : 0;
      runner.run('hamerly');
      const outcome = runner.collect(acc);
      first = false;
      summed = acc !== null;
      lastChanged = outcome.changed;
      clearMoves();
      return outcome;
    },
    moved(shifts) {
      v.shift.set(shifts);
      let max = 0;
      let second = 0;
      let argMax = -1;
      for (let j = 0; j < shifts.length; j++) {
        const s = shifts[j] as number;
        if (s > max) {
          second = max;
          max = s;
          argMax = j;
        } else if (s > second) {
          second = s;
        }
      }
      v.scalars[2] = max;
      v.scalars[3] = second;
      v.scalars[4] = argMax;
    },
  };
}

/**
 * Rows checked by {@link boundsWouldNotPay}: every `max(64, n / 4096)`-th (about 4,000 rows
 * on large data, at least 1 in 64 on small).
 */
const SAMPLE_EVERY = 64;
const SAMPLE_ROWS = 4096;

/**
 * Share of rows needing all their distances above which a full pass is cheaper than a bounds
 * pass. Measured on 1M × 8 rows, k = 8, 2 threads (bench/RESULTS-kmeans.md's machine): a
 * full pass costs about 8.5 ms; a bounds pass 3.5 ms when almost every row settles, but
 * 6.4 ms at 0.9 % of rows unsettled, 14 ms at 6 % and 32 ms at 86 % (rows it must redo get
 * their distances one centroid at a time, and chunks whose labels change are summed again).
 */
const FULL_PASS_SHARE = 0.02;

/**
 * Whether the next pass should be a full one: what share of a systematic sample of rows the
 * bounds (moved by the last shifts) and then their own centroid's distance leave unsettled,
 * i.e. would need all k distances, the same tests the `hamerly` kernel makes. Overlapping
 * clusters early in a run move far and keep most rows unsettled; then a full pass, which also
 * sets every bound afresh, is the cheaper way to the same labels. Deterministic (the sample
 * is fixed), and the choice never changes a result: both passes label every row with its
 * nearest centroid and add the sums in row order.
 */
export function boundsWouldNotPay(v: StepViews): boolean {
  const { n, X, C, labels, upper, lower, half, shift, scalars, kernels } = v;
  const shiftMax = scalars[2] as number;
  const shiftSecond = scalars[3] as number;
  const argMax = scalars[4] as number;
  const every = Math.max(SAMPLE_EVERY, Math.floor(n / SAMPLE_ROWS));
  let sampled = 0;
  let unsettled = 0;
  for (let i = every >> 1; i < n; i += every) {
    sampled++;
    const a = labels[i] as number;
    const u = (upper[i] as number) + (shift[a] as number);
    const l = (lower[i] as number) - (a === argMax ? shiftSecond : shiftMax);
    const h = half[a] as number;
    const m = h > l ? h : l;
    if (u * BOUND_MARGIN < m) continue;
    if (!(Math.sqrt(kernels.sqdist(X, i, C, a)) * BOUND_MARGIN < m)) unsettled++;
  }
  return unsettled > FULL_PASS_SHARE * sampled;
}

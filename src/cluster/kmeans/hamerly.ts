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
 * @module
 */
import type { ChunkRunner } from './chunk-runner.js';
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
      v.scalars[1] = first ? 1 : 0;
      v.scalars[9] = summed ? 1 : 0;
      // The inertia costs a distance per row the bounds settle, so it is only computed where
      // this pass is likely the last (the final labelling, the second pass — blobs settle
      // there —, or after a pass that changed few labels); elsewhere NaN, and when a pass
      // without it turns out to be the last, `run.ts` makes a separate inertia pass.
      const likelyLast = acc === null || lastChanged === v.n || lastChanged * 1000 <= v.n;
      v.scalars[10] = likelyLast ? 1 : 0;
      halfDistances(v, false);
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

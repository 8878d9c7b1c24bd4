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
 * (`kernel-source.ts`, `generic-kernels.ts`); this module drives it.
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
      halfDistances(v, false);
      runner.run('hamerly');
      first = false;
      clearMoves();
      return { changed: runner.collect(acc).changed, inertia: NaN };
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

/**
 * Elkan's assignment step (Elkan 2003, "Using the triangle inequality to accelerate
 * k-means"): per point, an upper bound on the distance to its centroid and a lower bound on
 * the distance to each centroid (n × k values), plus the centroid-to-centroid distances. It
 * skips more distance computations than Hamerly's when there are many clusters or many
 * features, at O(n·k) memory.
 *
 * Exact like Hamerly's: bounds are compared with a relative safety margin of 2⁻³², candidate
 * distances are compared squared, and exact ties go to the lowest cluster index, as in
 * Lloyd's loop. The per-row pass is the `elkan` kernel (`kernel-source.ts`,
 * `generic-kernels.ts`); this module drives it.
 *
 * @module
 */
import type { ChunkRunner } from './chunk-runner.js';
import { halfDistances } from './hamerly.js';
import type { Assigner } from './run.js';

/** Elkan's bounds-based assignment for one run (see the module comment). */
export function elkanAssigner(runner: ChunkRunner): Assigner {
  const v = runner.views;
  let first = true;
  v.scalars[5] = 0;
  return {
    assign(acc) {
      v.scalars[0] = acc === null ? 0 : 1;
      v.scalars[1] = first ? 1 : 0;
      if (!first) halfDistances(v, true);
      runner.run('elkan');
      first = false;
      v.scalars[5] = 0;
      return { changed: runner.collect(acc).changed, inertia: NaN };
    },
    moved(shifts) {
      v.shift.set(shifts);
      v.scalars[5] = 1;
    },
  };
}

/**
 * One k-means run from given initial centroids: the iteration loop shared by every algorithm,
 * and Lloyd's assignment step.
 *
 * The loop follows scikit-learn's `_kmeans_single_lloyd` step for step, so that from the same
 * initial centroids it reaches the same labels, centroids, inertia and iteration count:
 *
 * 1. assign every point to its nearest centroid and sum the clusters up;
 * 2. re-seed empty clusters, average, and measure how far the centroids moved;
 * 3. stop when no label changed ("strict" convergence) or when the squared moves add up to at
 *    most the tolerance; otherwise go on, up to `maxIter` iterations;
 * 4. unless the stop was strict, assign once more so that labels match the final centroids.
 *
 * Elkan's and Hamerly's algorithms only replace step 1 by one that skips distance computations
 * their bounds prove unnecessary; they give the same labels as Lloyd's.
 *
 * @module
 */
import {
  averageCentroids,
  centroidShifts,
  emptySums,
  relocateEmptyClusters,
  type ClusterSums,
} from './centers.js';
import type { ChunkRunner } from './chunk-runner.js';
import type { Kernels } from './kernels.js';
import type { Matrix } from './matrix.js';

/** Everything one run needs; the data is already checked. */
export interface RunInput {
  /** Training data. */
  readonly x: Matrix;
  /** Sample weights, one per row (ones when the caller gave none). */
  readonly weights: Float64Array;
  /** Number of clusters. */
  readonly k: number;
  /** Initial centroids, k × d row-major (not modified). */
  readonly init: Float64Array;
  /** Most iterations. */
  readonly maxIter: number;
  /**
   * Absolute tolerance on the summed squared centroid moves (already scaled to the data), or
   * how to get it from the run's first assignment pass (called once, right after that pass:
   * the pass's sums and inertia give the data's variance without a pass of its own, see
   * `firstPassVariance`; it may also throw for data the pass shows to be bad).
   */
  readonly tol: number | ((pass: FirstPass) => number);
  /** Record the inertia of every iteration's assignment. */
  readonly recordHistory: boolean;
  /** Distance loops for the data's number of features. */
  readonly kernels: Kernels;
}

/** What one run learned. */
export interface RunResult {
  /** Final centroids, k × d row-major. */
  readonly centroids: Float64Array;
  /** Cluster of each row, in [0, k). */
  readonly labels: Int32Array;
  /** Weighted sum of squared distances of the rows to their centroids. */
  readonly inertia: number;
  /** Iterations run. */
  readonly iterations: number;
  /** False when the run stopped at `maxIter` rather than by convergence. */
  readonly converged: boolean;
  /**
   * With `recordHistory`: the inertia of each iteration's assignment (labels against the
   * centroids they were assigned to), never increasing.
   */
  readonly history: readonly number[] | undefined;
}

/** What the first assignment pass of a run saw, before any update. */
export interface FirstPass {
  /** The centroids the rows were assigned to (the initial ones), k × d row-major. */
  readonly centroids: Float64Array;
  /** The pass's per-cluster sums and weights. */
  readonly acc: ClusterSums;
  /** Σ w·‖x − c(label)‖² of the pass, or NaN when the assignment step did not compute it. */
  readonly inertia: number;
}

/** Result of one assignment pass. */
export interface AssignOutcome {
  /** How many labels changed. */
  readonly changed: number;
  /** The inertia of the new labels against the centroids used, or NaN when not computed. */
  readonly inertia: number;
}

/**
 * An assignment step over the runner's data, labels and centroids (`runner.views`): labels
 * each row with its nearest centroid, and is told how far the centroids moved afterwards
 * (bounds-based algorithms use that to keep their bounds valid).
 */
export interface Assigner {
  /**
   * Labels every row with its nearest centroid (the first among exact ties), adding each row's
   * weighted coordinates into `acc` when it is not null.
   */
  assign(acc: ClusterSums | null): AssignOutcome;
  /** Called after each update with the distance each centroid moved. */
  moved(shifts: Float64Array): void;
}

/** Builds the assignment step of an algorithm for one run. */
export type AssignerFactory = (runner: ChunkRunner) => Assigner;

/**
 * Runs k-means from `input.init` with the given assignment step, on the runner's arrays
 * (which must have been built for `input.x`).
 */
export function runKMeans(
  input: RunInput,
  runner: ChunkRunner,
  makeAssigner: AssignerFactory,
): RunResult {
  const { x, k, maxIter, recordHistory, kernels } = input;
  let tol = typeof input.tol === 'number' ? input.tol : NaN;
  const d = x.cols;
  const v = runner.views;
  const centroids = v.C;
  centroids.set(input.init);
  v.labels.fill(-1);
  const assigner = makeAssigner(runner);
  const next = new Float64Array(k * d);
  const acc = emptySums(k, d);
  const shifts = new Float64Array(k);
  const history: number[] | undefined = recordHistory ? [] : undefined;
  let strict = false;
  let converged = false;
  let iterations = 0;
  // The inertia of the last assignment when it is also the final one (labels against the
  // final centroids), else NaN: then a separate pass computes it.
  let finalInertia = NaN;
  while (iterations < maxIter) {
    iterations++;
    acc.sums.fill(0);
    acc.weights.fill(0);
    const { changed, inertia } = assigner.assign(acc);
    if (iterations === 1 && typeof input.tol === 'function') {
      tol = input.tol({ centroids, acc, inertia });
    }
    if (history !== undefined) {
      history.push(Number.isNaN(inertia) ? labelledInertia(runner) : inertia);
    }
    relocateEmptyClusters(v.X, v.W, v.labels, centroids, acc, kernels);
    averageCentroids(acc, centroids, next, d);
    const moved = centroidShifts(centroids, next, shifts, kernels);
    // Unchanged labels give bit-identical sums, hence bit-identical centroids: the pass's
    // inertia is then exactly what `labelledInertia` would compute against the new ones.
    finalInertia = changed === 0 && sameValues(centroids, next) ? inertia : NaN;
    centroids.set(next);
    assigner.moved(shifts);
    if (changed === 0) {
      strict = true;
      converged = true;
      break;
    }
    if (moved <= tol) {
      converged = true;
      break;
    }
  }
  // Labels must match the final centroids (unless nothing changed, when they already do); the
  // pass that makes them so computes the inertia of exactly those labels and centroids.
  if (!strict) finalInertia = assigner.assign(null).inertia;
  return {
    centroids: Float64Array.from(centroids),
    labels: Int32Array.from(v.labels),
    inertia: Number.isNaN(finalInertia) ? labelledInertia(runner) : finalInertia,
    iterations,
    converged,
    history,
  };
}

/** True when `a` and `b` hold the same numbers (±0 equal: distances do not tell them apart). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return false;
  return true;
}

/**
 * `Σ w·‖x − c(label)‖²` of the runner's labels and centroids, summed by chunks (what every
 * assignment pass also reports, as the inertia of its own labels and centroids).
 */
export function labelledInertia(runner: ChunkRunner): number {
  runner.run('inertia');
  return runner.collect(null).inertia;
}

/**
 * Lloyd's assignment: the distance from every row to every centroid, in the generated loops
 * (with the centroid sums accumulated in the same pass). O(n·k·d) per iteration.
 */
export function lloydAssigner(runner: ChunkRunner): Assigner {
  return {
    assign(acc) {
      runner.views.scalars[0] = acc === null ? 0 : 1;
      runner.run('lloyd');
      return runner.collect(acc);
    },
    moved() {},
  };
}

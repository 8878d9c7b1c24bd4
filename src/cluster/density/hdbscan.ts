/**
 * HDBSCAN (Campello, Moulavi and Sander 2013): density clusters at every scale at once,
 * kept where they are most stable; customers in no stable cluster are noise, and every
 * customer gets an outlier score (GLOSH, Campello et al. 2015).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { requireFitted } from '../../model/estimator.js';
import { booleanOption, checkOptions } from '../../util/options.js';
import { labelMerges, type MergeTree } from '../hierarchy/tree.js';
import { checkedMatrix, type Matrix, type MatrixInput } from '../kmeans/matrix.js';
import { integerOption } from '../kmeans/options.js';
import { condenseTree, deaths, stabilities, type CondensedTree } from './condensed.js';
import { kDistances, squaredDistance } from './neighbors.js';

const TYPE = 'HDBSCAN';

/** Hyperparameters of {@link HDBSCAN}, defaults filled in. */
export interface HDBSCANParams {
  /** Smallest group of customers that counts as a cluster (default 5). */
  readonly minClusterSize: number;
  /** Neighbours (the customer itself included) that define its core distance (default: minClusterSize). */
  readonly minSamples: number;
  /** Allow the whole data as one cluster (default false, as the reference implementation). */
  readonly allowSingleCluster: boolean;
}

/** Options of the {@link HDBSCAN} constructor. */
export type HDBSCANOptions = Partial<HDBSCANParams>;

/** What `fit` learned. */
export interface HDBSCANLearned {
  /** Cluster of each row, −1 for noise (clusters numbered in condensed-tree order). */
  readonly labels: Int32Array;
  /** Strength of each row's membership in its cluster, in [0, 1] (0 for noise). */
  readonly probabilities: Float64Array;
  /** GLOSH outlier score of each row, in [0, 1]: 1 − λ_row / λ_max of its cluster. */
  readonly outlierScores: Float64Array;
  /** Number of clusters. */
  readonly nClusters: number;
  /** Share of rows labelled noise. */
  readonly noiseShare: number;
  /** The condensed tree (for inspection and plots). */
  readonly condensed: CondensedTree;
  /** Stability of each selected cluster, by label. */
  readonly clusterStability: Float64Array;
}

/**
 * HDBSCAN with Euclidean distances: core distances (distance to the `minSamples`-th nearest
 * row, itself counted), the minimum spanning tree of the mutual reachability distances
 * (Prim, O(n²) time, O(n) memory), its single-linkage tree condensed with `minClusterSize`,
 * and the clusters of excess of mass. Exact, brute force.
 *
 * ```ts
 * const h = new HDBSCAN({ minClusterSize: 10 }).fit(x);
 * h.learned.labels;        // −1: noise
 * h.learned.outlierScores; // near 1: the most unusual customers
 * ```
 */
export class HDBSCAN {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<HDBSCANParams>;
  #state: HDBSCANLearned | undefined;

  /** @param options see {@link HDBSCANOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: HDBSCANOptions = {}) {
    const raw = checkOptions(options, ['minClusterSize', 'minSamples', 'allowSingleCluster'], TYPE);
    const minClusterSize = integerOption(raw, 'minClusterSize', 5, 2, TYPE);
    this.params = Object.freeze({
      minClusterSize,
      minSamples: integerOption(raw, 'minSamples', minClusterSize, 1, TYPE),
      allowSingleCluster: booleanOption(raw, 'allowSingleCluster', false, TYPE),
    });
  }

  /** Everything `fit` learned; `NOT_FITTED` before. */
  get learned(): HDBSCANLearned {
    return requireFitted(this.#state, TYPE);
  }

  /** Cluster of each training row, −1 for noise (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(this.learned.labels);
  }

  /** Finds the stable density clusters of the rows of `input`. */
  fit(input: MatrixInput): this {
    const owner = `${TYPE}.fit`;
    const x = checkedMatrix(input, owner);
    const n = x.rows;
    const { minClusterSize, minSamples, allowSingleCluster } = this.params;
    if (n < Math.max(2, minSamples)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: needs at least ${Math.max(2, minSamples)} rows (minSamples = ${minSamples}), the data has ${n}`,
      );
    }
    const tree = mutualReachabilityTree(x, minSamples);
    const condensed = condenseTree(tree, minClusterSize);
    const stability = stabilities(condensed);
    const selected = selectClusters(condensed, stability, allowSingleCluster);
    const death = deaths(condensed);
    const labelOf = new Int32Array(condensed.parent.length).fill(-1);
    const stable: number[] = [];
    selected.forEach((c) => {
      labelOf[c] = stable.length;
      stable.push(stability[c] as number);
    });
    // The selected ancestor (or self) of every cluster.
    const owning = new Int32Array(condensed.parent.length).fill(-1);
    for (let c = 0; c < owning.length; c++) {
      const up = condensed.parent[c] as number;
      owning[c] = labelOf[c]! >= 0 ? c : up >= 0 ? (owning[up] as number) : -1;
    }
    const labels = new Int32Array(n);
    const probabilities = new Float64Array(n);
    const outlierScores = new Float64Array(n);
    let noise = 0;
    for (let p = 0; p < n; p++) {
      const c = condensed.pointCluster[p] as number;
      const lambda = condensed.pointLambda[p] as number;
      const top = death[c] as number;
      outlierScores[p] =
        top === Infinity || lambda === Infinity || top === 0 ? 0 : (top - lambda) / top;
      const own = owning[c] as number;
      if (own < 0) {
        labels[p] = -1;
        noise++;
        continue;
      }
      labels[p] = labelOf[own] as number;
      const max = death[own] as number;
      probabilities[p] =
        max === Infinity
          ? lambda === Infinity
            ? 1
            : 0
          : max === 0
            ? 1
            : Math.min(lambda, max) / max;
    }
    this.#state = {
      labels,
      probabilities,
      outlierScores,
      nClusters: selected.length,
      noiseShare: noise / n,
      condensed,
      clusterStability: Float64Array.from(stable),
    };
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).labels;
  }
}

/**
 * The single-linkage tree of the mutual reachability distances max(core a, core b, d(a, b)),
 * core = distance to the `minSamples`-th nearest row (itself counted). Cut at a height eps,
 * its components over the rows with core ≤ eps are DBSCAN's clusters of core points.
 */
export function mutualReachabilityTree(x: Matrix, minSamples: number): MergeTree {
  return labelMerges(mutualReachabilityMST(x, kDistances(x, minSamples)), x.rows, true);
}

/** Prim's tree of the mutual reachability distances max(core a, core b, d(a, b)). */
function mutualReachabilityMST(
  x: Matrix,
  core: Float64Array,
): { pairs: Int32Array; heights: Float64Array } {
  const n = x.rows;
  const inTree = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const pairs = new Int32Array(2 * (n - 1));
  const heights = new Float64Array(n - 1);
  let current = 0;
  for (let k = 0; k < n - 1; k++) {
    inTree[current] = 1;
    let best = Infinity;
    let next = -1;
    for (let j = 0; j < n; j++) {
      if (inTree[j] === 1) continue;
      const d = Math.max(
        Math.sqrt(squaredDistance(x, current, j)),
        core[current] as number,
        core[j] as number,
      );
      if (d < (nearest[j] as number)) nearest[j] = d;
      if (next < 0 || (nearest[j] as number) < best) {
        best = nearest[j] as number;
        next = j;
      }
    }
    pairs[2 * k] = current;
    pairs[2 * k + 1] = next;
    heights[k] = best;
    current = next;
  }
  return { pairs, heights };
}

/**
 * Excess of mass: bottom-up, a cluster is kept when its stability is at least the summed
 * stability of its kept descendants, which are then dropped. The root is a candidate only
 * with `allowSingleCluster`. Returns the kept clusters, ascending.
 */
function selectClusters(
  tree: CondensedTree,
  stability: Float64Array,
  allowSingle: boolean,
): number[] {
  const count = tree.parent.length;
  const best = Float64Array.from(stability);
  const selected = new Uint8Array(count).fill(1);
  const childSum = new Float64Array(count);
  const hasChild = new Uint8Array(count);
  for (let c = count - 1; c >= 1; c--) {
    if (hasChild[c] === 1 && (childSum[c] as number) > (stability[c] as number)) {
      selected[c] = 0;
      best[c] = childSum[c] as number;
    } else if (hasChild[c] === 1) {
      // Keep c: drop every descendant (they have larger ids).
      for (let d = c + 1; d < count; d++) if (isBelow(tree, d, c)) selected[d] = 0;
    }
    const up = tree.parent[c] as number;
    childSum[up]! += best[c] as number;
    hasChild[up] = 1;
  }
  // The root is a candidate only when allowed; then it wins ties, as any other cluster.
  if (allowSingle && (count === 1 || (stability[0] as number) >= (childSum[0] as number))) {
    selected.fill(0);
    selected[0] = 1;
  } else selected[0] = 0;
  const out: number[] = [];
  for (let c = 0; c < count; c++) if (selected[c] === 1) out.push(c);
  return out;
}

function isBelow(tree: CondensedTree, node: number, ancestor: number): boolean {
  for (let up = tree.parent[node] as number; up >= 0; up = tree.parent[up] as number) {
    if (up === ancestor) return true;
  }
  return false;
}

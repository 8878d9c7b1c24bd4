/**
 * The agglomerative clustering estimator: Ward, complete, average or single linkage, the
 * full merge tree, cuts by k or by height.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../../errors/warnings.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import { checkOptions, enumOption } from '../../util/options.js';
import { checkedMatrix, type Matrix, type MatrixInput } from '../kmeans/matrix.js';
import { integerOption } from '../kmeans/options.js';
import { nnChain, pairwiseDistances, primSingleLinkage, type Linkage } from './linkage.js';
import { agglomerativeStateJSON, readAgglomerativeState } from './json.js';
import { clustersAtHeight, cutTree, labelMerges, type MergeTree } from './tree.js';
import { twoStepWard } from './two-step.js';
import { wardChain } from './ward-chain.js';

const TYPE = 'AgglomerativeClustering';

/** Hyperparameters of {@link AgglomerativeClustering}, defaults filled in. */
export interface AgglomerativeParams {
  /** Clusters of `labels` (default 2); undefined when `distanceThreshold` is set. */
  readonly k: number | undefined;
  /** Cut the tree at this height instead of into k clusters. */
  readonly distanceThreshold: number | undefined;
  /** Linkage (default `'ward'`). */
  readonly linkage: Linkage;
  /**
   * Most rows for the exact tree (default 10,000). Memory of the exact tree: Ward runs the
   * nearest-neighbour chain on centroids, O(n·d) (plus O(n²·d) time); complete and average
   * linkage keep n(n − 1)/2 float64 distances, 4·n² bytes (400 MB at the default); single
   * linkage needs O(n) and is always exact (O(n²) time). Above it Ward uses the two-step
   * method (with a `PART_SKIPPED` warning), complete and average refuse the data.
   */
  readonly maxExactRows: number;
  /** k-means groups of the two-step method (default 1,000). */
  readonly twoStepGroups: number;
  /** Seed of the two-step method's k-means. */
  readonly seed: number;
}

/** Options of the {@link AgglomerativeClustering} constructor. */
export type AgglomerativeOptions = Partial<AgglomerativeParams>;

/** What `fit` learned. */
export interface AgglomerativeLearned {
  /** The full merge tree (leaves: customers, or k-means groups for `'two-step'`). */
  readonly tree: MergeTree;
  /** `'exact'`, or `'two-step'` (k-means groups, then weighted Ward). */
  readonly method: 'exact' | 'two-step';
  /** Leaf of each customer (the identity for the exact tree). */
  readonly leafOf: Int32Array;
  /** Cluster of each customer. */
  readonly labels: Int32Array;
  /** Number of clusters of `labels`. */
  readonly nClusters: number;
  /** Mean of each cluster's customers, nClusters × nFeatures (for `predict`). */
  readonly centroids: Matrix;
  /** Decisions taken on the user's behalf (the two-step method). */
  readonly warnings: readonly CohortlabWarning[];
}

const KEYS = ['k', 'distanceThreshold', 'linkage', 'maxExactRows', 'twoStepGroups', 'seed'];
const LINKAGES: readonly Linkage[] = ['ward', 'complete', 'average', 'single'];

/**
 * Agglomerative (hierarchical) clustering: every customer starts alone and the two closest
 * clusters merge until one is left; the tree of merges, with their heights, is kept and can
 * be cut into any number of clusters (`cut`) or at a height (`cutAtHeight`).
 *
 * The tree is scipy's `linkage` (nearest-neighbour chain for Ward — on centroids —,
 * complete and average; Prim's spanning tree for single), and the labels of a cut are numbered exactly as
 * scikit-learn's `AgglomerativeClustering` numbers them. See {@link AgglomerativeParams}
 * for the memory bound and the two-step method above it. `predict` assigns new rows to the
 * nearest cluster mean: a stated rule, not part of the hierarchy.
 *
 * ```ts
 * const ward = new AgglomerativeClustering({ k: 4 }).fit(x);
 * ward.labels;        // 4 segments
 * ward.cut(6);        // the same tree, 6 segments
 * ward.learned.tree;  // merges and heights, for a dendrogram
 * ```
 */
export class AgglomerativeClustering implements Estimator<AgglomerativeParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<AgglomerativeParams>;
  #state: AgglomerativeLearned | undefined;

  /** @param options see {@link AgglomerativeOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: AgglomerativeOptions = {}) {
    const raw = checkOptions(options, KEYS, TYPE);
    const threshold = raw['distanceThreshold'];
    if (
      threshold !== undefined &&
      (typeof threshold !== 'number' || !(threshold >= 0) || !Number.isFinite(threshold))
    ) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} option "distanceThreshold" must be a finite number >= 0`,
      );
    }
    if (threshold !== undefined && raw['k'] !== undefined) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE}: give either "k" or "distanceThreshold", not both`,
      );
    }
    const seed = raw['seed'] ?? 0;
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
      throw new CohortlabError('INVALID_OPTION', `${TYPE} option "seed" must be a safe integer`);
    }
    this.params = Object.freeze({
      k: threshold === undefined ? integerOption(raw, 'k', 2, 1, TYPE) : undefined,
      distanceThreshold: threshold as number | undefined,
      linkage: enumOption(raw, 'linkage', LINKAGES, 'ward', TYPE),
      maxExactRows: integerOption(raw, 'maxExactRows', 10_000, 2, TYPE),
      twoStepGroups: integerOption(raw, 'twoStepGroups', 1_000, 2, TYPE),
      seed,
    });
  }

  /** True once fitted. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned; `NOT_FITTED` before. */
  get learned(): AgglomerativeLearned {
    return requireFitted(this.#state, TYPE);
  }

  /** Cluster of each training row (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(this.learned.labels);
  }

  /** The fit's warnings (the two-step method is one). */
  get warnings(): readonly CohortlabWarning[] {
    return this.learned.warnings;
  }

  /** Builds the merge tree of the rows of `input` and cuts it. */
  fit(input: MatrixInput): this {
    const owner = `${TYPE}.fit`;
    const x = checkedMatrix(input, owner);
    const n = x.rows;
    const { linkage, maxExactRows, twoStepGroups, seed } = this.params;
    if (n < 1) throw new CohortlabError('INVALID_INPUT', `${owner}: the data has no rows`);
    let tree: MergeTree;
    let leafOf: Int32Array;
    const warnings: CohortlabWarning[] = [];
    let method: 'exact' | 'two-step' = 'exact';
    if (linkage === 'single') {
      tree = labelMerges(primSingleLinkage(x), n, false);
      leafOf = identity(n);
    } else if (linkage === 'ward' && n <= maxExactRows) {
      tree = labelMerges(wardChain(x), n, true);
      leafOf = identity(n);
    } else if (n <= maxExactRows) {
      tree = labelMerges(nnChain(pairwiseDistances(x), n, linkage), n, true);
      leafOf = identity(n);
    } else if (linkage === 'ward') {
      const groups = Math.min(twoStepGroups, maxExactRows);
      const two = twoStepWard(x, groups, seed);
      tree = two.tree;
      leafOf = two.groupOf;
      method = 'two-step';
      warnings.push(
        cohortlabWarning(
          'PART_SKIPPED',
          `Ward's tree of ${n} rows is the two-step approximation (above maxExactRows = ${maxExactRows}): ${groups} k-means groups, then Ward on their centroids weighted by size`,
          { count: n, stage: 'clusters' },
        ),
      );
    } else {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: ${linkage} linkage is exact only, up to maxExactRows = ${maxExactRows} rows (4·n² bytes of distances), and the data has ${n}; raise maxExactRows or use linkage 'ward' (two-step) or 'single'`,
      );
    }
    const nClusters =
      this.params.distanceThreshold === undefined
        ? (this.params.k as number)
        : clustersAtHeight(tree, this.params.distanceThreshold);
    if (nClusters > tree.leaves) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: k = ${nClusters} clusters need at least ${nClusters} ${method === 'exact' ? 'rows' : 'k-means groups'}, the tree has ${tree.leaves}`,
      );
    }
    const labels = spread(cutTree(tree, nClusters), leafOf);
    this.#state = {
      tree,
      method,
      leafOf,
      labels,
      nClusters,
      centroids: clusterMeans(x, labels, nClusters),
      warnings,
    };
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).labels;
  }

  /** Training labels of the tree cut into `k` clusters (scikit-learn's numbering). */
  cut(k: number): Int32Array {
    const { tree, leafOf } = this.learned;
    return spread(cutTree(tree, k), leafOf);
  }

  /** Training labels of the tree cut at `height` (merges at or below it kept). */
  cutAtHeight(height: number): Int32Array {
    if (typeof height !== 'number' || Number.isNaN(height)) {
      throw new CohortlabError('INVALID_OPTION', `${TYPE}.cutAtHeight: height must be a number`);
    }
    return this.cut(clustersAtHeight(this.learned.tree, height));
  }

  /** scipy's linkage matrix: one row [child, child, height, size] per merge. */
  linkageMatrix(): number[][] {
    const { tree } = this.learned;
    return Array.from(tree.heights, (h, m) => [
      tree.children[2 * m] as number,
      tree.children[2 * m + 1] as number,
      h,
      tree.sizes[m] as number,
    ]);
  }

  /** The fitted model as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const params: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.params)) {
      if (value !== undefined) params[key] = value;
    }
    return JSON.parse(
      JSON.stringify(modelJSON(TYPE, 1, params, agglomerativeStateJSON(this.learned))),
    ) as ModelJSON;
  }

  /** Restores a fitted model from {@link AgglomerativeClustering.toJSON} output (object or string). */
  static fromJSON(json: unknown): AgglomerativeClustering {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const out = restoring(TYPE, () => new AgglomerativeClustering(params as AgglomerativeOptions));
    out.#state = readAgglomerativeState(model.state, TYPE);
    return out;
  }

  /** Nearest cluster mean of each row of `input` (a stated rule; the tree has no predict). */
  predict(input: MatrixInput): Int32Array {
    const { centroids } = this.learned;
    const x = checkedMatrix(input, `${TYPE}.predict`);
    if (x.cols !== centroids.cols) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${TYPE}.predict: the data has ${x.cols} features, the model was fitted on ${centroids.cols}`,
      );
    }
    const out = new Int32Array(x.rows);
    const d = x.cols;
    for (let i = 0; i < x.rows; i++) {
      let best = Infinity;
      for (let j = 0; j < centroids.rows; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const v = (x.data[i * d + t] as number) - (centroids.data[j * d + t] as number);
          s += v * v;
        }
        if (s < best) {
          best = s;
          out[i] = j;
        }
      }
    }
    return out;
  }
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Customer labels from leaf labels. */
function spread(leafLabels: Int32Array, leafOf: Int32Array): Int32Array {
  return leafOf.map((leaf) => leafLabels[leaf] as number);
}

function clusterMeans(x: Matrix, labels: Int32Array, k: number): Matrix {
  const d = x.cols;
  const data = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i] as number;
    counts[c]! += 1;
    for (let t = 0; t < d; t++) data[c * d + t]! += x.data[i * d + t] as number;
  }
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) data[c * d + t]! /= counts[c] as number;
  return x.names === undefined
    ? { data, rows: k, cols: d }
    : { data, rows: k, cols: d, names: [...x.names] };
}

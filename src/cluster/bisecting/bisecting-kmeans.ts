/**
 * Bisecting k-means: start with every customer in one cluster and split one cluster in two
 * by 2-means until there are k, keeping each split, so that the segments form a tree
 * (nested tiers: the 3-segment solution refines the 2-segment one, and so on).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import { bisectingStateJSON, readBisectingState } from './json.js';
import { checkOptions, enumOption } from '../../util/options.js';
import { KMeans } from '../kmeans/kmeans.js';
import { checkedMatrix, type Matrix, type MatrixInput } from '../kmeans/matrix.js';
import { integerOption, nonNegativeOption } from '../kmeans/options.js';
import { Xoshiro128 } from '../kmeans/random.js';

const TYPE = 'BisectingKMeans';

/** Which cluster is split next: the one with the largest within-cluster sum of squares, or the most customers. */
export type BisectingStrategy = 'biggest-inertia' | 'largest-cluster';

/** Hyperparameters of {@link BisectingKMeans}, defaults filled in. */
export interface BisectingKMeansParams {
  /** Number of clusters (leaves of the split tree), a whole number ≥ 1. */
  readonly k: number;
  /** Initialisation of each 2-means (default `'random'`, scikit-learn's). */
  readonly init: 'random' | 'k-means++';
  /** 2-means runs per split, the lowest inertia kept (default 1). */
  readonly nInit: number;
  /** Most iterations of each 2-means (default 300). */
  readonly maxIter: number;
  /** Tolerance of each 2-means (default 1e-4, relative to its data's variance). */
  readonly tol: number;
  /** Which cluster to split (default `'biggest-inertia'`). */
  readonly strategy: BisectingStrategy;
  /** Seed: same seed and data, same bytes. */
  readonly seed: number;
}

/** Options of the {@link BisectingKMeans} constructor: `k` is required. */
export type BisectingKMeansOptions = Partial<BisectingKMeansParams> & { readonly k: number };

/** One node of the split tree. */
export interface BisectingNode {
  /** Parent node, −1 for the root. */
  readonly parent: number;
  /** The two nodes it was split into, or null for a final cluster. */
  readonly children: readonly [number, number] | null;
  /** Customers in it. */
  readonly size: number;
  /** Mean of its customers. */
  readonly center: Float64Array;
  /** Its within-cluster sum of squares. */
  readonly inertia: number;
  /** Final cluster number of a leaf, −1 for a split node. */
  readonly label: number;
  /** Order of its split (0 = the root's), −1 for a leaf. */
  readonly splitOrder: number;
}

/** What `fit` learned. */
export interface BisectingKMeansLearned {
  /** The split tree; node 0 is the root (all customers). */
  readonly nodes: readonly BisectingNode[];
  /** Cluster of each row (leaves numbered depth-first, left before right). */
  readonly labels: Int32Array;
  /** Centres of the k clusters, k × nFeatures. */
  readonly centroids: Matrix;
  /** Sum of squared distances of the rows to their cluster's centre. */
  readonly inertia: number;
}

interface Building {
  parent: number;
  children: [number, number] | null;
  rows: Int32Array;
  center: Float64Array;
  inertia: number;
  score: number;
  splitOrder: number;
}

/**
 * Bisecting k-means as scikit-learn's `BisectingKMeans` (1.2): each split is a 2-means
 * ({@link KMeans}, Lloyd/Hamerly, best of `nInit`) on the chosen cluster's rows; the leaf to
 * split is the first, depth-first, with the largest score (its inertia or its size). The
 * whole split tree is kept in `learned.nodes`; `predict` descends it, as scikit-learn does.
 *
 * ```ts
 * const tiers = new BisectingKMeans({ k: 6, nInit: 10, seed: 1 }).fit(x);
 * tiers.learned.nodes; // the splits, each with its size and inertia
 * ```
 */
export class BisectingKMeans implements Estimator<BisectingKMeansParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<BisectingKMeansParams>;
  #state: BisectingKMeansLearned | undefined;

  /** @param options see {@link BisectingKMeansOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: BisectingKMeansOptions) {
    const raw = checkOptions(
      options,
      ['k', 'init', 'nInit', 'maxIter', 'tol', 'strategy', 'seed'],
      TYPE,
    );
    if (raw['k'] === undefined) {
      throw new CohortlabError('INVALID_OPTION', `${TYPE} needs option "k" (number of clusters)`);
    }
    const seed = raw['seed'] ?? 0;
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
      throw new CohortlabError('INVALID_OPTION', `${TYPE} option "seed" must be a safe integer`);
    }
    this.params = Object.freeze({
      k: integerOption(raw, 'k', 1, 1, TYPE),
      init: enumOption(raw, 'init', ['random', 'k-means++'] as const, 'random', TYPE),
      nInit: integerOption(raw, 'nInit', 1, 1, TYPE),
      maxIter: integerOption(raw, 'maxIter', 300, 1, TYPE),
      tol: nonNegativeOption(raw, 'tol', 1e-4, TYPE),
      strategy: enumOption(
        raw,
        'strategy',
        ['biggest-inertia', 'largest-cluster'] as const,
        'biggest-inertia',
        TYPE,
      ),
      seed,
    });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned; `NOT_FITTED` before. */
  get learned(): BisectingKMeansLearned {
    return requireFitted(this.#state, TYPE);
  }

  /** Cluster of each training row (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(this.learned.labels);
  }

  /** Sum of squared distances of the training rows to their cluster's centre. */
  get inertia(): number {
    return this.learned.inertia;
  }

  /** Splits the rows of `input` into k clusters. */
  fit(input: MatrixInput): this {
    const owner = `${TYPE}.fit`;
    const x = checkedMatrix(input, owner);
    const { k, nInit, init, maxIter, tol, strategy } = this.params;
    if (x.rows < k) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: k = ${k} clusters need at least ${k} rows, the data has ${x.rows}`,
      );
    }
    const rng = new Xoshiro128(this.params.seed);
    const all = Int32Array.from({ length: x.rows }, (_, i) => i);
    const nodes: Building[] = [
      {
        parent: -1,
        children: null,
        rows: all,
        center: mean(x, all),
        inertia: 0,
        score: 0,
        splitOrder: -1,
      },
    ];
    nodes[0]!.inertia = sse(x, all, nodes[0]!.center);
    for (let split = 0; split < k - 1; split++) {
      const target = leaves(nodes).reduce((best, id) =>
        nodes[id]!.score > nodes[best]!.score ? id : best,
      );
      const node = nodes[target]!;
      const sub = subset(x, node.rows);
      const model = new KMeans({ k: 2, init, nInit, maxIter, tol, seed: rng.nextUint32() }).fit(
        sub,
      );
      const labels = model.labels;
      const centers = model.centroids.data;
      node.children = [nodes.length, nodes.length + 1];
      node.splitOrder = split;
      for (let side = 0; side < 2; side++) {
        const rows = node.rows.filter((_, i) => labels[i] === side);
        const center = centers.slice(side * x.cols, (side + 1) * x.cols);
        const inertia = sse(x, rows, center);
        nodes.push({
          parent: target,
          children: null,
          rows,
          center,
          inertia,
          score: strategy === 'biggest-inertia' ? inertia : rows.length,
          splitOrder: -1,
        });
      }
    }
    const order = leaves(nodes);
    const labels = new Int32Array(x.rows);
    const centroids = new Float64Array(k * x.cols);
    let inertia = 0;
    order.forEach((id, label) => {
      const node = nodes[id]!;
      for (const i of node.rows) labels[i] = label;
      centroids.set(node.center, label * x.cols);
      inertia += node.inertia;
    });
    const labelOf = new Map(order.map((id, label) => [id, label]));
    this.#state = {
      nodes: nodes.map((node, id) => ({
        parent: node.parent,
        children: node.children,
        size: node.rows.length,
        center: node.center,
        inertia: node.inertia,
        label: labelOf.get(id) ?? -1,
        splitOrder: node.splitOrder,
      })),
      labels,
      centroids:
        x.names === undefined
          ? { data: centroids, rows: k, cols: x.cols }
          : { data: centroids, rows: k, cols: x.cols, names: [...x.names] },
      inertia,
    };
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).labels;
  }

  /** The fitted model as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    return JSON.parse(
      JSON.stringify(modelJSON(TYPE, 1, { ...this.params }, bisectingStateJSON(this.learned))),
    ) as ModelJSON;
  }

  /** Restores a fitted model from {@link BisectingKMeans.toJSON} output (object or string). */
  static fromJSON(json: unknown): BisectingKMeans {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const out = restoring(TYPE, () => new BisectingKMeans(params as BisectingKMeansOptions));
    out.#state = readBisectingState(model.state, out.params.k, TYPE);
    return out;
  }

  /** Cluster of each row: down the split tree, to the nearer centre at each split. */
  predict(input: MatrixInput): Int32Array {
    const { nodes, centroids } = this.learned;
    const x = checkedMatrix(input, `${TYPE}.predict`);
    if (x.cols !== centroids.cols) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${TYPE}.predict: the data has ${x.cols} features, the model was fitted on ${centroids.cols}`,
      );
    }
    const out = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let id = 0;
      for (let children = nodes[0]!.children; children !== null; children = nodes[id]!.children) {
        const [a, b] = children;
        id = distance(x, i, nodes[a]!.center) <= distance(x, i, nodes[b]!.center) ? a : b;
      }
      out[i] = nodes[id]!.label;
    }
    return out;
  }
}

/** Leaf ids, depth-first, left before right. */
function leaves(nodes: readonly Building[]): number[] {
  const out: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    const children = nodes[id]!.children;
    if (children === null) out.push(id);
    else stack.push(children[1], children[0]);
  }
  return out;
}

function subset(x: Matrix, rows: Int32Array): Matrix {
  const d = x.cols;
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => data.set(x.data.subarray(r * d, r * d + d), i * d));
  return { data, rows: rows.length, cols: d };
}

function mean(x: Matrix, rows: Int32Array): Float64Array {
  const d = x.cols;
  const out = new Float64Array(d);
  for (const r of rows) for (let t = 0; t < d; t++) out[t]! += x.data[r * d + t] as number;
  for (let t = 0; t < d; t++) out[t]! /= rows.length;
  return out;
}

function distance(x: Matrix, i: number, center: Float64Array): number {
  let s = 0;
  for (let t = 0; t < x.cols; t++) {
    const v = (x.data[i * x.cols + t] as number) - (center[t] as number);
    s += v * v;
  }
  return s;
}

function sse(x: Matrix, rows: Int32Array, center: Float64Array): number {
  let s = 0;
  for (const r of rows) s += distance(x, r, center);
  return s;
}

/**
 * The fitted tree as flat node arrays (scikit-learn's `tree_` layout): node `i`'s children,
 * split and statistics sit at index `i` of each array. Nodes are numbered in pre-order, left
 * child first, so a child's index is always greater than its parent's.
 *
 * @module
 */
import type { EncodedColumn } from './dataset.js';

/** Child index of a leaf (both children). */
export const LEAF = -1;

/** A fitted tree's nodes. Arrays are shared with the model: treat them as read-only. */
export interface TreeNodes {
  /** Number of nodes. */
  readonly nodeCount: number;
  /** Number of classes: the row length of `value`. */
  readonly nClasses: number;
  /** Left child (rows that pass the test) of each node; {@link LEAF} for leaves. */
  readonly childrenLeft: Int32Array;
  /** Right child of each node; {@link LEAF} for leaves. */
  readonly childrenRight: Int32Array;
  /** Feature index tested at each split node; −1 at leaves. */
  readonly feature: Int32Array;
  /** Numeric splits send `x ≤ threshold` left; NaN at leaves and categorical splits. */
  readonly threshold: Float64Array;
  /**
   * Categorical splits send the listed category indices (into the feature's `categories`)
   * left, every other value — unseen categories included — right; `null` elsewhere.
   */
  readonly categoriesLeft: readonly (readonly number[] | null)[];
  /** Impurity of each node's training rows. */
  readonly impurity: Float64Array;
  /** Training rows reaching each node. */
  readonly nNodeSamples: Float64Array;
  /** Their total weight. */
  readonly weightedNNodeSamples: Float64Array;
  /** Weighted class counts, row-major `nodeCount × nClasses`. */
  readonly value: Float64Array;
}

/** Collects nodes one at a time (in pre-order) and freezes them into {@link TreeNodes}. */
export class NodeList {
  readonly #classes: number;
  readonly #left: number[] = [];
  readonly #right: number[] = [];
  readonly #feature: number[] = [];
  readonly #threshold: number[] = [];
  readonly #categories: (readonly number[] | null)[] = [];
  readonly #impurity: number[] = [];
  readonly #samples: number[] = [];
  readonly #weighted: number[] = [];
  readonly #value: number[] = [];

  constructor(classes: number) {
    this.#classes = classes;
  }

  /** Number of nodes added so far. */
  get length(): number {
    return this.#left.length;
  }

  /** Adds a leaf below `parent` (−1 for the root) and returns its index. */
  add(
    parent: number,
    isLeft: boolean,
    impurity: number,
    samples: number,
    weighted: number,
    value: ArrayLike<number>,
  ): number {
    const id = this.#left.length;
    if (parent >= 0) (isLeft ? this.#left : this.#right)[parent] = id;
    this.#left.push(LEAF);
    this.#right.push(LEAF);
    this.#feature.push(-1);
    this.#threshold.push(Number.NaN);
    this.#categories.push(null);
    this.#impurity.push(impurity);
    this.#samples.push(samples);
    this.#weighted.push(weighted);
    for (let k = 0; k < this.#classes; k++) this.#value.push(value[k] as number);
    return id;
  }

  /** Turns node `id` into a split; its children are attached by later {@link NodeList.add}s. */
  setSplit(
    id: number,
    feature: number,
    threshold: number,
    categories: readonly number[] | null,
  ): void {
    this.#feature[id] = feature;
    this.#threshold[id] = threshold;
    this.#categories[id] = categories;
  }

  /** The collected nodes. */
  finish(): TreeNodes {
    return {
      nodeCount: this.#left.length,
      nClasses: this.#classes,
      childrenLeft: Int32Array.from(this.#left),
      childrenRight: Int32Array.from(this.#right),
      feature: Int32Array.from(this.#feature),
      threshold: Float64Array.from(this.#threshold),
      categoriesLeft: this.#categories,
      impurity: Float64Array.from(this.#impurity),
      nNodeSamples: Float64Array.from(this.#samples),
      weightedNNodeSamples: Float64Array.from(this.#weighted),
      value: Float64Array.from(this.#value),
    };
  }
}

/**
 * Per categorical split node, a membership mask over the feature's categories (index → 1 when
 * the category goes left); `null` for other nodes. Built once per model for fast prediction.
 */
export function categoryMasks(
  nodes: TreeNodes,
  categoryCounts: readonly number[],
): (Uint8Array | null)[] {
  return nodes.categoriesLeft.map((list, node) => {
    if (list === null) return null;
    const mask = new Uint8Array(categoryCounts[nodes.feature[node] as number] as number);
    for (const c of list) mask[c] = 1;
    return mask;
  });
}

/** The leaf each row of `columns` ends in. */
export function applyTree(
  nodes: TreeNodes,
  masks: readonly (Uint8Array | null)[],
  columns: readonly EncodedColumn[],
  rows: number,
): Int32Array {
  const { childrenLeft, childrenRight, feature, threshold } = nodes;
  const leaves = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let node = 0;
    for (;;) {
      const left = childrenLeft[node] as number;
      if (left === LEAF) break;
      const column = columns[feature[node] as number] as EncodedColumn;
      let goLeft: boolean;
      if (column.type === 'numeric') {
        goLeft = (column.values[i] as number) <= (threshold[node] as number);
      } else {
        const code = column.codes[i] as number;
        goLeft = code >= 0 && (masks[node] as Uint8Array)[code] === 1;
      }
      node = goLeft ? left : (childrenRight[node] as number);
    }
    leaves[i] = node;
  }
  return leaves;
}

/**
 * Normalised total impurity decrease per feature (scikit-learn's `feature_importances_`): each
 * split adds `W_t·i_t − W_L·i_L − W_R·i_R` to its feature; the sums are divided by the root's
 * weight, then by their total (all zeros when the tree is a single leaf).
 */
export function featureImportances(nodes: TreeNodes, nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  const { childrenLeft: left, childrenRight: right, impurity, weightedNNodeSamples: w } = nodes;
  for (let node = 0; node < nodes.nodeCount; node++) {
    const l = left[node] as number;
    if (l === LEAF) continue;
    const r = right[node] as number;
    out[nodes.feature[node] as number]! +=
      (w[node] as number) * (impurity[node] as number) -
      (w[l] as number) * (impurity[l] as number) -
      (w[r] as number) * (impurity[r] as number);
  }
  const root = w[0] as number;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    out[f] = (out[f] as number) / root;
    total += out[f] as number;
  }
  if (total > 0) for (let f = 0; f < nFeatures; f++) out[f] = (out[f] as number) / total;
  return out;
}

/** Depth of the deepest leaf (0 for a single leaf). */
export function treeDepth(nodes: TreeNodes): number {
  const depth = new Int32Array(nodes.nodeCount);
  let max = 0;
  for (let node = 0; node < nodes.nodeCount; node++) {
    const d = depth[node] as number;
    if (d > max) max = d;
    const l = nodes.childrenLeft[node] as number;
    if (l !== LEAF) {
      depth[l] = d + 1;
      depth[nodes.childrenRight[node] as number] = d + 1;
    }
  }
  return max;
}

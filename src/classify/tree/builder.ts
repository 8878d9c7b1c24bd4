/**
 * Growing a CART tree depth first, with scikit-learn's stopping rules and node order.
 *
 * Every numeric feature is sorted once ({@link argsortColumn}). Each node owns the segment
 * `start .. end` of every feature's sorted order; once a node is split, the segments of the
 * other features are partitioned stably into "left rows, then right rows", which keeps both
 * halves sorted. A node therefore costs O(rows · features) to search and to partition —
 * no per-node sorting, unlike scikit-learn's splitter (O(rows · log rows) per feature).
 * Partitioning is skipped when both children are certain to be leaves.
 *
 * Next to each sorted order lies `class << 1 | boundary` per position (boundary: the value
 * differs from the next position's), so with unit weights the sweep of a node reads one array,
 * sequentially, and never the feature values or the labels; every partition keeps the bits
 * right.
 *
 * @module
 */
import { Xoshiro128 } from '../../cluster/kmeans/random.js';
import { EPSILON, impurity, impurityImprovement, xlogxTable } from './criterion.js';
import type { EncodedColumn } from './dataset.js';
import { NodeList, type TreeNodes } from './nodes.js';
import type { TreeCriterion, TreeLimits } from './options.js';
import { argsortColumn } from './presort.js';
import {
  CONSTANT,
  CategoryScratch,
  NOT_BETTER,
  midpoint,
  searchCategorical,
  sweepNumeric,
  type NodeContext,
} from './split-search.js';

/** Everything a fit needs, already validated and encoded. */
export interface GrowInput {
  /** Class index of every row. */
  readonly y: Int32Array;
  readonly classes: number;
  /** Row weights, or null for all 1. */
  readonly weights: Float64Array | null;
  readonly columns: readonly EncodedColumn[];
  readonly criterion: TreeCriterion;
  readonly limits: TreeLimits;
  /** Seed of the feature draws when `limits.maxFeatures` is below the feature count. */
  readonly seed: number;
}

/**
 * A numeric feature's sorted order, partitioned node by node, and per position
 * `class << 1 | boundary` (boundary: the value differs from the next position's).
 */
interface SortedFeature {
  readonly kind: 'numeric';
  readonly values: Float64Array;
  readonly order: Int32Array;
  readonly packed: Int32Array;
}

interface CategoricalFeature {
  readonly kind: 'categorical';
  /** Category index of every row (not partitioned: read through the node's rows). */
  readonly codes: Int32Array;
}

/** A node waiting on the stack. */
interface Pending {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly parent: number;
  readonly isLeft: boolean;
  readonly impurity: number;
  readonly counts: Float64Array;
  readonly weight: number;
}

/** The chosen split of a node. */
interface Split {
  feature: number;
  /** Numeric: rows `start .. start + nLeft` of the feature's order go left. */
  position: number;
  threshold: number;
  /** Categorical: the categories that go left. */
  categories: number[] | null;
}

/** Grows the tree (before any pruning) and returns its nodes in pre-order. */
export function growTree(input: GrowInput): TreeNodes {
  return new Grower(input).grow();
}

class Grower {
  readonly #input: GrowInput;
  readonly #n: number;
  readonly #features: (SortedFeature | CategoricalFeature)[];
  /** The node's rows in some order: a numeric feature's order, or an own array. */
  readonly #rows: Int32Array;
  readonly #ownRows: boolean;
  readonly #goesLeft: Uint8Array;
  readonly #tmpRows: Int32Array;
  readonly #tmpPacked: Int32Array;
  readonly #scratch: CategoryScratch;
  readonly #table: Float64Array | null;
  readonly #left: Float64Array;
  readonly #score = new Float64Array(1);
  readonly #drawOrder: Int32Array;
  readonly #rng: Xoshiro128 | null;
  readonly #totalWeight: number;

  constructor(input: GrowInput) {
    this.#input = input;
    const n = input.y.length;
    this.#n = n;
    let maxCategories = 0;
    this.#features = input.columns.map((column) => {
      if (column.type === 'numeric') return sortFeature(column.values, input.y);
      maxCategories = Math.max(maxCategories, column.count);
      return { kind: 'categorical', codes: column.codes };
    });
    const firstNumeric = this.#features.find((f): f is SortedFeature => f.kind === 'numeric');
    this.#ownRows = firstNumeric === undefined;
    this.#rows = firstNumeric?.order ?? Int32Array.from({ length: n }, (_, i) => i);
    this.#goesLeft = new Uint8Array(n);
    this.#tmpRows = new Int32Array(n);
    this.#tmpPacked = new Int32Array(n);
    this.#scratch = new CategoryScratch(maxCategories, input.classes);
    this.#table = input.criterion === 'entropy' && input.weights === null ? xlogxTable(n) : null;
    this.#left = new Float64Array(input.classes);
    this.#drawOrder = Int32Array.from({ length: this.#features.length }, (_, f) => f);
    this.#rng =
      input.limits.maxFeatures < this.#features.length ? new Xoshiro128(input.seed) : null;
    let total = 0;
    for (let i = 0; i < n; i++) total += input.weights === null ? 1 : (input.weights[i] as number);
    this.#totalWeight = total;
  }

  grow(): TreeNodes {
    const { classes, criterion, limits, y, weights } = this.#input;
    const rootCounts = new Float64Array(classes);
    let rootWeight = 0;
    for (let i = 0; i < this.#n; i++) {
      const w = weights === null ? 1 : (weights[i] as number);
      rootCounts[y[i] as number]! += w;
      rootWeight += w;
    }
    const nodes = new NodeList(classes);
    const stack: Pending[] = [
      {
        start: 0,
        end: this.#n,
        depth: 0,
        parent: -1,
        isLeft: false,
        impurity: impurity(criterion, rootCounts, 0, classes, rootWeight),
        counts: rootCounts,
        weight: rootWeight,
      },
    ];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      const m = node.end - node.start;
      const id = nodes.add(node.parent, node.isLeft, node.impurity, m, node.weight, node.counts);
      if (
        node.depth >= limits.maxDepth ||
        m < limits.minSamplesSplit ||
        m < 2 * limits.minSamplesLeaf ||
        node.impurity <= EPSILON
      ) {
        continue;
      }
      const split = this.#findSplit(node);
      if (split === null) continue;
      const [left, right] = this.#children(node, split);
      const improvement = impurityImprovement(
        this.#totalWeight,
        node.weight,
        node.impurity,
        left.weight,
        left.impurity,
        right.impurity,
      );
      if (improvement + EPSILON < limits.minImpurityDecrease) continue;
      nodes.setSplit(id, split.feature, split.threshold, split.categories);
      if (!this.#isSurelyLeaf(left) || !this.#isSurelyLeaf(right)) this.#partition(node, split);
      const depth = node.depth + 1;
      stack.push({ ...right, depth, parent: id, isLeft: false });
      stack.push({ ...left, depth, parent: id, isLeft: true });
    }
    return nodes.finish();
  }

  /** True when the stopping rules make a child a leaf whatever its rows' order. */
  #isSurelyLeaf(child: Pending): boolean {
    const { limits } = this.#input;
    const m = child.end - child.start;
    return (
      child.depth >= limits.maxDepth ||
      m < limits.minSamplesSplit ||
      m < 2 * limits.minSamplesLeaf ||
      child.impurity <= EPSILON
    );
  }

  /** The best split over the features drawn for this node, or null when there is none. */
  #findSplit(node: Pending): Split | null {
    const { y, weights, classes, criterion, limits } = this.#input;
    const ctx: NodeContext = {
      y,
      weights,
      classes,
      total: node.counts,
      weight: node.weight,
      minSamplesLeaf: limits.minSamplesLeaf,
      gini: criterion === 'gini',
      table: this.#table,
      left: this.#left,
    };
    const nFeatures = this.#features.length;
    const rng = this.#rng;
    const draw = this.#drawOrder;
    let best = Number.NEGATIVE_INFINITY;
    let split: Split | null = null;
    let visited = 0;
    let informative = 0;
    // scikit-learn's rule: stop after maxFeatures draws, unless all drawn so far were constant.
    for (let j = 0; j < nFeatures; j++) {
      if (visited >= limits.maxFeatures && informative > 0) break;
      if (rng !== null) {
        const t = j + rng.nextInt(nFeatures - j);
        const f = draw[t] as number;
        draw[t] = draw[j] as number;
        draw[j] = f;
      }
      const f = draw[j] as number;
      visited++;
      const feature = this.#features[f] as SortedFeature | CategoricalFeature;
      let found: number;
      if (feature.kind === 'numeric') {
        found = sweepNumeric(
          ctx,
          feature.order,
          feature.packed,
          node.start,
          node.end,
          best,
          this.#score,
        );
        if (found >= 0) {
          const below = feature.values[feature.order[found - 1] as number] as number;
          const above = feature.values[feature.order[found] as number] as number;
          split = {
            feature: f,
            position: found,
            threshold: midpoint(below, above),
            categories: null,
          };
        }
      } else {
        found = searchCategorical(
          ctx,
          feature.codes,
          this.#rows,
          node.start,
          node.end,
          best,
          this.#score,
          this.#scratch,
        );
        if (found >= 0) {
          split = {
            feature: f,
            position: -1,
            threshold: Number.NaN,
            categories: this.#scratch.bestSet,
          };
        }
      }
      if (found === CONSTANT) continue;
      informative++;
      if (found !== NOT_BETTER) best = this.#score[0] as number;
    }
    return split;
  }

  /**
   * Marks which rows go left (in `#goesLeft`) and returns both children's row ranges, class
   * counts, weights and impurities.
   */
  #children(node: Pending, split: Split): [Pending, Pending] {
    const { y, weights, classes, criterion } = this.#input;
    const goesLeft = this.#goesLeft;
    const leftCounts = new Float64Array(classes);
    const rightCounts = new Float64Array(classes);
    let nLeft = 0;
    let wLeft = 0;
    let wRight = 0;
    const feature = this.#features[split.feature] as SortedFeature | CategoricalFeature;
    if (feature.kind === 'numeric') {
      // Sorted by the split feature: the first rows go left; classes come with the order.
      const { order, packed } = feature;
      nLeft = split.position - node.start;
      for (let i = node.start; i < node.end; i++) {
        const row = order[i] as number;
        const w = weights === null ? 1 : (weights[row] as number);
        const k = (packed[i] as number) >> 1;
        if (i < split.position) {
          goesLeft[row] = 1;
          leftCounts[k]! += w;
          wLeft += w;
        } else {
          goesLeft[row] = 0;
          rightCounts[k]! += w;
          wRight += w;
        }
      }
    } else {
      const inSet = new Uint8Array(this.#scratch.rows.length);
      for (const c of split.categories ?? []) inSet[c] = 1;
      const rows = this.#rows;
      for (let i = node.start; i < node.end; i++) {
        const row = rows[i] as number;
        const w = weights === null ? 1 : (weights[row] as number);
        const k = y[row] as number;
        if (inSet[feature.codes[row] as number] === 1) {
          goesLeft[row] = 1;
          leftCounts[k]! += w;
          wLeft += w;
          nLeft++;
        } else {
          goesLeft[row] = 0;
          rightCounts[k]! += w;
          wRight += w;
        }
      }
    }
    // Child impurities as scikit-learn computes them: right weight = node weight − left weight.
    const middle = node.start + nLeft;
    const common = { depth: node.depth + 1, parent: -1, isLeft: false };
    return [
      {
        ...common,
        start: node.start,
        end: middle,
        counts: leftCounts,
        weight: wLeft,
        impurity: impurity(criterion, leftCounts, 0, classes, wLeft),
      },
      {
        ...common,
        start: middle,
        end: node.end,
        counts: rightCounts,
        weight: wRight,
        impurity: impurity(criterion, rightCounts, 0, classes, node.weight - wLeft),
      },
    ];
  }

  /** Stable partition of every sorted segment (and the own row list) by `#goesLeft`. */
  #partition(node: Pending, split: Split): void {
    const { start, end } = node;
    this.#features.forEach((feature, f) => {
      // The split feature's own order is already "left rows, then right rows".
      if (feature.kind !== 'numeric' || f === split.feature) return;
      this.#partitionSorted(feature.order, feature.packed, start, end);
    });
    if (this.#ownRows) this.#partitionRows(start, end);
  }

  /**
   * Stable partition of one feature's segment. Boundary bits are recomputed for the new
   * neighbours: two rows that become adjacent in a child differ in value exactly when some
   * boundary lay between them in the parent (the parent segment is sorted).
   */
  #partitionSorted(order: Int32Array, packed: Int32Array, start: number, end: number): void {
    const goesLeft = this.#goesLeft;
    const tmpRows = this.#tmpRows;
    const tmpPacked = this.#tmpPacked;
    let l = start;
    let r = 0;
    let lastLeft = -1;
    let lastRight = -1;
    // OR of the boundary bits since the last row placed on each side.
    let sinceLeft = 0;
    let sinceRight = 0;
    for (let i = start; i < end; i++) {
      const row = order[i] as number;
      const p = packed[i] as number;
      const bit = p & 1;
      if (goesLeft[row] === 1) {
        if (lastLeft >= 0) packed[lastLeft] = ((packed[lastLeft] as number) & ~1) | sinceLeft;
        order[l] = row;
        packed[l] = p;
        lastLeft = l++;
        sinceLeft = bit;
        sinceRight |= bit;
      } else {
        if (lastRight >= 0)
          tmpPacked[lastRight] = ((tmpPacked[lastRight] as number) & ~1) | sinceRight;
        tmpRows[r] = row;
        tmpPacked[r] = p;
        lastRight = r++;
        sinceRight = bit;
        sinceLeft |= bit;
      }
    }
    order.set(tmpRows.subarray(0, r), l);
    packed.set(tmpPacked.subarray(0, r), l);
  }

  #partitionRows(start: number, end: number): void {
    const rows = this.#rows;
    const goesLeft = this.#goesLeft;
    const tmpRows = this.#tmpRows;
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i] as number;
      if (goesLeft[row] === 1) rows[l++] = row;
      else tmpRows[r++] = row;
    }
    rows.set(tmpRows.subarray(0, r), l);
  }
}

/** Sorts a numeric feature and packs each position's class and boundary bit. */
function sortFeature(values: Float64Array, y: Int32Array): SortedFeature {
  const order = argsortColumn(values);
  const n = order.length;
  const packed = new Int32Array(n);
  let next = n > 0 ? (values[order[0] as number] as number) : 0;
  for (let i = 0; i < n; i++) {
    const row = order[i] as number;
    const value = next;
    next = i + 1 < n ? (values[order[i + 1] as number] as number) : value;
    packed[i] = ((y[row] as number) << 1) | (value !== next ? 1 : 0);
  }
  return { kind: 'numeric', values, order, packed };
}

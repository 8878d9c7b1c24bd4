/**
 * The merge tree of agglomerative clustering (scipy's linkage layout) and the ways to cut
 * it: into k clusters numbered exactly as scikit-learn's `AgglomerativeClustering` numbers
 * them, or at a height.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

/**
 * A full merge tree over `leaves` leaves, scipy's linkage matrix in columns: merge `m` joins
 * the nodes `children[2m]` and `children[2m + 1]` (ids below `leaves` are leaves, id
 * `leaves + m'` is the cluster made by merge `m'`) at `heights[m]`, into a cluster of
 * `sizes[m]` customers. Merges are sorted by height (ties in the order they were made).
 */
export interface MergeTree {
  /** Number of leaves: customers, or the k-means groups of the two-step method. */
  readonly leaves: number;
  /** 2 × (leaves − 1) node ids. */
  readonly children: Int32Array;
  /** leaves − 1 merge heights, never decreasing. */
  readonly heights: Float64Array;
  /** leaves − 1 cluster sizes, in customers. */
  readonly sizes: Float64Array;
}

/** Merges as made by an algorithm, before sorting and relabelling. */
export interface RawMerges {
  /** The two merged leaves or representatives, 2 per merge. */
  readonly pairs: Int32Array;
  /** The merge heights. */
  readonly heights: Float64Array;
}

/**
 * Sorts raw merges by height (stable, as numpy's mergesort) and renames their sides to
 * cluster ids with a union-find (scipy's `label`). `ordered` puts the smaller id first
 * (scipy); otherwise the sides keep their order (scikit-learn's single-linkage labelling).
 * `weights` are the leaves' sizes (all 1 when absent).
 */
export function labelMerges(
  raw: RawMerges,
  leaves: number,
  ordered: boolean,
  weights?: ArrayLike<number>,
): MergeTree {
  const m = leaves - 1;
  const order = Array.from({ length: m }, (_, i) => i);
  order.sort((a, b) => (raw.heights[a] as number) - (raw.heights[b] as number));
  const parent = new Int32Array(2 * leaves - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Float64Array(2 * leaves - 1);
  for (let i = 0; i < leaves; i++) size[i] = weights === undefined ? 1 : (weights[i] as number);
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[x] !== root) {
      const next = parent[x] as number;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  const children = new Int32Array(2 * m);
  const heights = new Float64Array(m);
  const sizes = new Float64Array(m);
  order.forEach((source, i) => {
    let x = find(raw.pairs[2 * source] as number);
    let y = find(raw.pairs[2 * source + 1] as number);
    if (ordered && x > y) [x, y] = [y, x];
    const id = leaves + i;
    children[2 * i] = x;
    children[2 * i + 1] = y;
    heights[i] = raw.heights[source] as number;
    size[id] = (size[x] as number) + (size[y] as number);
    sizes[i] = size[id] as number;
    parent[x] = id;
    parent[y] = id;
  });
  return { leaves, children, heights, sizes };
}

/**
 * Labels of the leaves when the tree is cut into `k` clusters, numbered as scikit-learn's
 * `_hc_cut` numbers them: the last k − 1 merges are undone through a binary heap of
 * negated node ids (Python's heapq, step for step), and cluster i is the i-th node of the
 * heap's array.
 */
export function cutTree(tree: MergeTree, k: number): Int32Array {
  const { leaves, children } = tree;
  if (!Number.isSafeInteger(k) || k < 1 || k > leaves) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `cannot cut a tree of ${leaves} leaves into ${k} clusters: k must be a whole number in [1, ${leaves}]`,
    );
  }
  if (leaves === 1) return new Int32Array(1);
  const root = 2 * leaves - 2;
  const heap: number[] = [-root];
  for (let c = 1; c < k; c++) {
    const node = -(heap[0] as number) - leaves;
    heapPush(heap, -(children[2 * node] as number));
    heapPushPop(heap, -(children[2 * node + 1] as number));
  }
  const label = new Int32Array(2 * leaves - 1).fill(-1);
  heap.forEach((negated, i) => (label[-negated] = i));
  for (let m = leaves - 2; m >= 0; m--) {
    const own = label[leaves + m] as number;
    if (own < 0) continue;
    label[children[2 * m] as number] = own;
    label[children[2 * m + 1] as number] = own;
  }
  return label.slice(0, leaves);
}

/**
 * Number of clusters left when every merge at or below `height` is kept (scipy's
 * `fcluster(..., criterion='distance')`).
 */
export function clustersAtHeight(tree: MergeTree, height: number): number {
  let kept = 0;
  for (const h of tree.heights) if (h <= height) kept++;
  return tree.leaves - kept;
}

function heapPush(heap: number[], item: number): void {
  heap.push(item);
  siftDown(heap, 0, heap.length - 1);
}

function heapPushPop(heap: number[], item: number): number {
  if (heap.length > 0 && (heap[0] as number) < item) {
    const top = heap[0] as number;
    heap[0] = item;
    siftUp(heap, 0);
    return top;
  }
  return item;
}

/** Python's heapq._siftdown. */
function siftDown(heap: number[], start: number, pos: number): void {
  const item = heap[pos] as number;
  while (pos > start) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos] as number;
    if (item < parent) {
      heap[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

/** Python's heapq._siftup (bottom-up: the smaller child rises to a leaf, then sift down). */
function siftUp(heap: number[], pos: number): void {
  const end = heap.length;
  const start = pos;
  const item = heap[pos] as number;
  let child = 2 * pos + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !((heap[child] as number) < (heap[right] as number))) child = right;
    heap[pos] = heap[child] as number;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, start, pos);
}

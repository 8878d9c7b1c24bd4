/**
 * HDBSCAN's condensed cluster tree (Campello, Moulavi and Sander 2013): the single-linkage
 * tree of the mutual reachability distances, read top-down, where a split only makes new
 * clusters when both sides have at least `minClusterSize` customers; otherwise the smaller
 * side's customers "fall out" of the cluster at λ = 1 / distance.
 *
 * @module
 */
import type { MergeTree } from '../hierarchy/tree.js';

/** The condensed tree: clusters (0 is the root) and where each customer fell out. */
export interface CondensedTree {
  /** Parent of each cluster, −1 for the root. */
  readonly parent: Int32Array;
  /** λ at which each cluster was born (0 for the root). */
  readonly birth: Float64Array;
  /** Customers in each cluster at its birth. */
  readonly size: Float64Array;
  /** Cluster each customer fell out of. */
  readonly pointCluster: Int32Array;
  /** λ at which each customer fell out. */
  readonly pointLambda: Float64Array;
}

/** Condenses a single-linkage tree over customers (leaves = customers). */
export function condenseTree(tree: MergeTree, minClusterSize: number): CondensedTree {
  const n = tree.leaves;
  const parent: number[] = [-1];
  const birth: number[] = [0];
  const size: number[] = [n];
  const pointCluster = new Int32Array(n);
  const pointLambda = new Float64Array(n);
  if (n === 1)
    return {
      parent: Int32Array.from(parent),
      birth: Float64Array.from(birth),
      size: Float64Array.from(size),
      pointCluster,
      pointLambda,
    };
  const count = (id: number): number => (id < n ? 1 : (tree.sizes[id - n] as number));
  const fallOut = (id: number, cluster: number, lambda: number): void => {
    const stack = [id];
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if (node < n) {
        pointCluster[node] = cluster;
        pointLambda[node] = lambda;
      } else {
        const m = node - n;
        stack.push(tree.children[2 * m] as number, tree.children[2 * m + 1] as number);
      }
    }
  };
  // Breadth-first from the root, each merge node carrying its cluster.
  const queue: [number, number][] = [[2 * n - 2, 0]];
  for (let head = 0; head < queue.length; head++) {
    const [node, cluster] = queue[head] as [number, number];
    if (node < n) {
      // A single customer left alone in a cluster of size >= minClusterSize cannot happen
      // for minClusterSize >= 2; with 1 it is its own leaf and falls out at infinity.
      pointCluster[node] = cluster;
      pointLambda[node] = Infinity;
      continue;
    }
    const m = node - n;
    const height = tree.heights[m] as number;
    const lambda = height > 0 ? 1 / height : Infinity;
    const left = tree.children[2 * m] as number;
    const right = tree.children[2 * m + 1] as number;
    const bigLeft = count(left) >= minClusterSize;
    const bigRight = count(right) >= minClusterSize;
    if (bigLeft && bigRight) {
      for (const child of [left, right]) {
        parent.push(cluster);
        birth.push(lambda);
        size.push(count(child));
        queue.push([child, parent.length - 1]);
      }
    } else {
      for (const [child, big] of [
        [left, bigLeft],
        [right, bigRight],
      ] as const) {
        if (big) queue.push([child, cluster]);
        else fallOut(child, cluster, lambda);
      }
    }
  }
  return {
    parent: Int32Array.from(parent),
    birth: Float64Array.from(birth),
    size: Float64Array.from(size),
    pointCluster,
    pointLambda,
  };
}

/**
 * Stability of each cluster: Σ over what leaves it (customers falling out, child clusters
 * being born) of (λ_leave − λ_birth) × customers.
 */
export function stabilities(tree: CondensedTree): Float64Array {
  const out = new Float64Array(tree.parent.length);
  tree.pointCluster.forEach((c, p) => {
    out[c]! += (tree.pointLambda[p] as number) - (tree.birth[c] as number);
  });
  for (let c = 1; c < tree.parent.length; c++) {
    const up = tree.parent[c] as number;
    out[up]! += ((tree.birth[c] as number) - (tree.birth[up] as number)) * (tree.size[c] as number);
  }
  return out;
}

/** Largest λ at which any customer of the cluster's subtree fell out. */
export function deaths(tree: CondensedTree): Float64Array {
  const out = new Float64Array(tree.parent.length);
  tree.pointCluster.forEach((c, p) => {
    out[c] = Math.max(out[c] as number, tree.pointLambda[p] as number);
  });
  // Children have larger ids than their parents: one pass from the last cluster up.
  for (let c = tree.parent.length - 1; c >= 1; c--) {
    const up = tree.parent[c] as number;
    out[up] = Math.max(out[up] as number, out[c] as number);
  }
  return out;
}

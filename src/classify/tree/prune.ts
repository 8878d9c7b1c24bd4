/**
 * Minimal cost-complexity pruning (Breiman et al., CART, ch. 3), as scikit-learn implements it.
 *
 * With R(t) = W_t / W · impurity(t), a subtree T_t of node t costs R(T_t) = Σ R(leaves of T_t),
 * and pruning it saves |leaves| − 1 leaves at the price R(t) − R(T_t). The weakest link is the
 * internal node with the smallest effective alpha (R(t) − R(T_t)) / (|leaves| − 1); pruning
 * weakest links one after another gives the nested sequence of subtrees. `ccpAlpha` keeps
 * pruning while the weakest link's alpha is ≤ ccpAlpha.
 *
 * The loop mirrors scikit-learn's `_cost_complexity_prune` step for step (same node order, same
 * tie rule: the lowest node index wins), so alphas and impurities agree to the last bits.
 *
 * @module
 */
import { LEAF, NodeList, type TreeNodes } from './nodes.js';

/** The pruning path: effective alphas (ascending) and the total leaf impurity after each. */
export interface CostComplexityPath {
  /** 0, then the effective alpha of each weakest-link pruning, the last pruning the root. */
  readonly ccpAlphas: number[];
  /** Total weighted leaf impurity of the subtree at each step (`Σ W_t / W · impurity`). */
  readonly impurities: number[];
}

/** Runs the weakest-link loop; `stop(alpha)` ends it early. Returns the leaves kept. */
function weakestLinks(
  nodes: TreeNodes,
  stop: (alpha: number) => boolean,
  save: (alpha: number, impurity: number) => void,
): Uint8Array {
  const n = nodes.nodeCount;
  const { childrenLeft: left, childrenRight: right, impurity, weightedNNodeSamples: w } = nodes;
  const totalWeight = w[0] as number;
  const rNode = new Float64Array(n);
  for (let i = 0; i < n; i++) rNode[i] = ((w[i] as number) * (impurity[i] as number)) / totalWeight;
  const parent = new Int32Array(n).fill(-1);
  const isLeaf = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const l = left[i] as number;
    if (l === LEAF) isLeaf[i] = 1;
    else {
      parent[l] = i;
      parent[right[i] as number] = i;
    }
  }
  // Leaves below each node and their total R, bubbled up leaf by leaf in index order.
  const nLeaves = new Int32Array(n);
  const rBranch = new Float64Array(n);
  for (let leaf = 0; leaf < n; leaf++) {
    if (isLeaf[leaf] === 0) continue;
    const r = rNode[leaf] as number;
    rBranch[leaf] = r;
    for (let node = leaf; node !== 0;) {
      node = parent[node] as number;
      rBranch[node]! += r;
      nLeaves[node]! += 1;
    }
  }
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i++) candidate[i] = isLeaf[i] === 1 ? 0 : 1;
  const inSubtree = new Uint8Array(n).fill(1);
  save(0, rBranch[0] as number);
  while (candidate[0] === 1) {
    let alpha = Number.MAX_VALUE;
    let pruned = -1;
    for (let i = 0; i < n; i++) {
      if (candidate[i] === 0) continue;
      const a = ((rNode[i] as number) - (rBranch[i] as number)) / ((nLeaves[i] as number) - 1);
      if (a < alpha) {
        alpha = a;
        pruned = i;
      }
    }
    if (pruned < 0 || stop(alpha)) break;
    // Drop the branch below `pruned`; `pruned` becomes a leaf.
    const todo = [pruned];
    for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
      if (inSubtree[node] === 0) continue;
      candidate[node] = 0;
      isLeaf[node] = 0;
      inSubtree[node] = 0;
      const l = left[node] as number;
      if (l !== LEAF) todo.push(l, right[node] as number);
    }
    isLeaf[pruned] = 1;
    inSubtree[pruned] = 1;
    const removed = (nLeaves[pruned] as number) - 1;
    nLeaves[pruned] = 0;
    const diff = (rNode[pruned] as number) - (rBranch[pruned] as number);
    rBranch[pruned] = rNode[pruned] as number;
    for (let node = parent[pruned] as number; node !== -1; node = parent[node] as number) {
      nLeaves[node]! -= removed;
      rBranch[node]! += diff;
    }
    save(alpha, rBranch[0] as number);
  }
  return isLeaf;
}

/** The pruning path of a grown tree (scikit-learn's `cost_complexity_pruning_path`). */
export function pruningPath(nodes: TreeNodes): CostComplexityPath {
  const ccpAlphas: number[] = [];
  const impurities: number[] = [];
  weakestLinks(
    nodes,
    () => false,
    (alpha, impurity) => {
      ccpAlphas.push(alpha);
      impurities.push(impurity);
    },
  );
  return { ccpAlphas, impurities };
}

/** The subtree left by pruning with complexity parameter `alpha` (> 0), renumbered in pre-order. */
export function pruneTree(nodes: TreeNodes, alpha: number): TreeNodes {
  const leaf = weakestLinks(
    nodes,
    (effective) => alpha < effective,
    () => undefined,
  );
  const k = nodes.nClasses;
  const out = new NodeList(k);
  const stack: { node: number; parent: number; isLeft: boolean }[] = [
    { node: 0, parent: -1, isLeft: false },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node } = item;
    const id = out.add(
      item.parent,
      item.isLeft,
      nodes.impurity[node] as number,
      nodes.nNodeSamples[node] as number,
      nodes.weightedNNodeSamples[node] as number,
      nodes.value.subarray(node * k, (node + 1) * k),
    );
    if (leaf[node] === 1) continue;
    out.setSplit(
      id,
      nodes.feature[node] as number,
      nodes.threshold[node] as number,
      nodes.categoriesLeft[node] ?? null,
    );
    stack.push({ node: nodes.childrenRight[node] as number, parent: id, isLeft: false });
    stack.push({ node: nodes.childrenLeft[node] as number, parent: id, isLeft: true });
  }
  return out.finish();
}

/**
 * CART decision-tree classifier.
 *
 * @module
 */
import type {
  ClassProbabilities,
  SupervisedClassifier,
  SupervisedFitOptions,
} from '../../model/classifier.js';
import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../../model/estimator.js';
import { checkOptions } from '../../util/options.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { ColumnTable } from '../../table/column-table.js';
import { growTree } from './builder.js';
import {
  describeFeatures,
  encodeColumns,
  encodeTarget,
  rowWeights,
  type TreeFeature,
} from './dataset.js';
import { nodesFromJSON, nodesToJSON, type TreeNodesJSON } from './json.js';
import {
  applyTree,
  categoryMasks,
  featureImportances,
  treeDepth,
  LEAF,
  type TreeNodes,
} from './nodes.js';
import {
  resolveLimits,
  resolveTreeParams,
  type DecisionTreeOptions,
  type DecisionTreeParams,
} from './options.js';
import { pruneTree, pruningPath, type CostComplexityPath } from './prune.js';

const TYPE = 'DecisionTreeClassifier';

/** What {@link DecisionTreeClassifier.fit} learns, as plain JSON. */
export type DecisionTreeState = {
  /** Sorted class labels: the columns of `value` and of `predictProba`. */
  readonly classes: readonly string[];
  /** The features in fit order; categorical ones with their categories. */
  readonly features: readonly TreeFeature[];
  /** The nodes as flat arrays. */
  readonly nodes: TreeNodesJSON;
};

interface Fitted {
  readonly classes: readonly string[];
  readonly features: readonly TreeFeature[];
  readonly nodes: TreeNodes;
  readonly masks: readonly (Uint8Array | null)[];
}

function fitted(
  classes: readonly string[],
  features: readonly TreeFeature[],
  nodes: TreeNodes,
): Fitted {
  const counts = features.map((f) => (f.type === 'categorical' ? f.categories.length : 0));
  return { classes, features, nodes, masks: categoryMasks(nodes, counts) };
}

/**
 * A CART classification tree (Breiman et al. 1984) with scikit-learn's semantics:
 *
 * ```ts
 * const tree = new DecisionTreeClassifier({ maxDepth: 4, minSamplesLeaf: 20 });
 * tree.fit(features, segments);            // features: ColumnTable, segments: string[]
 * tree.predict(newCustomers);              // string[]
 * toRules(tree);                           // "IF recency_days ≤ 45 AND … THEN Champions (n = 812, 94%)"
 * ```
 *
 * - Splits minimise weighted Gini impurity or entropy. Numeric features split at `x ≤ t`,
 *   `t` the midpoint of two consecutive distinct training values. Text features named in
 *   `features` are categorical: a split sends a set of categories left (see `split-search`
 *   for how the set is found); values not seen at fit go right.
 * - Stopping rules, `minImpurityDecrease`, `maxFeatures`, `classWeight`, sample weights and
 *   cost-complexity pruning (`ccpAlpha`, {@link DecisionTreeClassifier.costComplexityPruningPath})
 *   follow scikit-learn 1.2, and so do node order, impurities, `value` (weighted class counts),
 *   `predictProba` (leaf class shares) and {@link DecisionTreeClassifier.featureImportances}.
 *   When no two splits tie, the tree equals scikit-learn's.
 * - Deterministic: equally good splits go to the first feature in `features` order (to the
 *   lower threshold within a feature); scikit-learn breaks such ties at random. `seed` only
 *   drives the feature draws when `maxFeatures` is below the feature count.
 * - Missing values (NaN, null) are refused with INVALID_INPUT naming the column and row.
 * - Numbers are float64 throughout (scikit-learn rounds features to float32 first).
 */
export class DecisionTreeClassifier implements SupervisedClassifier<DecisionTreeParams> {
  readonly params: Readonly<DecisionTreeParams>;
  #fitted: Fitted | undefined;

  constructor(options: DecisionTreeOptions = {}) {
    this.params = Object.freeze(resolveTreeParams(options));
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#fitted !== undefined;
  }

  #state(): Fitted {
    return requireFitted(this.#fitted, TYPE);
  }

  /** Class labels learned at fit, sorted. */
  get classes(): readonly string[] {
    return this.#state().classes;
  }

  /** Feature columns learned at fit, in order. */
  get featureNames(): readonly string[] {
    return this.#state().features.map((f) => f.name);
  }

  /** The features with their kinds (and categories). */
  get features(): readonly TreeFeature[] {
    return this.#state().features;
  }

  /** The fitted (and pruned) tree as flat node arrays. */
  get nodes(): TreeNodes {
    return this.#state().nodes;
  }

  /** Normalised impurity decrease per feature, in `featureNames` order (sums to 1 unless a single leaf). */
  get featureImportances(): Float64Array {
    const { nodes, features } = this.#state();
    return featureImportances(nodes, features.length);
  }

  /** Depth of the deepest leaf. */
  get depth(): number {
    return treeDepth(this.#state().nodes);
  }

  /** Number of leaves. */
  get leafCount(): number {
    const { childrenLeft } = this.#state().nodes;
    return childrenLeft.reduce((count, child) => count + (child === LEAF ? 1 : 0), 0);
  }

  #grow(table: ColumnTable, target: readonly string[], options: SupervisedFitOptions | undefined) {
    const raw = checkOptions(options, ['features', 'sampleWeight', 'progress'], `${TYPE}.fit`);
    const features = describeFeatures(
      table,
      raw['features'] as readonly string[] | undefined,
      TYPE,
    );
    const { columns, rows } = encodeColumns(table, features, TYPE);
    if (rows === 0) throw new CohortlabError('NO_ROWS', `${TYPE}: no rows to fit`);
    const encoded = encodeTarget(target, rows, TYPE);
    const weights = rowWeights(
      encoded,
      raw['sampleWeight'] as ArrayLike<number> | undefined,
      this.params.classWeight,
      TYPE,
    );
    const nodes = growTree({
      y: encoded.y,
      classes: encoded.classes.length,
      weights,
      columns,
      criterion: this.params.criterion,
      limits: resolveLimits(this.params, rows, features.length),
      seed: this.params.seed,
    });
    return { classes: encoded.classes, features, nodes };
  }

  /**
   * Grows the tree on `table`'s feature columns (`options.features`, default every numeric
   * column) and `target` (one label per row), then prunes it when `ccpAlpha > 0`.
   */
  fit(table: ColumnTable, target: readonly string[], options?: SupervisedFitOptions): this {
    const { classes, features, nodes } = this.#grow(table, target, options);
    const alpha = this.params.ccpAlpha;
    this.#fitted = fitted(classes, features, alpha > 0 ? pruneTree(nodes, alpha) : nodes);
    return this;
  }

  /**
   * The minimal cost-complexity pruning path of the tree these parameters grow on this data
   * (with `ccpAlpha` ignored), like scikit-learn's `cost_complexity_pruning_path`. Leaves this
   * model as it is.
   */
  costComplexityPruningPath(
    table: ColumnTable,
    target: readonly string[],
    options?: SupervisedFitOptions,
  ): CostComplexityPath {
    return pruningPath(this.#grow(table, target, options).nodes);
  }

  /** The leaf (node index) each row of `table` ends in. */
  apply(table: ColumnTable): Int32Array {
    const { nodes, masks, features } = this.#state();
    const { columns, rows } = encodeColumns(table, features, TYPE);
    return applyTree(nodes, masks, columns, rows);
  }

  /** The most probable class of every row (ties: the first class in sorted order). */
  predict(table: ColumnTable): string[] {
    const { nodes, classes } = this.#state();
    const leaves = this.apply(table);
    const k = classes.length;
    // One argmax per leaf, not per row.
    const labelOf = new Map<number, string>();
    return Array.from(leaves, (leaf) => {
      let label = labelOf.get(leaf);
      if (label === undefined) {
        let best = 0;
        for (let c = 1; c < k; c++) {
          if ((nodes.value[leaf * k + c] as number) > (nodes.value[leaf * k + best] as number))
            best = c;
        }
        label = classes[best] as string;
        labelOf.set(leaf, label);
      }
      return label;
    });
  }

  /** Class probabilities of every row: the weighted class shares of its leaf. */
  predictProba(table: ColumnTable): ClassProbabilities {
    const { nodes, classes } = this.#state();
    const leaves = this.apply(table);
    const k = classes.length;
    const probabilities = new Float64Array(leaves.length * k);
    leaves.forEach((leaf, i) => {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += nodes.value[leaf * k + c] as number;
      const norm = sum === 0 ? 1 : sum;
      for (let c = 0; c < k; c++)
        probabilities[i * k + c] = (nodes.value[leaf * k + c] as number) / norm;
    });
    return { classes, probabilities };
  }

  /** The fitted model as plain JSON (flat node arrays). */
  toJSON(): ModelJSON<DecisionTreeParams, DecisionTreeState> {
    const { classes, features, nodes } = this.#state();
    return modelJSON(TYPE, 1, this.params, { classes, features, nodes: nodesToJSON(nodes) });
  }

  /** Restores a fitted tree from {@link DecisionTreeClassifier.toJSON} output (object or string). */
  static fromJSON(json: unknown): DecisionTreeClassifier {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    let tree: DecisionTreeClassifier;
    try {
      tree = new DecisionTreeClassifier(model.params as DecisionTreeOptions);
    } catch (cause) {
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model has invalid params`, {}, cause);
    }
    const { classes, features, nodes } = nodesFromJSON(model.state, TYPE);
    tree.#fitted = fitted(classes, features, nodes);
    return tree;
  }
}

/**
 * Explaining clusters with rules: a shallow decision tree fitted to the cluster labels (a
 * "surrogate" of the clustering), its leaves read as rules per cluster, and its fidelity — how
 * often the surrogate's cluster agrees with the real one. High fidelity means the rules are a
 * faithful description of the clusters; low fidelity means the clusters are not
 * axis-aligned boxes of these features at this depth.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { checkOptions } from '../util/options.js';
import { rowCount, type ColumnTable } from '../table/column-table.js';
import { DecisionTreeClassifier } from './tree/decision-tree.js';
import type { TreeCriterion } from './tree/options.js';
import { toRules, type TreeRule } from './tree/rules.js';

/** Options of {@link surrogateRules}. */
export interface SurrogateOptions {
  /** Feature columns (default every numeric column; text columns only when named). */
  readonly features?: readonly string[];
  /** Depth of the surrogate tree (default 3: at most 8 rules, each of at most 3 conditions). */
  readonly maxDepth?: number;
  /** Fewest rows per leaf (default 1). */
  readonly minSamplesLeaf?: number;
  /** Split criterion (default 'gini'). */
  readonly criterion?: TreeCriterion;
  /** Tree seed (default 0; matters only with feature subsampling, which is off). */
  readonly seed?: number;
}

/** A leaf rule with how well it describes its cluster on the data. */
export interface SurrogateRule extends TreeRule {
  /** Rows of the data in this leaf. */
  readonly rows: number;
  /** Of those, rows in the leaf's cluster. */
  readonly hits: number;
  /** Share of the cluster's rows this rule covers (hits / cluster size). */
  readonly coverage: number;
  /** Share of the rule's rows in the cluster (hits / rows). */
  readonly precision: number;
}

/** The rules of one cluster. */
export interface SurrogateCluster {
  readonly cluster: string;
  /** Rows with this cluster label. */
  readonly size: number;
  /** The leaves predicting this cluster (none when the surrogate never predicts it). */
  readonly rules: readonly SurrogateRule[];
  /** Share of the cluster's rows covered by its rules — its fidelity. */
  readonly coverage: number;
  /** Share of the rows covered by its rules that belong to it (0 when no rules). */
  readonly precision: number;
}

/** What {@link surrogateRules} returns. */
export interface SurrogateResult {
  /** The fitted surrogate tree (use `toRules` / `toSqlCase` on it as on any tree). */
  readonly tree: DecisionTreeClassifier;
  /** Per cluster, in label order (numeric order for numeric labels). */
  readonly clusters: readonly SurrogateCluster[];
  /** Share of all rows where the surrogate predicts the row's cluster. */
  readonly fidelity: number;
  /** Per cluster: share of its rows where the surrogate agrees (= its `coverage`). */
  readonly fidelityByCluster: Readonly<Record<string, number>>;
  /** The surrogate's cluster for every row. */
  readonly predictions: readonly string[];
}

function labelsOf(clusterLabels: readonly (string | number)[], n: number): string[] {
  if (!Array.isArray(clusterLabels) || clusterLabels.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `surrogateRules: expected ${n} cluster labels, one per row`,
    );
  }
  return clusterLabels.map((label, i) => {
    if (typeof label === 'string') return label;
    if (typeof label === 'number' && Number.isFinite(label)) return String(label);
    throw new CohortlabError(
      'INVALID_INPUT',
      `surrogateRules: cluster labels must be strings or finite numbers, found ${String(label)}`,
      { row: i + 1 },
    );
  });
}

/**
 * Fits a shallow tree (default depth 3) that predicts `clusterLabels` (strings or integers,
 * one per row of `table`) from the feature columns, and reports its rules per cluster with
 * coverage and precision, and its fidelity overall and per cluster — all measured on `table`.
 */
export function surrogateRules(
  table: ColumnTable,
  clusterLabels: readonly (string | number)[],
  options: SurrogateOptions = {},
): SurrogateResult {
  const raw = checkOptions(
    options,
    ['features', 'maxDepth', 'minSamplesLeaf', 'criterion', 'seed'],
    'surrogateRules',
  );
  const n = rowCount(table);
  const labels = labelsOf(clusterLabels, n);
  const tree = new DecisionTreeClassifier({
    maxDepth: (raw['maxDepth'] as number | undefined) ?? 3,
    minSamplesLeaf: (raw['minSamplesLeaf'] as number | undefined) ?? 1,
    criterion: (raw['criterion'] as TreeCriterion | undefined) ?? 'gini',
    seed: (raw['seed'] as number | undefined) ?? 0,
  });
  const features = raw['features'] as readonly string[] | undefined;
  tree.fit(table, labels, features === undefined ? {} : { features });
  const leaves = tree.apply(table);
  const predictions = tree.predict(table);
  const size = new Map<string, number>();
  const leafRows = new Map<number, number>();
  const leafHits = new Map<number, number>();
  let agree = 0;
  // Each rule says what it concludes: "… THEN cluster 'lapsed customers' (n = …)".
  const rules = toRules(tree).map((r) => ({ ...r, text: clusterRuleText(r) }));
  const leafLabel = new Map(rules.map((r) => [r.leaf, r.label]));
  for (let i = 0; i < n; i++) {
    const label = labels[i] as string;
    const leaf = leaves[i] as number;
    size.set(label, (size.get(label) ?? 0) + 1);
    leafRows.set(leaf, (leafRows.get(leaf) ?? 0) + 1);
    if (leafLabel.get(leaf) === label) {
      leafHits.set(leaf, (leafHits.get(leaf) ?? 0) + 1);
      agree++;
    }
  }
  const numeric = clusterLabels.every((l) => typeof l === 'number');
  const names = [...size.keys()].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const clusters = names.map((cluster): SurrogateCluster => {
    const count = size.get(cluster) as number;
    const own = rules
      .filter((r) => r.label === cluster)
      .map((r): SurrogateRule => {
        const rows = leafRows.get(r.leaf) ?? 0;
        const hits = leafHits.get(r.leaf) ?? 0;
        return { ...r, rows, hits, coverage: hits / count, precision: rows > 0 ? hits / rows : 0 };
      });
    const hits = own.reduce((s, r) => s + r.hits, 0);
    const rows = own.reduce((s, r) => s + r.rows, 0);
    return {
      cluster,
      size: count,
      rules: own,
      coverage: hits / count,
      precision: rows > 0 ? hits / rows : 0,
    };
  });
  return {
    tree,
    clusters,
    fidelity: n > 0 ? agree / n : 0,
    fidelityByCluster: Object.fromEntries(clusters.map((c) => [c.cluster, c.coverage])),
    predictions,
  };
}

/** A rule's text with its conclusion read as a cluster: `THEN cluster 'name' (n = …)`. */
function clusterRuleText(rule: TreeRule): string {
  const at = rule.text.lastIndexOf(` THEN ${rule.label} (`);
  if (at < 0) return rule.text;
  const tail = rule.text.slice(at + ` THEN ${rule.label}`.length);
  return `${rule.text.slice(0, at)} THEN cluster '${rule.label}'${tail}`;
}

/**
 * A fitted tree as readable rules, one per leaf:
 *
 *     IF recency_days ≤ 45 AND frequency > 3 THEN Champions (n = 812, 94%)
 *
 * Conditions on the same feature along a path are merged (`x ≤ 45 AND x ≤ 30` → `x ≤ 30`;
 * `x > 3 … x ≤ 45` stays a range; category sets are intersected). Each rule also comes as a
 * rule-language condition (`when`, `expr`: see `classes/rules`), so a tree's leaves can become
 * a `RuleClassifier` that predicts exactly what the tree predicts.
 *
 * @module
 */
import { formatColumnName, formatRuleExpression, type RuleExpr } from '../../classes/rules/ast.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { DecisionTreeClassifier } from './decision-tree.js';
import type { TreeFeature } from './dataset.js';
import { LEAF } from './nodes.js';

/** One merged condition of a rule. */
export type TreeCondition =
  | {
      readonly kind: 'numeric';
      readonly feature: string;
      readonly op: '<=' | '>';
      readonly value: number;
    }
  | {
      readonly kind: 'categorical';
      readonly feature: string;
      readonly op: 'in' | 'not in';
      readonly values: readonly string[];
    };

/** The rule of one leaf. */
export interface TreeRule {
  /** Node index of the leaf. */
  readonly leaf: number;
  /** The class the leaf predicts. */
  readonly label: string;
  /** Merged conditions in order of the features' first test on the path (empty for a lone root). */
  readonly conditions: readonly TreeCondition[];
  /** Training rows in the leaf. */
  readonly samples: number;
  /** The predicted class's share of the leaf (weighted, as `predictProba` reports it). */
  readonly probability: number;
  /** The conditions as a rule-language syntax tree (`1 = 1` when there are none). */
  readonly expr: RuleExpr;
  /** `expr` as rule-language text, e.g. `recency_days <= 45 and frequency > 3`. */
  readonly when: string;
  /** The readable rule: `IF … THEN label (n = samples, probability%)`. */
  readonly text: string;
}

/** Options of {@link toRules}. */
export interface TreeRulesOptions {
  /**
   * Significant digits of thresholds in `text` (default 12: hides binary noise such as
   * 111.71000000000001 → 111.71, which midpoints of two-decimal money produce; 17 shows the
   * exact double). `conditions`, `expr` and `when` always keep exact thresholds.
   */
  readonly precision?: number;
}

interface Bounds {
  feature: number;
  lower: number; // x > lower
  upper: number; // x ≤ upper
  allowed: Set<number> | null; // categories that passed every "in" test, null: no such test
  excluded: Set<number>;
}

/** Merged conditions of every leaf, in pre-order (the order of the leaves in the node arrays). */
export function leafConditions(
  tree: DecisionTreeClassifier,
): { leaf: number; conditions: TreeCondition[] }[] {
  const { nodes, features } = tree;
  const out: { leaf: number; conditions: TreeCondition[] }[] = [];
  const walk = (node: number, path: readonly Bounds[]): void => {
    const left = nodes.childrenLeft[node] as number;
    if (left === LEAF) {
      out.push({ leaf: node, conditions: path.flatMap((b) => conditionsOf(b, features)) });
      return;
    }
    const f = nodes.feature[node] as number;
    const index = path.findIndex((b) => b.feature === f);
    const current: Bounds =
      index >= 0
        ? (path[index] as Bounds)
        : {
            feature: f,
            lower: Number.NEGATIVE_INFINITY,
            upper: Number.POSITIVE_INFINITY,
            allowed: null,
            excluded: new Set(),
          };
    const replace = (next: Bounds): Bounds[] =>
      index >= 0 ? path.map((b, i) => (i === index ? next : b)) : [...path, next];
    const categories = nodes.categoriesLeft[node] ?? null;
    if (categories === null) {
      const t = nodes.threshold[node] as number;
      walk(left, replace({ ...current, upper: Math.min(current.upper, t) }));
      walk(
        nodes.childrenRight[node] as number,
        replace({ ...current, lower: Math.max(current.lower, t) }),
      );
    } else {
      const inSet = new Set(categories);
      const allowed =
        current.allowed === null
          ? inSet
          : new Set([...current.allowed].filter((c) => inSet.has(c)));
      walk(left, replace({ ...current, allowed }));
      const excluded = new Set([...current.excluded, ...categories]);
      walk(nodes.childrenRight[node] as number, replace({ ...current, excluded }));
    }
  };
  walk(0, []);
  return out;
}

function conditionsOf(b: Bounds, features: readonly TreeFeature[]): TreeCondition[] {
  const feature = features[b.feature] as TreeFeature;
  const name = feature.name;
  if (feature.type === 'categorical') {
    const label = (c: number): string => feature.categories[c] as string;
    if (b.allowed !== null) {
      const values = [...b.allowed].filter((c) => !b.excluded.has(c)).sort((x, y) => x - y);
      return [{ kind: 'categorical', feature: name, op: 'in', values: values.map(label) }];
    }
    const values = [...b.excluded].sort((x, y) => x - y).map(label);
    return [{ kind: 'categorical', feature: name, op: 'not in', values }];
  }
  const out: TreeCondition[] = [];
  if (b.lower > Number.NEGATIVE_INFINITY)
    out.push({ kind: 'numeric', feature: name, op: '>', value: b.lower });
  if (b.upper < Number.POSITIVE_INFINITY)
    out.push({ kind: 'numeric', feature: name, op: '<=', value: b.upper });
  return out;
}

/** One condition as a rule-language syntax tree. */
export function conditionExpr(c: TreeCondition): RuleExpr {
  const column = { kind: 'column', name: c.feature } as const;
  if (c.kind === 'categorical') {
    return {
      kind: 'in',
      operand: column,
      values: c.values.map((value) => ({ kind: 'string', value }) as const),
      negated: c.op === 'not in',
    };
  }
  return { kind: 'compare', op: c.op, left: column, right: { kind: 'number', value: c.value } };
}

function conditionsExpr(conditions: readonly TreeCondition[]): RuleExpr {
  if (conditions.length === 0) {
    // The rule language has no boolean literal; this is always true.
    const one = { kind: 'number', value: 1 } as const;
    return { kind: 'compare', op: '=', left: one, right: one };
  }
  const args = conditions.map(conditionExpr);
  return args.length === 1 ? (args[0] as RuleExpr) : { kind: 'and', args };
}

const DEFAULT_TEXT_PRECISION = 12;

function conditionText(c: TreeCondition, precision: number | undefined): string {
  const name = formatColumnName(c.feature);
  if (c.kind === 'categorical') {
    const list = c.values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
    return `${name} ${c.op} (${list})`;
  }
  const value = String(Number(c.value.toPrecision(precision ?? DEFAULT_TEXT_PRECISION)));
  return `${name} ${c.op === '<=' ? '≤' : '>'} ${value}`;
}

/**
 * One rule per leaf, in the order of the node arrays (left branches first). Every training row
 * satisfies exactly one rule; so does every row without missing values.
 */
export function toRules(tree: DecisionTreeClassifier, options: TreeRulesOptions = {}): TreeRule[] {
  const { precision } = options;
  if (
    precision !== undefined &&
    (!Number.isInteger(precision) || precision < 1 || precision > 21)
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'toRules: precision must be an integer from 1 to 21',
    );
  }
  const { nodes, classes } = tree;
  const k = classes.length;
  return leafConditions(tree).map(({ leaf, conditions }) => {
    let best = 0;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = nodes.value[leaf * k + c] as number;
      sum += v;
      if (v > (nodes.value[leaf * k + best] as number)) best = c;
    }
    const label = classes[best] as string;
    const probability = sum > 0 ? (nodes.value[leaf * k + best] as number) / sum : 0;
    const samples = nodes.nNodeSamples[leaf] as number;
    const expr = conditionsExpr(conditions);
    const test =
      conditions.length === 0
        ? 'TRUE'
        : conditions.map((c) => conditionText(c, precision)).join(' AND ');
    return {
      leaf,
      label,
      conditions,
      samples,
      probability,
      expr,
      when: formatRuleExpression(expr),
      text: `IF ${test} THEN ${label} (n = ${samples}, ${Math.round(probability * 100)}%)`,
    };
  });
}

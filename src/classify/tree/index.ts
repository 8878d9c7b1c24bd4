/**
 * CART decision trees: {@link DecisionTreeClassifier}, its export as readable rules
 * ({@link toRules}) and as a SQL `CASE` expression ({@link toSqlCase}).
 *
 * @module
 */
export { DecisionTreeClassifier, type DecisionTreeState } from './decision-tree.js';
export type { TreeFeature } from './dataset.js';
export type { TreeNodesJSON } from './json.js';
export { LEAF, type TreeNodes } from './nodes.js';
export type {
  ClassWeight,
  DecisionTreeOptions,
  DecisionTreeParams,
  MaxFeatures,
  TreeCriterion,
} from './options.js';
export type { CostComplexityPath } from './prune.js';
export { toRules, type TreeCondition, type TreeRule, type TreeRulesOptions } from './rules.js';
export { duckdbDialect, toSqlCase, type SqlCaseOptions, type SqlDialect } from './sql.js';

/**
 * Predefined classes: business-rule schemes that put every customer in exactly one class —
 * RFM segments, ABC value tiers, lifecycle stages and user-defined rules — plus per-class
 * summaries.
 *
 * @module
 */
export {
  RfmScorer,
  RFM_OUTPUT_COLUMNS,
  type RfmScorerOptions,
  type RfmScorerParams,
  type RfmScorerState,
} from './rfm-scorer.js';
export {
  decodeEdges,
  encodeEdges,
  fmScore,
  rfmCell,
  scoreColumn,
  scoreEdges,
  scoreValue,
  type ScoreDirection,
} from './rfm-scores.js';
export {
  DEFAULT_RFM_SEGMENTS,
  NO_PURCHASES_SEGMENT,
  segmentAt,
  segmentGrid,
  segmentNames,
  type RfmSegmentRule,
} from './rfm-segments.js';
export {
  ValueTiers,
  DEFAULT_VALUE_TIER_CUTS,
  type ValueTierMethod,
  type ValueTiersOptions,
  type ValueTiersParams,
  type ValueTiersState,
} from './value-tiers.js';
export {
  Lifecycle,
  LIFECYCLE_CLASSES,
  LIFECYCLE_QUANTILES,
  type LifecycleOptions,
  type LifecycleParams,
  type LifecycleStage,
  type LifecycleState,
} from './lifecycle.js';
export {
  RULE_KEYWORDS,
  formatColumnName,
  formatRuleExpression,
  referencedColumns,
  type AndExpr,
  type ColumnOperand,
  type CompareExpr,
  type ComparisonOperator,
  type InExpr,
  type IsNullExpr,
  type NotExpr,
  type NumberLiteral,
  type OrExpr,
  type RuleExpr,
  type RuleLiteral,
  type RuleOperand,
  type StringLiteral,
} from './rules/ast.js';
export {
  RuleSyntaxError,
  tokenizeRule,
  type RuleKeyword,
  type RuleToken,
} from './rules/tokenizer.js';
export { parseRuleExpression } from './rules/parser.js';
export {
  checkRuleExpression,
  compileRuleExpression,
  type RuleValueType,
  type Truth,
} from './rules/evaluate.js';
export {
  RuleClassifier,
  ruleSetFromJSON,
  type ParsedRule,
  type RuleClassifierOptions,
  type RuleClassifierParams,
  type RuleClassifierState,
  type RuleSpec,
} from './rules/rule-classifier.js';
export {
  classSummary,
  formatClassSummary,
  type ClassSummaryOptions,
  type ClassSummaryRow,
  type FormatClassSummaryOptions,
} from './summary.js';

/**
 * Rule conditions (the syntax tree of `classes/rules/ast`) as SQL, and a
 * {@link RuleClassifier} as a `CASE` expression.
 *
 * @module
 */
import type { RuleExpr, RuleOperand } from '../classes/rules/ast.js';
import type { RuleClassifier } from '../classes/rules/rule-classifier.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { SqlDialect } from './dialect.js';

/** Options of {@link ruleConditionSql} and {@link classRulesSql}. */
export interface RuleSqlOptions {
  /** Columns the rules may name; others are UNKNOWN_FEATURE. Default: any. */
  readonly columns?: readonly string[];
}

function operandSql(operand: RuleOperand, dialect: SqlDialect, options: RuleSqlOptions): string {
  switch (operand.kind) {
    case 'column':
      if (options.columns !== undefined && !options.columns.includes(operand.name)) {
        throw new CohortlabError(
          'UNKNOWN_FEATURE',
          `a rule names a column the query does not have; available: ${options.columns.join(', ')}`,
          { column: operand.name },
        );
      }
      return dialect.quoteIdentifier(operand.name);
    case 'number':
      return dialect.numberLiteral(operand.value);
    case 'string':
      return dialect.stringLiteral(operand.value);
  }
}

const SQL_OPERATOR = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '=', '!=': '<>' } as const;

/** SQL with three-valued logic: the condition as written (NULL where the rule is unknown). */
function direct(expr: RuleExpr, d: SqlDialect, o: RuleSqlOptions): string {
  switch (expr.kind) {
    case 'compare':
      return `${operandSql(expr.left, d, o)} ${SQL_OPERATOR[expr.op]} ${operandSql(expr.right, d, o)}`;
    case 'in':
      return `${operandSql(expr.operand, d, o)} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.values.map((v) => operandSql(v, d, o)).join(', ')})`;
    case 'isNull':
      return `${operandSql(expr.operand, d, o)} IS ${expr.negated ? 'NOT NULL' : 'NULL'}`;
    case 'not':
      return `NOT (${direct(expr.arg, d, o)})`;
    case 'and':
    case 'or':
      return expr.args
        .map((a) => `(${direct(a, d, o)})`)
        .join(expr.kind === 'and' ? ' AND ' : ' OR ');
  }
}

/** Operands of a comparison or `in` that can be NULL (the columns). */
function nullableOperands(expr: RuleExpr, d: SqlDialect, o: RuleSqlOptions): string[] {
  const operands =
    expr.kind === 'compare' ? [expr.left, expr.right] : expr.kind === 'in' ? [expr.operand] : [];
  return operands.filter((x) => x.kind === 'column').map((x) => operandSql(x, d, o));
}

/**
 * Two-valued rendering for databases whose NULL propagation is not SQL's: `truth(e, true)` is
 * a never-NULL condition that holds exactly when `e` is TRUE, `truth(e, false)` exactly when
 * it is FALSE (unknown is neither).
 */
function truth(expr: RuleExpr, wanted: boolean, d: SqlDialect, o: RuleSqlOptions): string {
  switch (expr.kind) {
    case 'compare':
    case 'in': {
      const known = nullableOperands(expr, d, o).map((x) => `${x} IS NOT NULL`);
      const test = direct(expr, d, o);
      return [...known, wanted ? `(${test})` : `NOT (${test})`].join(' AND ');
    }
    case 'isNull': {
      const isNull = expr.negated !== wanted;
      return `${operandSql(expr.operand, d, o)} IS ${isNull ? 'NULL' : 'NOT NULL'}`;
    }
    case 'not':
      return truth(expr.arg, !wanted, d, o);
    case 'and':
    case 'or': {
      // TRUE and: all TRUE; FALSE and: any FALSE; dually for or.
      const all = (expr.kind === 'and') === wanted;
      return expr.args.map((a) => `(${truth(a, wanted, d, o)})`).join(all ? ' AND ' : ' OR ');
    }
  }
}

/**
 * A rule condition as a SQL boolean that is TRUE exactly where the rule matches in-process
 * (SQL three-valued logic: a comparison with a missing value is unknown and does not match).
 * Dialects without SQL's NULL logic get explicit NULL guards (see `SqlDialect.ternaryLogic`).
 */
export function ruleConditionSql(
  expr: RuleExpr,
  dialect: SqlDialect,
  options: RuleSqlOptions = {},
): string {
  return dialect.ternaryLogic
    ? direct(expr, dialect, options)
    : truth(expr, true, dialect, options);
}

/**
 * A fitted {@link RuleClassifier} as `CASE WHEN <rule 1> THEN 'name 1' … ELSE 'default' END`
 * over the columns it names (first matching rule wins, as `predict`).
 */
export function classRulesSql(
  rules: RuleClassifier,
  dialect: SqlDialect,
  options: RuleSqlOptions = {},
): string {
  if (!rules.isFitted) {
    throw new CohortlabError('NOT_FITTED', 'RuleClassifier is not fitted: call fit() first');
  }
  const whens = rules.parsedRules.map(
    (rule) =>
      `  WHEN ${ruleConditionSql(rule.expr, dialect, options)} THEN ${dialect.stringLiteral(rule.name)}`,
  );
  return `CASE\n${whens.join('\n')}\n  ELSE ${dialect.stringLiteral(rules.params.defaultClass)}\nEND`;
}

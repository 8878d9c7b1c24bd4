/**
 * The syntax tree of rule conditions, as plain JSON: what {@link parseRuleExpression} produces
 * and what evaluators and SQL generators consume.
 *
 * @module
 */

/** A column reference. */
export interface ColumnOperand {
  readonly kind: 'column';
  readonly name: string;
}

/** A number literal (finite). */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}

/** A string literal (for text columns). */
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}

/** A literal value. */
export type RuleLiteral = NumberLiteral | StringLiteral;

/** Either side of a comparison. */
export type RuleOperand = ColumnOperand | RuleLiteral;

/** Comparison operators; `==` parses as `=` and `<>` as `!=`. */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** `left op right`. */
export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: ComparisonOperator;
  readonly left: RuleOperand;
  readonly right: RuleOperand;
}

/** `operand in (v1, v2, …)`, or `not in` when `negated`. */
export interface InExpr {
  readonly kind: 'in';
  readonly operand: RuleOperand;
  readonly values: readonly RuleLiteral[];
  readonly negated: boolean;
}

/** `operand is null`, or `is not null` when `negated`. */
export interface IsNullExpr {
  readonly kind: 'isNull';
  readonly operand: RuleOperand;
  readonly negated: boolean;
}

/** Conjunction of two or more conditions. */
export interface AndExpr {
  readonly kind: 'and';
  readonly args: readonly RuleExpr[];
}

/** Disjunction of two or more conditions. */
export interface OrExpr {
  readonly kind: 'or';
  readonly args: readonly RuleExpr[];
}

/** Negation. */
export interface NotExpr {
  readonly kind: 'not';
  readonly arg: RuleExpr;
}

/** A rule condition. */
export type RuleExpr = CompareExpr | InExpr | IsNullExpr | AndExpr | OrExpr | NotExpr;

/** Words that cannot be bare column names (case-insensitive); backquote such names. */
export const RULE_KEYWORDS: readonly string[] = ['and', 'or', 'not', 'in', 'is', 'null'];

/** The operands an expression reads, in order (literals included). */
function operandsOf(expr: RuleExpr): RuleOperand[] {
  switch (expr.kind) {
    case 'compare':
      return [expr.left, expr.right];
    case 'in':
      return [expr.operand];
    case 'isNull':
      return [expr.operand];
    case 'not':
      return operandsOf(expr.arg);
    case 'and':
    case 'or':
      return expr.args.flatMap(operandsOf);
  }
}

/** Distinct column names referenced by `expr`, in order of first appearance. */
export function referencedColumns(expr: RuleExpr): string[] {
  const names = operandsOf(expr).flatMap((o) => (o.kind === 'column' ? [o.name] : []));
  return [...new Set(names)];
}

/** A column name as rule text: bare when it is a plain identifier, else backquoted. */
export function formatColumnName(name: string): string {
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RULE_KEYWORDS.includes(name.toLowerCase());
  return bare ? name : '`' + name.replaceAll('`', '``') + '`';
}

function formatOperand(operand: RuleOperand): string {
  switch (operand.kind) {
    case 'column':
      return formatColumnName(operand.name);
    case 'number':
      return String(operand.value);
    case 'string':
      return `'${operand.value.replaceAll("'", "''")}'`;
  }
}

function formatChild(expr: RuleExpr): string {
  return expr.kind === 'and' || expr.kind === 'or'
    ? `(${formatRuleExpression(expr)})`
    : formatRuleExpression(expr);
}

/**
 * Canonical rule text for `expr`; parsing it gives back an equal tree. Nested `and`/`or`
 * and the argument of `not` are parenthesised.
 */
export function formatRuleExpression(expr: RuleExpr): string {
  switch (expr.kind) {
    case 'compare':
      return `${formatOperand(expr.left)} ${expr.op} ${formatOperand(expr.right)}`;
    case 'in':
      return `${formatOperand(expr.operand)} ${expr.negated ? 'not in' : 'in'} (${expr.values.map(formatOperand).join(', ')})`;
    case 'isNull':
      return `${formatOperand(expr.operand)} is ${expr.negated ? 'not null' : 'null'}`;
    case 'not':
      return `not (${formatRuleExpression(expr.arg)})`;
    case 'and':
    case 'or':
      return expr.args.map(formatChild).join(` ${expr.kind} `);
  }
}

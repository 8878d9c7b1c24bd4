/**
 * Type checking and evaluation of rule conditions over a feature table, with SQL's
 * three-valued logic.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { columnNames, isNumericColumn, type ColumnTable } from '../../table/column-table.js';
import type { ComparisonOperator, RuleExpr, RuleOperand } from './ast.js';
import { own } from '../../util/own.js';

/** The value type of an operand: numeric columns and number literals, or text. */
export type RuleValueType = 'number' | 'text';

/** SQL truth value: true, false, or unknown (`null`). */
export type Truth = boolean | null;

function operandType(operand: RuleOperand, table: ColumnTable, rule: string): RuleValueType {
  if (operand.kind === 'number') return 'number';
  if (operand.kind === 'string') return 'text';
  const column = own(table, operand.name);
  if (column === undefined) {
    throw new CohortlabError(
      'UNKNOWN_FEATURE',
      `rule "${rule}" refers to an unknown column; available: ${columnNames(table).join(', ')}`,
      { column: operand.name },
    );
  }
  return isNumericColumn(column) ? 'number' : 'text';
}

function describe(operand: RuleOperand, type: RuleValueType): string {
  return operand.kind === 'column' ? `${type} column "${operand.name}"` : `a ${type}`;
}

function mismatch(rule: string, detail: string, a: RuleOperand, b?: RuleOperand): CohortlabError {
  const column = a.kind === 'column' ? a.name : b?.kind === 'column' ? b.name : undefined;
  return new CohortlabError(
    'INVALID_RULE',
    `rule "${rule}": ${detail}`,
    column === undefined ? {} : { column },
  );
}

/**
 * Checks that every column `expr` names exists in `table` (UNKNOWN_FEATURE naming the rule
 * and the column) and that types match (INVALID_RULE): both sides of a comparison and every
 * `in` value have the same type, and text is compared only with `=`, `!=` and `in`.
 */
export function checkRuleExpression(expr: RuleExpr, table: ColumnTable, rule: string): void {
  switch (expr.kind) {
    case 'compare': {
      const left = operandType(expr.left, table, rule);
      const right = operandType(expr.right, table, rule);
      if (left !== right) {
        const detail = `cannot compare ${describe(expr.left, left)} with ${describe(expr.right, right)}`;
        throw mismatch(rule, detail, expr.left, expr.right);
      }
      if (left === 'text' && expr.op !== '=' && expr.op !== '!=') {
        throw mismatch(
          rule,
          `text supports only =, != and in, not ${expr.op}`,
          expr.left,
          expr.right,
        );
      }
      return;
    }
    case 'in': {
      const type = operandType(expr.operand, table, rule);
      for (const value of expr.values) {
        const valueType = operandType(value, table, rule);
        if (valueType !== type) {
          const detail = `"in" list of ${describe(expr.operand, type)} contains ${describe(value, valueType)}`;
          throw mismatch(rule, detail, expr.operand);
        }
      }
      return;
    }
    case 'isNull':
      operandType(expr.operand, table, rule);
      return;
    case 'not':
      checkRuleExpression(expr.arg, table, rule);
      return;
    case 'and':
    case 'or':
      for (const arg of expr.args) checkRuleExpression(arg, table, rule);
      return;
  }
}

type Getter = (row: number) => number | string | null;

function getter(operand: RuleOperand, table: ColumnTable): Getter {
  if (operand.kind !== 'column') {
    const value = operand.value;
    return () => value;
  }
  const column = own(table, operand.name);
  if (column === undefined) return () => null;
  if (isNumericColumn(column)) {
    return (row) => {
      const v = column[row] as number;
      return Number.isNaN(v) ? null : v;
    };
  }
  return (row) => column[row] ?? null;
}

function compare(op: ComparisonOperator, a: number | string, b: number | string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/**
 * Compiles a checked expression (see {@link checkRuleExpression}) against `table` into a
 * function of the row index returning its SQL truth value:
 *
 * - a comparison or `in` with a missing operand (NaN or null) is unknown;
 * - `is null` is true for NaN / null, `is not null` the opposite — never unknown;
 * - `not` unknown is unknown; `and` is false if any part is false, else unknown if any is
 *   unknown; `or` is true if any part is true, else unknown if any is unknown.
 *
 * A rule matches a row only when its condition is `true`, so `not (recency_days > 90)` does
 * not match a customer with a missing recency — exactly as in SQL.
 */
export function compileRuleExpression(expr: RuleExpr, table: ColumnTable): (row: number) => Truth {
  switch (expr.kind) {
    case 'compare': {
      const { op } = expr;
      const left = getter(expr.left, table);
      const right = getter(expr.right, table);
      return (row) => {
        const a = left(row);
        const b = right(row);
        return a === null || b === null ? null : compare(op, a, b);
      };
    }
    case 'in': {
      const get = getter(expr.operand, table);
      const values = new Set<number | string>(expr.values.map((v) => v.value));
      const negated = expr.negated;
      return (row) => {
        const v = get(row);
        return v === null ? null : values.has(v) !== negated;
      };
    }
    case 'isNull': {
      const get = getter(expr.operand, table);
      const negated = expr.negated;
      return (row) => (get(row) === null) !== negated;
    }
    case 'not': {
      const arg = compileRuleExpression(expr.arg, table);
      return (row) => {
        const v = arg(row);
        return v === null ? null : !v;
      };
    }
    case 'and':
    case 'or': {
      const args = expr.args.map((arg) => compileRuleExpression(arg, table));
      // `and` stops at false, `or` at true; otherwise unknown wins over the neutral value.
      const decisive = expr.kind === 'or';
      return (row) => {
        let unknown = false;
        for (const arg of args) {
          const v = arg(row);
          if (v === decisive) return decisive;
          if (v === null) unknown = true;
        }
        return unknown ? null : !decisive;
      };
    }
  }
}

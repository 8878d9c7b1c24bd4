import { referencedColumns } from '../classes/rules/ast.js';
import { checkRuleExpression, compileRuleExpression } from '../classes/rules/evaluate.js';
import { parseRuleExpression } from '../classes/rules/parser.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { columnNames, rowCount, type ColumnTable } from '../table/column-table.js';
import { own } from '../util/own.js';

/**
 * The rows of `table` for which a condition in the rule language holds, in table order —
 * e.g. `lifecycle = "at-risk" and cluster = 3`, `value_tier in ('A', 'B')`,
 * `monetary >= 500 or rfm_segment = 'Champions'`.
 *
 * The language is the one of custom class rules (comparisons, `and`, `or`, `not`,
 * parentheses, `in (…)`, `is [not] null`; strings in single or double quotes), so any
 * column of the labelled table can be used, text or number. Missing values follow SQL: a
 * comparison with a missing value is unknown and the row is not selected.
 *
 * `label` names the condition in error messages (default "where"): INVALID_RULE with the
 * character position for a syntax error, UNKNOWN_FEATURE naming an unknown column and the
 * available ones, INVALID_RULE for a type mismatch (text compared with `<`, say).
 */
export function filterRows(table: ColumnTable, where: string, label = 'where'): Int32Array {
  const expr = parseRuleExpression(where, label);
  for (const name of referencedColumns(expr)) {
    if (own(table, name) === undefined) {
      throw new CohortlabError(
        'UNKNOWN_FEATURE',
        `${label} refers to an unknown column; available: ${columnNames(table).join(', ')}`,
        { column: name },
      );
    }
  }
  checkRuleExpression(expr, table, label);
  const test = compileRuleExpression(expr, table);
  const n = rowCount(table);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (test(i) === true) rows.push(i);
  return Int32Array.from(rows);
}

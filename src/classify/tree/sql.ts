/**
 * A fitted tree as a SQL `CASE` expression that returns the predicted class, to score
 * customers inside the database:
 *
 * ```sql
 * SELECT customer_id, CASE
 *   WHEN "recency_days" <= 45 AND "frequency" > 3 THEN 'Champions'
 *   …
 * END AS segment FROM customers
 * ```
 *
 * One `WHEN` per leaf with the leaf's merged path conditions (see `rules`), so the expression
 * reads like the rules. A row with a NULL in a tested column matches no `WHEN` and gets NULL
 * (the tree itself refuses missing values). Categories not seen at fit take the `NOT IN` side,
 * as in `predict`.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { duckdbDialect } from '../../sql/dialects/duckdb.js';
import { printableText } from '../../sql/safe-text.js';
import type { SqlLiteralDialect } from '../../sql/dialect.js';
import type { DecisionTreeClassifier } from './decision-tree.js';
import { toRules, type TreeCondition } from './rules.js';

// The dialects live in `sql/`, which generalises them to whole scoring queries; re-exported
// here because trees were the first to need them.
export { duckdbDialect } from '../../sql/dialects/duckdb.js';
export type { SqlDialect } from '../../sql/dialect.js';

/** Options of {@link toSqlCase}. */
export interface SqlCaseOptions {
  /**
   * Quote column names (default true); false writes them as they are, which only plain
   * identifiers may be (INVALID_INPUT for any other name).
   */
  readonly quoteIdentifiers?: boolean;
  /** Literal and identifier syntax (default {@link duckdbDialect}). */
  readonly dialect?: SqlLiteralDialect;
  /** Indentation of the `WHEN` lines (default two spaces); `''` with `newline: false` for one line. */
  readonly indent?: string;
  /** Put each `WHEN` on its own line (default true). */
  readonly newline?: boolean;
}

function conditionSql(c: TreeCondition, column: string, dialect: SqlLiteralDialect): string {
  if (c.kind === 'categorical') {
    const list = c.values.map((v) => dialect.stringLiteral(v)).join(', ');
    return `${column} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${list})`;
  }
  return `${column} ${c.op} ${dialect.numberLiteral(c.value)}`;
}

/**
 * A name written without quotes: only a plain identifier (letters, digits, `_`), so that an
 * unquoted name can never carry SQL; INVALID_INPUT otherwise (quote it instead).
 */
function bare(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `the feature "${printableText(name)}" is not a plain identifier: it cannot be written without quotes (leave quoteIdentifiers on)`,
      { column: printableText(name) },
    );
  }
  return name;
}

/** The tree as `CASE WHEN … THEN 'class' … END`, one `WHEN` per leaf. */
export function toSqlCase(tree: DecisionTreeClassifier, options: SqlCaseOptions = {}): string {
  const dialect = options.dialect ?? duckdbDialect;
  const quote = options.quoteIdentifiers ?? true;
  const newline = options.newline ?? true;
  const indent = options.indent ?? '  ';
  const whens = toRules(tree).map(({ label, conditions }) => {
    const test =
      conditions.length === 0
        ? 'TRUE'
        : conditions
            .map((c) =>
              conditionSql(
                c,
                quote ? dialect.quoteIdentifier(c.feature) : bare(c.feature),
                dialect,
              ),
            )
            .join(' AND ');
    return `WHEN ${test} THEN ${dialect.stringLiteral(label)}`;
  });
  const separator = newline ? `\n${indent}` : ' ';
  return `CASE${separator}${whens.join(separator)}${newline ? '\n' : ' '}END`;
}

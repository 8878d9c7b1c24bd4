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
import { quoteIdent, quoteLiteral } from '../../data/sql.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { DecisionTreeClassifier } from './decision-tree.js';
import { toRules, type TreeCondition } from './rules.js';

/** How literals and identifiers are written: the one place a SQL dialect differs here. */
export interface SqlDialect {
  /** Dialect name, for messages. */
  readonly name: string;
  /** A quoted identifier. */
  quoteIdentifier(name: string): string;
  /** A string literal. */
  stringLiteral(value: string): string;
  /** A literal that the database reads back as exactly this float64. */
  numberLiteral(value: number): string;
}

/** Significant digits of a plain decimal literal, e.g. "-0.0125" → 3. */
function significantDigits(text: string): number {
  return text.replace(/[-.]/g, '').replace(/^0+/, '').length;
}

/**
 * DuckDB: double-quoted identifiers, single-quoted strings. DuckDB reads a plain decimal
 * literal as DECIMAL and converts it to DOUBLE for the comparison, which is exact up to 15
 * significant digits; longer literals get an exponent (`…e0`), which DuckDB reads as DOUBLE
 * directly, so every threshold round-trips bit for bit.
 */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  quoteIdentifier: quoteIdent,
  stringLiteral: quoteLiteral,
  numberLiteral(value: number): string {
    if (!Number.isFinite(value)) {
      throw new CohortlabError('INVALID_INPUT', `cannot write ${value} as a SQL number`);
    }
    const text = String(value);
    if (text.includes('e') || significantDigits(text) <= 15) return text;
    return `${text}e0`;
  },
};

/** Options of {@link toSqlCase}. */
export interface SqlCaseOptions {
  /** Quote column names (default true); false writes them as they are. */
  readonly quoteIdentifiers?: boolean;
  /** Literal and identifier syntax (default {@link duckdbDialect}). */
  readonly dialect?: SqlDialect;
  /** Indentation of the `WHEN` lines (default two spaces); `''` with `newline: false` for one line. */
  readonly indent?: string;
  /** Put each `WHEN` on its own line (default true). */
  readonly newline?: boolean;
}

function conditionSql(c: TreeCondition, column: string, dialect: SqlDialect): string {
  if (c.kind === 'categorical') {
    const list = c.values.map((v) => dialect.stringLiteral(v)).join(', ');
    return `${column} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${list})`;
  }
  return `${column} ${c.op} ${dialect.numberLiteral(c.value)}`;
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
              conditionSql(c, quote ? dialect.quoteIdentifier(c.feature) : c.feature, dialect),
            )
            .join(' AND ');
    return `WHEN ${test} THEN ${dialect.stringLiteral(label)}`;
  });
  const separator = newline ? `\n${indent}` : ' ';
  return `CASE${separator}${whens.join(separator)}${newline ? '\n' : ' '}END`;
}

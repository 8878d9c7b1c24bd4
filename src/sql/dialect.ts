/**
 * What differs between SQL databases, as far as the scoring query needs: a dialect renders
 * the few constructs whose spelling or semantics vary (quoting, exact number literals,
 * logarithms, date arithmetic, conditional aggregates, exact money sums, query composition).
 * Everything else the generators write is plain SQL that DuckDB and ClickHouse both read
 * (`CASE`, `AND`/`OR`, arithmetic, `IS NULL`, `IN`).
 *
 * A new dialect implements this interface; {@link duckdbDialect} is the reference.
 *
 * @module
 */

/** One named step of a query: a `SELECT` that reads the previous step. */
export interface QueryStage {
  /** Name of the step (the CTE or subquery alias), a plain lower-case identifier. */
  readonly name: string;
  /** What the step computes, written as a comment above it. */
  readonly comment: string;
  /** The `SELECT` statement, given the relation it reads (the previous step). */
  readonly select: (from: string) => string;
}

/** Aggregates that take a condition: `count` counts rows, the others read `expression`. */
export type ConditionalAggregate = 'count' | 'min' | 'max';

/**
 * How literals and identifiers are written: all that a bare `CASE` expression (such as a
 * decision tree's, see `toSqlCase`) needs from a dialect.
 */
export interface SqlLiteralDialect {
  /** Dialect name, for messages. */
  readonly name: string;
  /** A quoted identifier. */
  quoteIdentifier(name: string): string;
  /** A string literal. */
  stringLiteral(value: string): string;
  /** A literal that the database reads back as exactly this float64 (finite values only). */
  numberLiteral(value: number): string;
}

/** A SQL dialect: literals and identifiers, plus everything the scoring query varies on. */
export interface SqlDialect extends SqlLiteralDialect {
  /**
   * True when `AND`, `OR` and `NOT` follow SQL's three-valued logic (`NULL AND FALSE` is
   * FALSE, `NOT NULL` is NULL). When false, rule conditions are rendered with explicit
   * NULL guards so that the result never depends on the database's NULL propagation.
   */
  readonly ternaryLogic: boolean;
  /** A DATE literal from 'YYYY-MM-DD'. */
  dateLiteral(isoDate: string): string;
  /** A date or timestamp expression as DATE (the calendar day). */
  toDate(expression: string): string;
  /** A DATE as 'YYYY-MM-DD' text. */
  dateText(date: string): string;
  /** Today's date, as the database sees it (for the default as-of date's check of the future). */
  currentDate(): string;
  /**
   * One row with the quartiles `q1`, `q3` (DATEs) of the DATE column `tx_d` of the query
   * `days`: the values at 0-based positions `floor(0.25 · (n − 1))` and `floor(0.75 · (n − 1))`
   * of the sorted days (DuckDB's `quantile_disc`), found from the histogram of distinct days so
   * that neither the rows nor their days are held or sorted.
   */
  quartilesOfDays(days: string): string;
  /** A number as a 32-bit integer (whole days to add to or subtract from a DATE). */
  toInteger(expression: string): string;
  /**
   * A customer id's text normalised as `loadTransactions` does: an integer-valued number
   * written `12347.0` becomes `12347`; other text (leading zeros included) is kept.
   */
  idText(text: string): string;
  /** `date` minus a whole number of days, as a DATE. */
  minusDays(date: string, days: number): string;
  /** Whole days from `from` to `to` (`to − from`), as an integer. */
  daysBetween(from: string, to: string): string;
  /** Any value as text; NULL stays NULL. */
  toText(expression: string): string;
  /** Text without leading and trailing spaces. */
  trim(text: string): string;
  /** Any number as double; NULL stays NULL. */
  toDouble(expression: string): string;
  /** TRUE for a finite number (not NaN, not ±Infinity). */
  isFinite(expression: string): string;
  /** Natural logarithm of `1 + x` (the caller guards `x > −1`). */
  log1p(expression: string): string;
  /** Square root. */
  sqrt(expression: string): string;
  /** The smallest of the arguments (none NULL). */
  least(expressions: readonly string[]): string;
  /** NULL when `a = b`, else `a`. */
  nullIf(a: string, b: string): string;
  /** Text concatenation. */
  concat(parts: readonly string[]): string;
  /**
   * An exact money sum at the fixed point the library uses (DECIMAL(38, 10)), kept in that
   * type so that partial sums can be summed again without rounding; `condition` filters rows.
   * Over no rows it is NULL or 0 depending on the database: callers treat both alike.
   */
  exactSumDecimal(expression: string, condition?: string): string;
  /** A fixed-point sum from {@link exactSumDecimal} (or its sum) rounded once to double. */
  decimalToDouble(expression: string): string;
  /** `count`/`min`/`max` over the rows where `condition` holds (count: 0 when none). */
  aggregateIf(fn: ConditionalAggregate, expression: string, condition: string): string;
  /**
   * Chains the stages into one query: the first reads `source`, each next one the stage
   * before, and the last is the outer `SELECT` (so its `ORDER BY` orders the result).
   */
  compose(source: string, stages: readonly QueryStage[]): string;
}

/** SQL text helpers for the DuckDB dialect. */
import { refuseNul } from '../sql/safe-text.js';

/**
 * Quotes an identifier (column or table name) so any characters, Chinese included, are safe;
 * INVALID_INPUT for a NUL character (the one character no quoting can carry).
 */
export function quoteIdent(name: string): string {
  return `"${refuseNul(name, 'name').replace(/"/g, '""')}"`;
}

/** Quotes a string literal; INVALID_INPUT for a NUL character. */
export function quoteLiteral(value: string): string {
  return `'${refuseNul(value, 'value').replace(/'/g, "''")}'`;
}

/**
 * DOUBLE of a text expression, or NULL where the text is not a plain number. DuckDB's cast
 * also reads digit groups joined by "_" (`1_000` → 1000), which no data file means as a
 * number: such text is NULL here, so it is reported as unparseable rather than taken.
 */
export function tryNumber(text: string): string {
  return `CASE WHEN strpos(${text}, '_') = 0 THEN TRY_CAST(${text} AS DOUBLE) END`;
}

/**
 * An exact, order-independent sum of a money expression, returned as DOUBLE.
 *
 * DuckDB adds doubles in whatever order its threads finish, so a float sum can differ in the
 * last bit between runs — enough to move a customer across a tier boundary tie. Summing in
 * fixed point (10 decimals, 28 integer digits) is exact; the one rounding to float64 at the
 * end makes the result the same on every run. `filter` is an optional FILTER condition.
 */
export function exactSum(expression: string, filter?: string): string {
  const where = filter === undefined ? '' : ` FILTER (${filter})`;
  return `CAST(sum(CAST(${expression} AS DECIMAL(38, 10)))${where} AS DOUBLE)`;
}

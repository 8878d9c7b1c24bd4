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

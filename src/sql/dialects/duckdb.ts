/**
 * The DuckDB dialect of the generated SQL.
 *
 * @module
 */
import { quoteIdent, quoteLiteral } from '../../data/sql.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { ConditionalAggregate, QueryStage, SqlDialect } from '../dialect.js';
import { composeWithCtes } from './shared.js';

/** Significant digits of a plain decimal literal, e.g. "-0.0125" → 3. */
function significantDigits(text: string): number {
  return text.replace(/[-.]/g, '').replace(/^0+/, '').length;
}

/**
 * DuckDB: double-quoted identifiers, single-quoted strings, `FILTER (WHERE …)` aggregates,
 * DATE arithmetic in days, `DECIMAL(38, 10)` money sums (as `exactSum` in `data/sql`), CTEs.
 *
 * Number literals round-trip bit for bit: DuckDB reads a plain decimal literal as DECIMAL and
 * converts it to DOUBLE where it meets a double, which is exact up to 15 significant digits;
 * longer literals get an exponent (`…e0`), which DuckDB reads as DOUBLE directly.
 */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  ternaryLogic: true,
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
  dateLiteral: (isoDate: string): string => `DATE ${quoteLiteral(isoDate)}`,
  toDate: (expression: string): string => `CAST(${expression} AS DATE)`,
  dateText: (date: string): string => `CAST(${date} AS VARCHAR)`,
  currentDate: (): string => 'current_date',
  quartilesOfDays(days: string): string {
    const at = (q: number): string => `min(tx_d) FILTER (WHERE cum > floor(${q} * (n - 1)))`;
    return `SELECT ${at(0.25)} AS q1, ${at(0.75)} AS q3
      FROM (SELECT tx_d, sum(k) OVER (ORDER BY tx_d) AS cum, sum(k) OVER () AS n
        FROM (SELECT tx_d, count(*) AS k FROM (${days}) AS tx_days_h GROUP BY tx_d) AS tx_hist) AS tx_cum`;
  },
  toInteger: (expression: string): string => `CAST(${expression} AS INTEGER)`,
  idText: (text: string): string => `regexp_replace(${text}, '^(-?[0-9]+)[.]0+$', '\\1')`,
  minusDays: (date: string, days: number): string => `(${date} - ${days})`,
  daysBetween: (from: string, to: string): string => `(${to} - ${from})`,
  toText: (expression: string): string => `CAST(${expression} AS VARCHAR)`,
  trim: (text: string): string => `trim(${text})`,
  toDouble: (expression: string): string => `CAST(${expression} AS DOUBLE)`,
  isFinite: (expression: string): string => `isfinite(${expression})`,
  log1p: (expression: string): string => `ln(1 + ${expression})`,
  sqrt: (expression: string): string => `sqrt(${expression})`,
  least: (expressions: readonly string[]): string => `least(${expressions.join(', ')})`,
  nullIf: (a: string, b: string): string => `NULLIF(${a}, ${b})`,
  concat: (parts: readonly string[]): string => `(${parts.join(' || ')})`,
  exactSumDecimal(expression: string, condition?: string): string {
    const filter = condition === undefined ? '' : ` FILTER (WHERE ${condition})`;
    return `sum(CAST(${expression} AS DECIMAL(38, 10)))${filter}`;
  },
  decimalToDouble: (expression: string): string => `CAST(${expression} AS DOUBLE)`,
  aggregateIf(fn: ConditionalAggregate, expression: string, condition: string): string {
    return `${fn === 'count' ? 'count(*)' : `${fn}(${expression})`} FILTER (WHERE ${condition})`;
  },
  compose: (source: string, stages: readonly QueryStage[]): string =>
    composeWithCtes(source, stages),
};

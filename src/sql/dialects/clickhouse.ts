/**
 * The ClickHouse dialect of the generated SQL, down to ClickHouse 18.16 (checked on the Debian
 * build of 18.16.1, where the tests run it).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { ConditionalAggregate, QueryStage, SqlDialect } from '../dialect.js';
import { refuseNul } from '../safe-text.js';
import { composeNested } from './shared.js';

/** A string literal: backslashes and quotes escaped (ClickHouse reads `\\` escapes). */
function stringLiteral(value: string): string {
  return `'${refuseNul(value, 'value').replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A money value as `Decimal128(10)` the way DuckDB's `CAST(x AS DECIMAL(38, 10))` makes it:
 * `x · 10¹⁰` rounded to the nearest whole number, then scaled back exactly. (`toDecimal128(x,
 * 10)` truncates, so 6e-11 would become 0 where DuckDB gives 1e-10.) Checked equal to DuckDB's
 * cast on every CDNOW amount and 14,000 other values of every magnitude.
 */
function toFixedPoint(expression: string): string {
  return `toDecimal128(round(toFloat64(${expression}) * 10000000000), 0) * toDecimal128('0.0000000001', 10)`;
}

/**
 * ClickHouse: backquoted identifiers, backslash-escaped strings, `toDate` / `toString`,
 * Date − Date in days, `-If` aggregate combinators, `Decimal128(10)` money sums, nested
 * subqueries (no CTEs before 20.x), two-argument `least`.
 *
 * ClickHouse before 21.x propagates NULL through `AND`/`OR`/`NOT` (`NULL AND 0` is NULL, not
 * 0) and `NULL IN (…)` is 0, not NULL: so `ternaryLogic` is false and rule conditions get
 * explicit NULL guards. Number literals are written in the shortest round-trip form, which its
 * parser reads back exactly (checked on 4,000 values of every magnitude); integers of more than
 * 15 digits get `e0` so that they read as Float64, not as an integer type that may overflow.
 */
export const clickhouseDialect: SqlDialect = {
  name: 'clickhouse',
  ternaryLogic: false,
  quoteIdentifier: (name: string): string =>
    `\`${refuseNul(name, 'name').replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
  stringLiteral,
  numberLiteral(value: number): string {
    if (!Number.isFinite(value)) {
      throw new CohortlabError('INVALID_INPUT', `cannot write ${value} as a SQL number`);
    }
    const text = String(value);
    return /^-?\d{16,}$/.test(text) ? `${text}e0` : text;
  },
  dateLiteral: (isoDate: string): string => `toDate(${stringLiteral(isoDate)})`,
  toDate: (expression: string): string => `toDate(${expression})`,
  dateText: (date: string): string => `toString(${date})`,
  currentDate: (): string => 'today()',
  // No window functions before 21.x (and no lambdas over other columns in 18.16): the
  // histogram of days as sorted arrays, cumulated, then unnested with ARRAY JOIN.
  quartilesOfDays(days: string): string {
    const at = (q: number): string => `minIf(tx_day_h, tx_cum > floor(${q} * (tx_n - 1)))`;
    return `SELECT ${at(0.25)} AS q1, ${at(0.75)} AS q3
      FROM (SELECT arrayMap(p -> tupleElement(p, 1), pairs) AS ds,
          arrayCumSum(arrayMap(p -> tupleElement(p, 2), pairs)) AS cs,
          arraySum(arrayMap(p -> tupleElement(p, 2), pairs)) AS tx_n
        FROM (SELECT arraySort(groupArray((tx_d, k))) AS pairs
          FROM (SELECT tx_d, count() AS k FROM (${days}) AS tx_days_h GROUP BY tx_d) AS tx_hist) AS tx_pairs)
        AS tx_arrays ARRAY JOIN ds AS tx_day_h, cs AS tx_cum`;
  },
  toInteger: (expression: string): string => `toInt32(${expression})`,
  // A backslash in a string literal is escaped: the replacement \1 is written '\\1'.
  idText: (text: string): string => `replaceRegexpOne(${text}, '^(-?[0-9]+)[.]0+$', '\\\\1')`,
  minusDays: (date: string, days: number): string => `(${date} - ${days})`,
  daysBetween: (from: string, to: string): string => `(${to} - ${from})`,
  toText: (expression: string): string => `toString(${expression})`,
  // DuckDB's trim removes spaces only (not tabs): the same here.
  trim: (text: string): string => `replaceRegexpAll(${text}, '^ +| +$', '')`,
  toDouble: (expression: string): string => `toFloat64(${expression})`,
  isFinite: (expression: string): string => `isFinite(${expression})`,
  log1p: (expression: string): string => `ln(1 + ${expression})`,
  sqrt: (expression: string): string => `sqrt(${expression})`,
  least(expressions: readonly string[]): string {
    // Two arguments at most before 20.x: nest them.
    return expressions.reduce((acc, e) => `least(${acc}, ${e})`);
  },
  nullIf: (a: string, b: string): string => `nullIf(${a}, ${b})`,
  concat: (parts: readonly string[]): string => `concat(${parts.join(', ')})`,
  exactSumDecimal(expression: string, condition?: string): string {
    const fixed = toFixedPoint(expression);
    return condition === undefined ? `sum(${fixed})` : `sumIf(${fixed}, ${condition})`;
  },
  decimalToDouble: (expression: string): string => `toFloat64(${expression})`,
  aggregateIf(fn: ConditionalAggregate, expression: string, condition: string): string {
    return fn === 'count' ? `countIf(${condition})` : `${fn}If(${expression}, ${condition})`;
  },
  compose: (source: string, stages: readonly QueryStage[]): string => composeNested(source, stages),
};

/**
 * Acquisition cohorts: customers grouped by the period of their first purchase, followed
 * period by period — the classic retention triangle.
 *
 * @module
 */
import { resolveAsOf, type DateInput } from '../data/as-of.js';
import { exactSum, quoteLiteral } from '../data/sql.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { getText, type ColumnTable } from '../table/column-table.js';

/** Length of a cohort period. */
export type AcquisitionPeriod = 'week' | 'month' | 'quarter';

/** Options of {@link acquisitionCohorts}. */
export interface AcquisitionOptions {
  /** Cohort and follow-up period (default 'month'); weeks start on Monday (ISO). */
  readonly period?: AcquisitionPeriod;
  /** End of observation, exclusive (default: the day after the last transaction). */
  readonly asOf?: DateInput;
}

/** The cohort table, one row per cohort and period since acquisition (0, 1, …). */
export interface AcquisitionCohorts {
  readonly period: AcquisitionPeriod;
  /** 'YYYY-MM-DD', exclusive end of observation. */
  readonly asOf: string;
  /**
   * Columns: `cohort` (the first-purchase period: '1997-01', '1997-Q1' or the Monday
   * '1997-01-06'), `period` (periods since acquisition), `cohort_customers`,
   * `active_customers`, `retention_rate`, `revenue`, `revenue_per_customer`; ordered by cohort
   * and period. Every cohort has a row for each period up to the one holding the last
   * observed day, inactive ones with 0.
   */
  readonly table: ColumnTable;
  /** The cohorts in order. */
  readonly cohorts: readonly string[];
}

const LABEL: Record<AcquisitionPeriod, (column: string) => string> = {
  month: (c) => `strftime(${c}, '%Y-%m')`,
  quarter: (c) => `strftime(${c}, '%Y') || '-Q' || CAST(quarter(${c}) AS VARCHAR)`,
  week: (c) => `strftime(${c}, '%Y-%m-%d')`,
};

/**
 * Acquisition cohorts, aggregated in DuckDB. A customer's purchases are their calendar days
 * with a net amount ≥ 0 (as for the BG/NBD summary); the first one fixes the cohort, and a
 * customer is active in a period when they have a purchase day in it. Retention is active /
 * cohort customers; revenue is the net amount of all the cohort's transactions in the period
 * (returns included, so it matches the revenue of the quality report), and revenue per
 * customer divides it by the cohort's original size. Customers with no purchase day (only
 * returns) belong to no cohort.
 */
export async function acquisitionCohorts(
  tx: Transactions,
  options: AcquisitionOptions = {},
): Promise<AcquisitionCohorts> {
  const period = options.period ?? 'month';
  if (!Object.hasOwn(LABEL, period)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `acquisition period must be 'week', 'month' or 'quarter', got ${String(period)}`,
    );
  }
  const asOf = await resolveAsOf(tx, options.asOf);
  const end = `DATE ${quoteLiteral(asOf)}`;
  const part = quoteLiteral(period);
  const table = await tx.engine.columns(
    `
WITH rows AS (
  SELECT customer_id, day, amount FROM ${tx.table} WHERE day < ${end}
), purchase_days AS (
  SELECT customer_id, day FROM rows GROUP BY customer_id, day HAVING ${exactSum('amount')} >= 0
), firsts AS (
  SELECT customer_id, CAST(date_trunc(${part}, min(day)) AS DATE) AS start
  FROM purchase_days GROUP BY customer_id
), sizes AS (
  SELECT start, count(*) AS customers FROM firsts GROUP BY start
), grid AS (
  SELECT s.start, s.customers, p.period
  FROM sizes s, range(0, date_diff(${part}, s.start,
    CAST(date_trunc(${part}, ${end} - 1) AS DATE)) + 1) p(period)
), active AS (
  SELECT f.start, date_diff(${part}, f.start, CAST(date_trunc(${part}, d.day) AS DATE)) AS period,
    count(DISTINCT d.customer_id) AS active
  FROM purchase_days d JOIN firsts f USING (customer_id) GROUP BY ALL
), revenue AS (
  SELECT f.start, date_diff(${part}, f.start, CAST(date_trunc(${part}, r.day) AS DATE)) AS period,
    ${exactSum('r.amount')} AS revenue
  FROM rows r JOIN firsts f USING (customer_id) GROUP BY ALL
)
SELECT ${LABEL[period]('g.start')} AS cohort, CAST(g.period AS DOUBLE) AS period,
  CAST(g.customers AS DOUBLE) AS cohort_customers,
  CAST(coalesce(a.active, 0) AS DOUBLE) AS active_customers,
  coalesce(a.active, 0) / g.customers AS retention_rate,
  coalesce(v.revenue, 0) AS revenue,
  coalesce(v.revenue, 0) / g.customers AS revenue_per_customer
FROM grid g
LEFT JOIN active a ON a.start = g.start AND a.period = g.period
LEFT JOIN revenue v ON v.start = g.start AND v.period = g.period
ORDER BY g.start, g.period`,
  );
  const labels = getText(table, 'cohort').map(String);
  return { period, asOf, table, cohorts: [...new Set(labels)] };
}

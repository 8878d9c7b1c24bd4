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
import { registerTable } from '../export/parquet.js';
import { getText, type ColumnTable } from '../table/column-table.js';

/** Length of a cohort period. */
export type AcquisitionPeriod = 'week' | 'month' | 'quarter';

/** Options of {@link acquisitionCohorts}. */
export interface AcquisitionOptions {
  /** Cohort and follow-up period (default 'month'); weeks start on Monday (ISO). */
  readonly period?: AcquisitionPeriod;
  /** End of observation, exclusive (default: the day after the last transaction). */
  readonly asOf?: DateInput;
  /**
   * The same table per group of customers (their class or cluster at acquisition, say):
   * parallel customer ids and labels; customers not listed (or with a null label) form the
   * group '(none)'. The table then starts with a `group` column.
   */
  readonly groups?: {
    readonly customerId: readonly string[];
    readonly labels: readonly (string | null)[];
  };
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
   * observed day, inactive ones with 0. With `groups`, a first column `group`, and the rows
   * ordered by group, cohort and period.
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
  const groups = options.groups;
  const groupTable =
    groups === undefined ? undefined : await registerGroups(tx, groups.customerId, groups.labels);
  // Without groups every customer is in the one segment ''; the column is then left out.
  const segmentOf =
    groupTable === undefined
      ? `''`
      : `coalesce((SELECT g.segment FROM ${groupTable} g WHERE g.customer_id = p.customer_id), ${quoteLiteral(NO_GROUP)})`;
  try {
    const table = await tx.engine.columns(
      `
WITH rows AS (
  SELECT customer_id, day, amount FROM ${tx.table} WHERE day < ${end}
), purchase_days AS (
  SELECT customer_id, day FROM rows GROUP BY customer_id, day HAVING ${exactSum('amount')} >= 0
), firsts AS (
  SELECT p.customer_id, ${segmentOf} AS segment,
    CAST(date_trunc(${part}, min(p.day)) AS DATE) AS start
  FROM purchase_days p GROUP BY p.customer_id
), sizes AS (
  SELECT segment, start, count(*) AS customers FROM firsts GROUP BY segment, start
), grid AS (
  SELECT s.segment, s.start, s.customers, p.period
  FROM sizes s, range(0, date_diff(${part}, s.start,
    CAST(date_trunc(${part}, ${end} - 1) AS DATE)) + 1) p(period)
), active AS (
  SELECT f.segment, f.start,
    date_diff(${part}, f.start, CAST(date_trunc(${part}, d.day) AS DATE)) AS period,
    count(DISTINCT d.customer_id) AS active
  FROM purchase_days d JOIN firsts f USING (customer_id) GROUP BY ALL
), revenue AS (
  SELECT f.segment, f.start,
    date_diff(${part}, f.start, CAST(date_trunc(${part}, r.day) AS DATE)) AS period,
    ${exactSum('r.amount')} AS revenue
  FROM rows r JOIN firsts f USING (customer_id) GROUP BY ALL
)
SELECT ${groupTable === undefined ? '' : 'g.segment AS "group", '}${LABEL[period]('g.start')} AS cohort,
  CAST(g.period AS DOUBLE) AS period,
  CAST(g.customers AS DOUBLE) AS cohort_customers,
  CAST(coalesce(a.active, 0) AS DOUBLE) AS active_customers,
  coalesce(a.active, 0) / g.customers AS retention_rate,
  coalesce(v.revenue, 0) AS revenue,
  coalesce(v.revenue, 0) / g.customers AS revenue_per_customer
FROM grid g
LEFT JOIN active a ON a.segment = g.segment AND a.start = g.start AND a.period = g.period
LEFT JOIN revenue v ON v.segment = g.segment AND v.start = g.start AND v.period = g.period
ORDER BY g.segment, g.start, g.period`,
    );
    const labels = getText(table, 'cohort').map(String);
    return { period, asOf, table, cohorts: [...new Set(labels)].sort() };
  } finally {
    if (groupTable !== undefined) await tx.engine.run(`DROP TABLE IF EXISTS ${groupTable}`);
  }
}

/** Group of customers without a label in `groups`. */
export const NO_GROUP = '(none)';

/** The labels as a temporary DuckDB table (customer_id, segment); the caller drops it. */
async function registerGroups(
  tx: Transactions,
  customerId: readonly string[],
  labels: readonly (string | null)[],
): Promise<string> {
  if (customerId.length !== labels.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `acquisition groups: ${customerId.length} customer ids, ${labels.length} labels`,
    );
  }
  const seen = new Set<string>();
  for (const id of customerId) {
    if (seen.has(id)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `acquisition groups: customer "${id}" appears twice`,
      );
    }
    seen.add(id);
  }
  return registerTable(tx.engine, {
    customer_id: [...customerId],
    segment: labels.map((label) => label ?? NO_GROUP),
  });
}

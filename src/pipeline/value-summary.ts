/**
 * Value per segment, and value tiers by predicted value beside those by past value: what the
 * cohort table's `clv_<H>` column says about each class and cluster.
 *
 * @module
 */
import { ValueTiers } from '../classes/value-tiers.js';
import { migrationMatrix, type MigrationMatrix } from '../dynamics/migration-matrix.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { getNumeric, getText, type ColumnTable } from '../table/column-table.js';

/** One segment's customers, past revenue and value ahead. */
export interface SegmentValueRow {
  readonly segment: string;
  readonly customers: number;
  /** Sum of `monetary` (net revenue before the as-of date). */
  readonly revenue: number;
  /** revenue / the revenue of all segments. */
  readonly revenueShare: number;
  /** Sum of `clv_<H>` (customers without one count 0). */
  readonly predictedValue: number;
  /** predictedValue / the predicted value of all segments. */
  readonly predictedShare: number;
  /** Sum of `expected_purchases_<H>w`. */
  readonly expectedPurchases: number;
  /** Mean `clv_<H>` of the segment's customers that have one (NaN when none). */
  readonly meanValue: number;
}

/**
 * Customers, revenue, predicted value, expected purchases and the shares of the totals per
 * segment (`labels[i]` is the segment of cohort row i; null rows — not clustered — are
 * '(none)'), in the order of `order` then any other segment seen. Sums ignore NaN.
 */
export function segmentValueSummary(
  cohorts: ColumnTable,
  labels: readonly (string | null)[],
  columns: { readonly clv: string; readonly expectedPurchases: string },
  order: readonly string[] = [],
): SegmentValueRow[] {
  const monetary = getNumeric(cohorts, 'monetary');
  const clv = getNumeric(cohorts, columns.clv);
  const expected = getNumeric(cohorts, columns.expectedPurchases);
  if (labels.length !== monetary.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `segment labels: ${labels.length} for ${monetary.length} customers`,
    );
  }
  const acc = new Map<
    string,
    { n: number; rev: number; clv: number; withClv: number; exp: number }
  >();
  for (const segment of order) acc.set(segment, { n: 0, rev: 0, clv: 0, withClv: 0, exp: 0 });
  labels.forEach((label, i) => {
    const key = label ?? '(none)';
    const a = acc.get(key) ?? { n: 0, rev: 0, clv: 0, withClv: 0, exp: 0 };
    a.n++;
    a.rev += finite(monetary[i]);
    if (Number.isFinite(clv[i])) {
      a.clv += clv[i] as number;
      a.withClv++;
    }
    a.exp += finite(expected[i]);
    acc.set(key, a);
  });
  let revenue = 0;
  let value = 0;
  for (const a of acc.values()) {
    revenue += a.rev;
    value += a.clv;
  }
  return [...acc].map(([segment, a]) => ({
    segment,
    customers: a.n,
    revenue: a.rev,
    revenueShare: revenue === 0 ? NaN : a.rev / revenue,
    predictedValue: a.clv,
    predictedShare: value === 0 ? NaN : a.clv / value,
    expectedPurchases: a.exp,
    meanValue: a.withClv === 0 ? NaN : a.clv / a.withClv,
  }));
}

/** Tiers by predicted value, and how customers move from their past-value tier to them. */
export interface PredictedTiers {
  /** The tiers fitted on `clv_<H>` with the past tiers' method, cuts and labels. */
  readonly tiers: ValueTiers;
  /** Customer ids with a predicted value, and their tier by past and by predicted value. */
  readonly customerId: readonly string[];
  readonly past: readonly string[];
  readonly predicted: readonly string[];
  /** Rows: tier by past value; columns: tier by predicted value. */
  readonly migration: MigrationMatrix;
}

/**
 * A/B/C tiers by predicted value: the past tiers' scheme (method, cuts, labels) refitted on
 * the `clv` column over the customers that have one, and the migration matrix from each
 * customer's past tier (`value_tier` of the cohort table) to the predicted one.
 */
export function predictedValueTiers(
  cohorts: ColumnTable,
  pastTiers: ValueTiers,
  clvColumn: string,
): PredictedTiers {
  const ids = getText(cohorts, 'customer_id');
  const clv = getNumeric(cohorts, clvColumn);
  const pastLabels = getText(cohorts, 'value_tier');
  const rows: number[] = [];
  clv.forEach((v, i) => {
    if (Number.isFinite(v)) rows.push(i);
  });
  const table = { [clvColumn]: Float64Array.from(rows, (i) => clv[i] as number) };
  const { method, cuts, labels } = pastTiers.params;
  const tiers = new ValueTiers({ by: clvColumn, method, cuts, labels }).fit(table);
  const predicted = tiers.predict(table);
  const customerId = rows.map((i) => String(ids[i]));
  const past = rows.map((i) => String(pastLabels[i]));
  const migration = migrationMatrix(
    { customerId, labels: past },
    { customerId, labels: predicted },
    { classes: labels, order: labels },
  );
  return { tiers, customerId, past, predicted, migration };
}

function finite(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v : 0;
}

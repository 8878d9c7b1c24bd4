import { formatTextTable, type Cell } from '../util/text-table.js';
import { resolveAsOf, type DateInput } from './as-of.js';
import { exactSum, quoteIdent } from './sql.js';
import type { Transactions } from './transactions.js';

/**
 * What is in a transactions table and what is wrong with it. Counts are of source rows.
 * Rows missing an id, date or amount, and (with onInvalid 'drop') unparseable ones, are not
 * used for features; negative amounts are returns and are netted in; duplicates are kept
 * (several identical purchases on one day are common) but counted so they can be checked.
 */
export interface QualityReport {
  readonly source: string;
  /** Rows in the source. */
  readonly rows: number;
  /** Rows with an id, a date and an amount that parsed. */
  readonly usableRows: number;
  /** Distinct customer ids among usable rows. */
  readonly customers: number;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly asOf: string;
  readonly missingCustomerId: number;
  readonly missingDate: number;
  readonly missingAmount: number;
  readonly unparseableDates: number;
  readonly unparseableAmounts: number;
  /** Usable rows with amount < 0 (returns, refunds). */
  readonly negativeAmounts: number;
  /** Sum of the negative amounts. */
  readonly negativeAmountTotal: number;
  readonly zeroAmounts: number;
  /** Source rows that repeat an earlier row exactly, in every mapped column (the others are not read). */
  readonly duplicateRows: number;
  /** Usable rows dated on or after the as-of date (left out of features). */
  readonly afterAsOf: number;
  /**
   * Usable rows dated after today or far from the bulk of the data (see `findStrayDates`): kept
   * as data, but they do not set the default as-of date.
   */
  readonly strayDates: number;
  /** Sum of usable amounts before the as-of date: the revenue the features account for. */
  readonly revenue: number;
}

/** Computes the {@link QualityReport} of loaded transactions in one pass of SQL. */
export async function qualityReport(
  tx: Transactions,
  options: { readonly asOf?: DateInput } = {},
): Promise<QualityReport> {
  const asOf = await resolveAsOf(tx, options.asOf);
  const parts = amountParts(tx);
  const stats = await tx.engine.row(`
    SELECT count(*) AS rows,
      count(*) FILTER (customer_id IS NULL) AS missing_id,
      count(*) FILTER (date_text IS NULL) AS missing_date,
      count(*) FILTER (${parts.map((i) => `__amount_text_${i} IS NULL`).join(' OR ')}) AS missing_amount,
      count(*) FILTER (date_text IS NOT NULL AND ts IS NULL) AS bad_date,
      count(*) FILTER (${parts.map((i) => `(__amount_text_${i} IS NOT NULL AND __amount_${i} IS NULL)`).join(' OR ')}) AS bad_amount
    FROM ${tx.parsedView}`);
  const usable = await tx.engine.row(`
    SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers,
      CAST(min(day) AS VARCHAR) AS first_date, CAST(max(day) AS VARCHAR) AS last_date,
      count(*) FILTER (amount < 0) AS negative, coalesce(${exactSum('amount', 'amount < 0')}, 0) AS negative_total,
      count(*) FILTER (amount = 0) AS zero,
      count(*) FILTER (day >= DATE '${asOf}') AS after_as_of,
      coalesce(${exactSum('amount', `day < DATE '${asOf}'`)}, 0) AS revenue
    FROM ${tx.table}`);
  const columns = tx.raw.columns.map((c) => quoteIdent(c.name)).join(', ');
  const distinct = await tx.engine.row(
    `SELECT count(*) AS n FROM (SELECT DISTINCT ${columns} FROM ${tx.raw.name})`,
  );
  const n = (v: unknown): number => Number(v ?? 0);
  return {
    source: tx.source,
    rows: n(stats['rows']),
    usableRows: n(usable['rows']),
    customers: n(usable['customers']),
    firstDate: (usable['first_date'] as string | null) ?? null,
    lastDate: (usable['last_date'] as string | null) ?? null,
    asOf,
    missingCustomerId: n(stats['missing_id']),
    missingDate: n(stats['missing_date']),
    missingAmount: n(stats['missing_amount']),
    unparseableDates: n(stats['bad_date']),
    unparseableAmounts: n(stats['bad_amount']),
    negativeAmounts: n(usable['negative']),
    negativeAmountTotal: n(usable['negative_total']),
    zeroAmounts: n(usable['zero']),
    duplicateRows: n(stats['rows']) - n(distinct['n']),
    afterAsOf: n(usable['after_as_of']),
    strayDates: tx.strayDates,
    revenue: n(usable['revenue']),
  };
}

function amountParts(tx: Transactions): number[] {
  return tx.mapping.amount !== undefined ? [0] : [0, 1];
}

/** The report as label/value rows, the form tables and notebooks display. */
export function qualityReportRows(report: QualityReport): { check: string; value: Cell }[] {
  return [
    { check: 'source', value: report.source },
    { check: 'rows', value: report.rows },
    { check: 'usable rows', value: report.usableRows },
    { check: 'customers', value: report.customers },
    { check: 'date range', value: `${report.firstDate ?? '–'} … ${report.lastDate ?? '–'}` },
    { check: 'as-of date', value: report.asOf },
    { check: 'missing customer id', value: report.missingCustomerId },
    { check: 'missing date', value: report.missingDate },
    { check: 'missing amount', value: report.missingAmount },
    { check: 'unparseable dates', value: report.unparseableDates },
    { check: 'unparseable amounts', value: report.unparseableAmounts },
    { check: 'negative amounts (returns)', value: report.negativeAmounts },
    { check: 'negative amount total', value: report.negativeAmountTotal },
    { check: 'zero amounts', value: report.zeroAmounts },
    { check: 'exact duplicate rows', value: report.duplicateRows },
    { check: 'dated on/after as-of', value: report.afterAsOf },
    { check: 'stray dates (future or far off)', value: report.strayDates },
    { check: 'revenue before as-of', value: report.revenue },
  ];
}

/** The report as an aligned plain-text table. */
export function formatQualityReport(report: QualityReport): string {
  const rows = qualityReportRows(report).map((r) => [r.check, typeof r.value === 'number' ? r.value : String(r.value)]);
  return formatTextTable(['check', 'value'], rows);
}

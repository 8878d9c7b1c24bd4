import { resolveAsOf, toIsoDate, type DateInput } from '../data/as-of.js';
import { quoteLiteral } from '../data/sql.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  customerFeatures,
  type CustomerFeatures,
  type FeatureOptions,
} from '../features/customer-features.js';
import { getText } from '../table/column-table.js';

/** Label of customers who bought in the horizon window. */
export const BOUGHT = 'bought';
/** Label of customers who did not. */
export const DID_NOT_BUY = 'did not buy';

/** Options of {@link purchaseWindow}. */
export interface PurchaseWindowOptions extends Omit<FeatureOptions, 'asOf'> {
  /** Length of the horizon in days (default 90). */
  readonly horizonDays?: number;
  /**
   * The cut-off date: features use transactions before it, the label looks at
   * [cutoff, cutoff + horizon). Default: the as-of date minus the horizon, the latest cut-off
   * whose whole horizon is observed.
   */
  readonly cutoff?: DateInput;
  /** The as-of date of the data (default: the day after the last transaction). */
  readonly asOf?: DateInput;
}

/** Features at a cut-off date and whether each customer bought in the following window. */
export interface PurchaseWindow {
  readonly cutoff: string;
  /** First day after the horizon ('YYYY-MM-DD'), exclusive. */
  readonly horizonEnd: string;
  readonly horizonDays: number;
  /** Features as of the cut-off (customers with a purchase before it, plus a customer table's). */
  readonly features: CustomerFeatures;
  /** One label per feature row: {@link BOUGHT} or {@link DID_NOT_BUY}. */
  readonly labels: string[];
  /** Share of customers who bought in the window. */
  readonly rate: number;
}

/**
 * Builds the supervised data set of a purchase-likelihood model from one transactions table
 * by a time split: features are computed as of `cutoff` from earlier transactions only, and a
 * customer is labelled "bought" when they have an order of positive value dated in
 * [cutoff, cutoff + horizonDays). Nothing after the cut-off leaks into the features.
 */
export async function purchaseWindow(
  tx: Transactions,
  options: PurchaseWindowOptions = {},
): Promise<PurchaseWindow> {
  const horizonDays = options.horizonDays ?? 90;
  if (!Number.isInteger(horizonDays) || horizonDays <= 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `horizonDays must be a positive whole number, got ${horizonDays}`,
    );
  }
  const asOf = await resolveAsOf(tx, options.asOf);
  const cutoff =
    options.cutoff === undefined
      ? addDays(asOf, -horizonDays)
      : toIsoDate(options.cutoff, 'cutoff');
  const horizonEnd = addDays(cutoff, horizonDays);
  if (horizonEnd > asOf) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `the horizon ${cutoff} … ${horizonEnd} runs past the data (as-of ${asOf}); choose an earlier cutoff`,
    );
  }
  const first = await tx.engine.row(`SELECT CAST(min(day) AS VARCHAR) AS d FROM ${tx.table}`);
  if (cutoff <= String(first['d'])) {
    throw new CohortlabError('INVALID_OPTION', `no transactions before the cutoff ${cutoff}`);
  }
  const features = await customerFeatures(tx, { ...options, asOf: cutoff });
  const buyers = await tx.engine.rows(
    `SELECT customer_id FROM ${tx.table}
     WHERE day >= DATE ${quoteLiteral(cutoff)} AND day < DATE ${quoteLiteral(horizonEnd)}
     GROUP BY customer_id, ${tx.hasOrderId ? 'coalesce(order_id, CAST(day AS VARCHAR))' : 'day'}
     HAVING sum(amount) > 0`,
  );
  const bought = new Set(buyers.map((r) => String(r['customer_id'])));
  const labels = getText(features.table, 'customer_id').map((id) =>
    bought.has(id ?? '') ? BOUGHT : DID_NOT_BUY,
  );
  const rate = labels.filter((l) => l === BOUGHT).length / Math.max(labels.length, 1);
  return { cutoff, horizonEnd, horizonDays, features, labels, rate };
}

/** 'YYYY-MM-DD' shifted by whole days (UTC, so no daylight-saving surprises). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

import { CohortlabError } from '../errors/cohortlab-error.js';
import { quoteLiteral } from './sql.js';
import type { Transactions } from './transactions.js';

/** An ISO date 'YYYY-MM-DD', or a Date (its UTC day is used). */
export type DateInput = string | Date;

/** Normalises a user date to 'YYYY-MM-DD', or throws INVALID_OPTION naming the option. */
export function toIsoDate(value: DateInput, option = 'asOf'): string {
  const date = value instanceof Date ? value : new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) {
    throw new CohortlabError('INVALID_OPTION', `${option} must be a date like 1998-07-01, got "${String(value)}"`);
  }
  return date.toISOString().slice(0, 10);
}

/**
 * The as-of date of an analysis: the given one, or by default the day after the last
 * transaction, so a purchase on the last day has recency 1 and nothing lies after it.
 * Transactions on or after the as-of date are left out of the features.
 */
export async function resolveAsOf(tx: Transactions, asOf?: DateInput): Promise<string> {
  if (asOf !== undefined) return toIsoDate(asOf);
  // The last day was found while counting the rows at load: no second scan of the data.
  const row = await tx.engine.row(
    `SELECT CAST(CAST(${quoteLiteral(tx.lastDay)} AS DATE) + 1 AS VARCHAR) AS d`,
  );
  return String(row['d']);
}

import { CohortlabError } from '../errors/cohortlab-error.js';
import { quoteLiteral } from './sql.js';
import type { Transactions } from './transactions.js';

/** An ISO date 'YYYY-MM-DD', or a Date (its UTC day is used). */
export type DateInput = string | Date;

/** Normalises a user date to 'YYYY-MM-DD', or throws INVALID_OPTION naming the option. */
export function toIsoDate(value: DateInput, option = 'asOf'): string {
  const date = value instanceof Date ? value : new Date(`${value}T00:00:00Z`);
  // 1998-02-30 must not pass as 1998-03-02: a text date must read back as itself.
  const rolled = typeof value === 'string' && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) !== value;
  if (Number.isNaN(date.getTime()) || rolled) {
    throw new CohortlabError('INVALID_OPTION', `${option} must be a date like 1998-07-01, got "${String(value)}"`);
  }
  return date.toISOString().slice(0, 10);
}

/**
 * The as-of date of an analysis: the given one, or by default the day after the last
 * plausible transaction (`tx.lastDay`: stray dates in the future or far from the bulk of the
 * data do not count), so a purchase on the last day has recency 1. A last date with no day
 * after it (9999-12-31) is an error naming its file, row and column.
 * Transactions on or after the as-of date are left out of the features.
 */
export async function resolveAsOf(tx: Transactions, asOf?: DateInput): Promise<string> {
  if (asOf !== undefined) return toIsoDate(asOf);
  // The last day was found while counting the rows at load: no second scan of the data.
  const row = await tx.engine.row(
    `SELECT CAST(CAST(${quoteLiteral(tx.lastDay)} AS DATE) + 1 AS VARCHAR) AS d`,
  );
  const day = String(row['d']);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    // 9999-12-31 has no day after it that a date can hold: name the row, not an option.
    const at = await tx.engine.row(
      `SELECT min(__row) AS row FROM ${tx.table} WHERE day = CAST(${quoteLiteral(tx.lastDay)} AS DATE)`,
    );
    throw new CohortlabError(
      'INVALID_INPUT',
      `the last date, ${tx.lastDay}, leaves no day after it to be the as-of date; fix the row or give an as-of date`,
      { file: tx.source, row: Number(at['row']), column: tx.mapping.date },
    );
  }
  return day;
}

/**
 * The as-of dates of a snapshot series: given explicitly, or every month / quarter start.
 *
 * @module
 */
import { resolveAsOf, toIsoDate, type DateInput } from '../data/as-of.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';

/** Calendar period between generated snapshots. */
export type SnapshotPeriod = 'month' | 'quarter';

/** Which as-of dates to take snapshots at: explicit dates, or a period. */
export interface SnapshotDateOptions {
  /** Explicit as-of dates (sorted and de-duplicated). Excludes `every`. */
  readonly asOfDates?: readonly DateInput[];
  /** A snapshot at every month or quarter start within [from, to]. */
  readonly every?: SnapshotPeriod;
  /** First date considered (default: the first transaction day). */
  readonly from?: DateInput;
  /** Last date considered (default: the day after the last transaction). */
  readonly to?: DateInput;
}

/** Most snapshots one call may generate (a typo in `from` should not make thousands). */
export const MAX_SNAPSHOTS = 240;

/**
 * The as-of dates ('YYYY-MM-DD', ascending). With `every`, the first day of every month
 * (quarter: January, April, July, October) that lies after `from` and on or before `to`. As-of
 * dates are exclusive, so the snapshot of 1997-04-01 holds the first quarter of 1997 and the
 * default `to` (day after the last transaction) makes the last snapshot cover everything when
 * it falls on a period start. A period start equal to `from` is skipped: nothing lies before
 * it.
 */
export async function snapshotDates(
  tx: Transactions,
  options: SnapshotDateOptions,
): Promise<string[]> {
  if ((options.asOfDates === undefined) === (options.every === undefined)) {
    throw new CohortlabError('INVALID_OPTION', 'give either asOfDates or every (not both)');
  }
  if (options.asOfDates !== undefined) {
    const dates = [...new Set(options.asOfDates.map((d) => toIsoDate(d, 'asOfDates')))].sort();
    if (dates.length === 0) throw new CohortlabError('INVALID_OPTION', 'asOfDates is empty');
    if (dates.length > MAX_SNAPSHOTS) {
      throw new CohortlabError('INVALID_OPTION', `at most ${MAX_SNAPSHOTS} snapshots`);
    }
    return dates;
  }
  const every = options.every;
  if (every !== 'month' && every !== 'quarter') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `every must be 'month' or 'quarter', got ${String(every)}`,
    );
  }
  const from =
    options.from === undefined
      ? String((await tx.engine.row(`SELECT CAST(min(day) AS VARCHAR) AS d FROM ${tx.table}`))['d'])
      : toIsoDate(options.from, 'from');
  const to = options.to === undefined ? await resolveAsOf(tx) : toIsoDate(options.to, 'to');
  if (to <= from) {
    throw new CohortlabError('INVALID_OPTION', `to (${to}) must be after from (${from})`);
  }
  const step = every === 'month' ? 1 : 3;
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7)) - 1; // 0-based
  month = Math.floor(month / step) * step;
  const dates: string[] = [];
  for (;;) {
    const date = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
    if (date > to) break;
    if (date > from) dates.push(date);
    if (dates.length > MAX_SNAPSHOTS) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `more than ${MAX_SNAPSHOTS} snapshots from ${from} to ${to}`,
      );
    }
    month += step;
    if (month >= 12) {
      month -= 12;
      year += 1;
    }
  }
  if (dates.length === 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `no ${every} start after ${from} and on or before ${to}`,
    );
  }
  return dates;
}

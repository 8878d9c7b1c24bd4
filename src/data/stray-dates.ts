/**
 * Stray dates: transaction rows dated in the future or implausibly far from the bulk of the
 * data (a 1850, 0001 or 2099 among 1997–1998 purchases). They are typing errors or
 * placeholders, and the last of them must not become the day the analysis is "as of".
 *
 * @module
 */
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { toIsoDate, type DateInput } from './as-of.js';
import type { Engine } from './engine.js';
import { quoteLiteral } from './sql.js';

/**
 * How far from the middle half of the dates a plausible date may lie: this many times the
 * interquartile range of the days, the range counted as at least {@link MIN_SPREAD_DAYS}.
 */
export const STRAY_DATE_FACTOR = 10;

/** The smallest interquartile range the bounds assume (a year), so a short data set still
 * accepts dates ten years around its middle half. */
export const MIN_SPREAD_DAYS = 365;

/** Where {@link findStrayDates} looks and what it calls things. */
export interface StrayDateOptions {
  /** The file the rows come from (named in the warning). */
  readonly file: string;
  /** The date column as the user named it. */
  readonly column: string;
  /** Today (default: the real current date); later days are stray. */
  readonly today?: DateInput;
}

/** What {@link findStrayDates} found. */
export interface StrayDates {
  /** Rows of the table. */
  readonly rows: number;
  /** Rows with a stray date. */
  readonly stray: number;
  /** The latest plausible day ('YYYY-MM-DD'); the latest of all when every row is stray. */
  readonly lastDay: string;
  /** The plausible range (inclusive), 'YYYY-MM-DD' each. */
  readonly bounds: readonly [string, string];
  /** `STRAY_DATES` when there is any, naming the count and the first such row. */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * Finds the stray dates among the rows of `table` (columns `__row` and `day`, a DATE). A day
 * is stray when it lies after today, or outside
 * `[q25 − 10·w, q75 + 10·w]` with q25 / q75 the quartiles of the days and
 * `w = max(q75 − q25, 365 days)`. Quartiles, not the extremes, so up to a quarter of the rows
 * can be stray without widening the range; on CDNOW-like data (1997–1998) it is about
 * 1987 … 2008, so 0001, 1850 and 2099 are caught and every real purchase is not.
 *
 * One scan of the table (grouped by day); a second only when some day lies outside the range.
 */
export async function findStrayDates(
  engine: Engine,
  table: string,
  options: StrayDateOptions,
): Promise<StrayDates> {
  const today = `DATE ${quoteLiteral(toIsoDate(options.today ?? new Date(), 'today'))}`;
  const spread = `CAST(greatest(q3 - q1, ${MIN_SPREAD_DAYS}) * ${STRAY_DATE_FACTOR} AS INTEGER)`;
  // Quartiles from the histogram of days (a few thousand rows, whatever the row count): the
  // value at 0-based position floor(q·(n − 1)), as quantile_disc gives it, ~40 times faster
  // on 10M rows than quantile_disc over the rows themselves (which sorts them).
  const position = (q: number): string => `min(day) FILTER (cum > floor(${q} * (n - 1)))`;
  const stats = await engine.row(
    `WITH histogram AS (SELECT day, count(*) AS k FROM ${table} GROUP BY day),
       cumulative AS (SELECT day, sum(k) OVER (ORDER BY day) AS cum, sum(k) OVER () AS n FROM histogram),
       quartiles AS (SELECT CAST(coalesce(max(n), 0) AS BIGINT) AS n, min(day) AS first_day,
         max(day) AS last_day, ${position(0.25)} AS q1, ${position(0.75)} AS q3 FROM cumulative)
     SELECT n, CAST(first_day AS VARCHAR) AS first_day, CAST(last_day AS VARCHAR) AS last_day,
       CAST(q1 - ${spread} AS VARCHAR) AS lo, CAST(least(q3 + ${spread}, ${today}) AS VARCHAR) AS hi,
       first_day < q1 - ${spread} OR last_day > least(q3 + ${spread}, ${today}) AS any_stray
     FROM quartiles`,
  );
  const rows = Number(stats['n']);
  const lo = String(stats['lo']);
  const hi = String(stats['hi']);
  const lastDay = String(stats['last_day']);
  if (rows === 0 || stats['any_stray'] !== true) {
    return { rows, stray: 0, lastDay, bounds: [lo, hi], warnings: [] };
  }
  const outside = `(day < DATE ${quoteLiteral(lo)} OR day > DATE ${quoteLiteral(hi)})`;
  const found = await engine.row(
    `SELECT count(*) FILTER (${outside}) AS stray,
       CAST(arg_min(day, __row) FILTER (${outside}) AS VARCHAR) AS example,
       min(__row) FILTER (${outside}) AS example_row,
       CAST(max(day) FILTER (NOT ${outside}) AS VARCHAR) AS plausible_last
     FROM ${table}`,
  );
  const stray = Number(found['stray']);
  const plausible = found['plausible_last'];
  const rowsWord = stray === 1 ? 'row' : 'rows';
  const fallback = plausible === null ? '; every row is, so the latest of them sets it' : '';
  const warning = cohortlabWarning(
    'STRAY_DATES',
    `${stray} ${rowsWord} of ${options.file} dated after today or far from the bulk of the data ` +
      `(outside ${lo} … ${hi}), column "${options.column}": the default as-of date ignores them` +
      `${fallback}; give an as-of date, or fix or remove them`,
    { count: stray, example: `${String(found['example'])} at row ${Number(found['example_row'])}`, stage: 'load' },
  );
  return {
    rows,
    stray,
    lastDay: plausible === null ? lastDay : String(plausible),
    bounds: [lo, hi],
    warnings: [warning],
  };
}

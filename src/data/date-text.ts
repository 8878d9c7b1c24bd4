/** DuckDB's DATE values for ±infinity (days since 1970-01-01). */
const POSITIVE_INFINITY_DAYS = 2147483647;
const NEGATIVE_INFINITY_DAYS = -2147483647;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The text DuckDB gives a DATE (`CAST(day AS VARCHAR)`), from its number of days since
 * 1970-01-01: 'YYYY-MM-DD' (the year in at least 4 digits), 'YYYY-MM-DD (BC)' for years before 1,
 * 'infinity' / '-infinity'. Lets a query return dates as 4-byte days instead of text, and
 * still hand JavaScript the same strings.
 */
export function duckDateText(days: number): string {
  if (days === POSITIVE_INFINITY_DAYS) return 'infinity';
  if (days === NEGATIVE_INFINITY_DAYS) return '-infinity';
  // Proleptic Gregorian civil date from a day count (H. Hinnant's days_from_civil, inverted).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  // Year 0 is 1 BC: DuckDB prints the BC year, counted from 1, with a suffix.
  const bc = year <= 0;
  return `${pad(bc ? 1 - year : year, 4)}-${pad(month, 2)}-${pad(day, 2)}${bc ? ' (BC)' : ''}`;
}

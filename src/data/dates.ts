import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Engine } from './engine.js';
import type { RawColumn, RawRelation } from './raw-relation.js';
import { quoteIdent, quoteLiteral } from './sql.js';

/**
 * How dates are written: 'auto' (detect), 'iso' (YYYY-MM-DD, optionally with a time as
 * 'YYYY-MM-DD HH:MM:SS' or ISO 8601 'T…'), 'yyyymmdd' (CDNOW), or any strptime format such
 * as '%d/%m/%Y %H:%M' (DuckDB's format codes).
 */
export type DateFormat = 'auto' | 'iso' | 'yyyymmdd' | (string & {});

/** Formats tried by 'auto', most common first. */
export const DATE_CANDIDATES = [
  'iso',
  '%Y%m%d',
  '%Y/%m/%d',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y',
  '%d.%m.%Y',
  '%d-%m-%Y',
] as const;

const SAMPLE_SIZE = 2000;

/**
 * True for DuckDB's integer types, whose values' text is `CAST(value AS VARCHAR)`: one value,
 * one text, so the value itself can stand for its text as a grouping key.
 */
export function isIntegerType(duckdbType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(duckdbType);
}

/** SQL text of a column's values as trimmed text (integers without a decimal point). */
export function textExpression(column: RawColumn): string {
  const ref = quoteIdent(column.name);
  if (isIntegerType(column.duckdbType)) {
    return `CAST(${ref} AS VARCHAR)`; // whole numbers already: the check below costs per row
  }
  if (column.kind === 'numeric') {
    // Numeric ids and yyyymmdd integers must not turn into '19970101.0'; NaN, ±inf (which
    // equal their floor) and values beyond HUGEINT (1e308 in a JSON file) must not reach the
    // integer cast, which would fail.
    return `CASE WHEN isfinite(CAST(${ref} AS DOUBLE)) AND abs(CAST(${ref} AS DOUBLE)) < 1e38 AND ${ref} = floor(${ref}) THEN CAST(CAST(${ref} AS HUGEINT) AS VARCHAR) ELSE CAST(${ref} AS VARCHAR) END`;
  }
  return `NULLIF(trim(CAST(${ref} AS VARCHAR)), '')`;
}

/**
 * SQL text of a customer id, normalised the same way in every table it is joined on: trimmed
 * text (empty = missing), with an integer-valued number written `12347.0` read as `12347` —
 * whether the column is numeric or text — so a spreadsheet export of the ids matches the
 * original. Leading zeros are kept as written: `00042` and `42` are different ids.
 */
export function idExpression(column: RawColumn): string {
  const text = textExpression(column);
  if (column.kind === 'numeric') return text; // integer-valued numbers are already '12347'
  return `regexp_replace(${text}, '^(-?[0-9]+)[.]0+$', '\\1')`;
}

/** SQL expression turning a column into TIMESTAMP (NULL where it does not parse). */
export function dateExpression(column: RawColumn, format: string): string {
  if (column.kind === 'date' || column.kind === 'timestamp') {
    return `CAST(${quoteIdent(column.name)} AS TIMESTAMP)`;
  }
  const text = textExpression(column);
  const resolved = format === 'yyyymmdd' ? '%Y%m%d' : format;
  return resolved === 'iso'
    ? `TRY_CAST(${text} AS TIMESTAMP)`
    : `TRY_STRPTIME(${text}, ${quoteLiteral(resolved)})`;
}

/**
 * Settles the format of a date column. Typed DATE/TIMESTAMP columns need none ('native');
 * with 'auto', every candidate is tried on a sample of distinct values and the one that parses
 * the most wins. A tie between formats that read the same text differently (day/month order)
 * is an error asking for an explicit format (naming `option`) rather than a guess.
 */
export async function resolveDateFormat(
  engine: Engine,
  relation: RawRelation,
  column: RawColumn,
  requested: DateFormat = 'auto',
  option = 'dateFormat',
): Promise<string> {
  if (column.kind === 'date' || column.kind === 'timestamp') return 'native';
  if (requested !== 'auto') return requested === 'yyyymmdd' ? '%Y%m%d' : requested;
  const text = textExpression(column);
  const counts = DATE_CANDIDATES.map(
    (format) => `count(${dateExpression(column, format)}) AS ${quoteIdent(format)}`,
  );
  const row = await engine.row(
    `SELECT count(*) AS sampled, ${counts.join(', ')}
     FROM (SELECT DISTINCT ${text} AS v, ${quoteIdent(column.name)} FROM ${relation.name}
           WHERE ${text} IS NOT NULL LIMIT ${SAMPLE_SIZE})`,
  );
  const best = Math.max(...DATE_CANDIDATES.map((f) => Number(row[f])));
  if (best === 0) return 'iso'; // nothing parses: validation reports the first bad row
  const winners = DATE_CANDIDATES.filter((f) => Number(row[f]) === best);
  const [first] = winners;
  const dayFirst = winners.some((f) => f.startsWith('%d'));
  const monthFirst = winners.some((f) => f.startsWith('%m'));
  if (dayFirst && monthFirst) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `ambiguous dates: both ${winners.join(' and ')} read every sampled value; pass ${option}`,
      { file: relation.label, column: column.name },
    );
  }
  return first ?? 'iso';
}

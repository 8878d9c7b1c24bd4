import { getColumn, isNumericColumn, type ColumnTable } from '../table/column-table.js';

/** One cohort of a split: the rows sharing a value of the split column. */
export interface CohortPart {
  /** The value as text (numbers in shortest form), or null for missing (NaN / null). */
  readonly value: string | null;
  /** File-name-safe form of the value, unique within the split (see {@link cohortSlug}). */
  readonly slug: string;
  /** Row indices of the part, in table order. */
  readonly rows: Int32Array;
}

/**
 * A file-name-safe slug: accents dropped, lower case, every run of characters other than
 * a–z and 0–9 replaced by one "-", no leading or trailing "-"; "missing" for null and
 * "cohort" when nothing is left ("Recent frequent high spenders" → "recent-frequent-high-spenders").
 */
export function cohortSlug(value: string | null): string {
  if (value === null) return 'missing';
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'cohort' : slug.slice(0, 100);
}

/**
 * Splits the rows of `table` by the values of `column` (text or numeric). Parts are ordered
 * by value (numbers numerically, text by code point, missing last), which also fixes which
 * of two values with the same slug gets a "-2" suffix. Every row is in exactly one part.
 */
export function splitRows(table: ColumnTable, column: string): CohortPart[] {
  const values = getColumn(table, column);
  const numeric = isNumericColumn(values);
  const groups = new Map<string | null, number[]>();
  const numberOf = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    let key: string | null;
    if (numeric) {
      const v = raw as number;
      key = Number.isNaN(v) ? null : String(v);
      if (key !== null) numberOf.set(key, v);
    } else key = (raw as string | null | undefined) ?? null;
    let rows = groups.get(key);
    if (rows === undefined) groups.set(key, (rows = []));
    rows.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
    if (numeric) return (numberOf.get(a) as number) - (numberOf.get(b) as number);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const used = new Set<string>();
  return keys.map((value) => {
    const base = cohortSlug(value);
    let slug = base;
    for (let k = 2; used.has(slug); k++) slug = `${base}-${k}`;
    used.add(slug);
    return { value, slug, rows: Int32Array.from(groups.get(value) as number[]) };
  });
}

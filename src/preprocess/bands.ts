/**
 * Binning helpers: numbers into labelled bands (age bands, amount bands with user-given
 * breaks), as text columns that k-modes / k-prototypes take as categorical attributes and
 * that class rules and reports read as classes.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { getNumeric, type ColumnTable } from '../table/column-table.js';

/** Bands: the breaks between them and one label per band (one more label than breaks). */
export interface BandSpec {
  /** Strictly increasing finite numbers; band j is [breaks[j−1], breaks[j]). */
  readonly breaks: readonly number[];
  /** One label per band, `breaks.length + 1` of them. */
  readonly labels: readonly string[];
}

/**
 * Life-stage age bands: youth under 25 (the UN's youth is 15–24; younger ages fall in it
 * too), young adult 25–39, middle-aged 40–64, senior 65 and over.
 */
export const LIFE_STAGE_BANDS: BandSpec = Object.freeze({
  breaks: Object.freeze([25, 40, 65]),
  labels: Object.freeze(['youth', 'young adult', 'middle-aged', 'senior']),
});

/** Compact number for labels: 1500 → "1,500"; 0.5 → "0.5". */
function show(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/**
 * Bands from breaks alone, labelled "< 100", "100–500", "≥ 500" (lower bound included, upper
 * excluded). `INVALID_OPTION` unless the breaks are finite and strictly increasing.
 */
export function bandsFromBreaks(breaks: readonly number[], labels?: readonly string[]): BandSpec {
  if (
    !Array.isArray(breaks) ||
    breaks.length === 0 ||
    !breaks.every((b, j) => Number.isFinite(b) && (j === 0 || b > (breaks[j - 1] as number)))
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `band breaks must be one or more finite numbers in increasing order, got ${JSON.stringify(breaks)}`,
    );
  }
  if (labels !== undefined) {
    if (labels.length !== breaks.length + 1 || !labels.every((l) => typeof l === 'string')) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${breaks.length} band breaks need ${breaks.length + 1} labels, got ${labels.length}`,
      );
    }
    return { breaks: [...breaks], labels: [...labels] };
  }
  const out = [`< ${show(breaks[0] as number)}`];
  for (let j = 1; j < breaks.length; j++) {
    out.push(`${show(breaks[j - 1] as number)}–${show(breaks[j] as number)}`);
  }
  out.push(`≥ ${show(breaks[breaks.length - 1] as number)}`);
  return { breaks: [...breaks], labels: out };
}

/**
 * Decade bands of age from `from` to `to` (default 10 to 80): "under 10", "10–19", …,
 * "70–79", "80 and over".
 */
export function decadeBands(from = 10, to = 80): BandSpec {
  if (
    !Number.isInteger(from) ||
    !Number.isInteger(to) ||
    from % 10 !== 0 ||
    to <= from ||
    to % 10 !== 0
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `decade bands need whole multiples of 10 with from < to, got ${from} and ${to}`,
    );
  }
  const breaks: number[] = [];
  const labels = [`under ${from}`];
  for (let d = from; d < to; d += 10) {
    breaks.push(d);
    if (d > from) labels.push(`${d - 10}–${d - 1}`);
  }
  breaks.push(to);
  labels.push(`${to - 10}–${to - 1}`, `${to} and over`);
  return { breaks, labels };
}

/**
 * The band label of each value (band j holds breaks[j−1] ≤ x < breaks[j]); NaN stays missing
 * (`null`), as in any text column.
 */
export function cutBands(values: ArrayLike<number>, spec: BandSpec): (string | null)[] {
  const { breaks, labels } = bandsFromBreaks(spec.breaks, spec.labels);
  return Array.from(values, (v) => {
    if (Number.isNaN(v)) return null;
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v >= (breaks[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    return labels[lo] as string;
  });
}

/**
 * Age bands: `'life-stage'` ({@link LIFE_STAGE_BANDS}), `'decades'` ({@link decadeBands}),
 * or a {@link BandSpec}. A negative age is `INVALID_INPUT` naming its 1-based row.
 */
export function ageBands(
  ages: ArrayLike<number>,
  scheme: 'life-stage' | 'decades' | BandSpec = 'life-stage',
): (string | null)[] {
  for (let i = 0; i < ages.length; i++) {
    if ((ages[i] as number) < 0) {
      throw new CohortlabError('INVALID_INPUT', `an age is negative (${ages[i]})`, { row: i + 1 });
    }
  }
  const spec =
    scheme === 'life-stage' ? LIFE_STAGE_BANDS : scheme === 'decades' ? decadeBands() : scheme;
  return cutBands(ages, spec);
}

/**
 * Amount bands with user-given breaks (labels generated as in {@link bandsFromBreaks} unless
 * given): `amountBands(monetary, [100, 1000])` → "< 100", "100–1,000", "≥ 1,000".
 */
export function amountBands(
  amounts: ArrayLike<number>,
  breaks: readonly number[],
  labels?: readonly string[],
): (string | null)[] {
  return cutBands(amounts, bandsFromBreaks(breaks, labels));
}

/**
 * A copy of `table` with a text column `name` (default `<column>_band`) holding the band of
 * each value of the numeric `column`: ready to be a categorical attribute or a class.
 * `INVALID_OPTION` when `name` already exists.
 */
export function withBands(
  table: ColumnTable,
  column: string,
  spec: BandSpec,
  name = `${column}_band`,
): ColumnTable {
  if (table[name] !== undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `withBands: the table already has a column "${name}"`,
    );
  }
  return { ...table, [name]: cutBands(getNumeric(table, column), spec) };
}

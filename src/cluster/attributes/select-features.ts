/**
 * Choosing what to segment on: feature names or globs resolved against a table's columns,
 * and the default transform of each feature (log for skewed non-negative numbers, z-score,
 * native categorical handling for text), overridable per feature.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { getColumn, isNumericColumn, type ColumnTable } from '../../table/column-table.js';

/** How one feature enters the clustering. */
export type FeatureTransform = 'log' | 'none' | 'categorical';

/** A resolved feature: its column and transform (numeric ones are z-scored afterwards). */
export interface SelectedFeature {
  readonly feature: string;
  readonly transform: FeatureTransform;
  /** The column's type in the table (a numeric column may still be categorical). */
  readonly column: 'numeric' | 'text';
  /** Why this transform: `'text column'`, `'skewness 2.31'`, `'given'`, … */
  readonly reason: string;
}

/** Skewness above which a non-negative numeric feature is log1p-transformed by default. */
export const LOG_SKEWNESS = 1;

/** `*` any run of characters, `?` one character; everything else literal. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The columns of `table` named by `patterns` (names or globs such as `share_*`), in pattern
 * order then table order, each once. A pattern matching nothing is `UNKNOWN_FEATURE`, naming it
 * and the columns there are.
 */
export function resolveFeatures(table: ColumnTable, patterns: readonly string[]): string[] {
  if (
    !Array.isArray(patterns) ||
    patterns.length === 0 ||
    !patterns.every((p) => typeof p === 'string')
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'features must be a non-empty list of column names or globs',
    );
  }
  const columns = Object.keys(table);
  const out: string[] = [];
  for (const pattern of patterns) {
    const matched = /[*?]/.test(pattern)
      ? columns.filter((c) => globToRegExp(pattern).test(c))
      : columns.filter((c) => c === pattern);
    if (matched.length === 0) {
      throw new CohortlabError(
        'UNKNOWN_FEATURE',
        `feature "${pattern}" matches no column; columns: ${columns.join(', ')}`,
      );
    }
    for (const c of matched) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Sample skewness g1 of the finite values (0 when constant or fewer than 3 values). */
export function skewness(values: ArrayLike<number>): number {
  let n = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) {
      n++;
      m += v;
    }
  }
  if (n < 3) return 0;
  m /= n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    const d = v - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

/**
 * The transform of each feature: a text column is categorical; a numeric one is logged
 * (log1p) when its values are all ≥ 0 and its skewness exceeds {@link LOG_SKEWNESS} (money,
 * counts), else left as is; `overrides` win (`'categorical'` reads numbers as labels, e.g. a
 * region code). `'log'` on a column with a value below 0 is `INVALID_OPTION`.
 */
export function chooseTransforms(
  table: ColumnTable,
  features: readonly string[],
  overrides: Readonly<Record<string, FeatureTransform>> = {},
): SelectedFeature[] {
  for (const name of Object.keys(overrides)) {
    if (!features.includes(name)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `a transform is given for "${name}", which is not a feature`,
      );
    }
    if (!['log', 'none', 'categorical'].includes(overrides[name] as string)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `transform of "${name}" must be 'log', 'none' or 'categorical'`,
      );
    }
  }
  return features.map((feature) => {
    const column = getColumn(table, feature);
    const given = overrides[feature];
    if (!isNumericColumn(column)) {
      if (given !== undefined && given !== 'categorical') {
        throw new CohortlabError(
          'INVALID_OPTION',
          `"${feature}" is a text column: it can only be categorical`,
        );
      }
      return { feature, transform: 'categorical', column: 'text', reason: 'text column' };
    }
    if (given !== undefined) {
      if (given === 'log' && column.some((v) => v < 0)) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `"${feature}" has values below 0: it cannot be logged`,
        );
      }
      return { feature, transform: given, column: 'numeric', reason: 'given' };
    }
    const skew = skewness(column);
    const nonNegative = column.every((v) => !(v < 0));
    const log = nonNegative && skew > LOG_SKEWNESS;
    return {
      feature,
      transform: log ? 'log' : 'none',
      column: 'numeric',
      reason: `skewness ${skew.toFixed(2)}${nonNegative ? '' : ', has negatives'}`,
    };
  });
}

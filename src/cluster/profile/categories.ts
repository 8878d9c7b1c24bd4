/**
 * Categorical attributes in cluster profiles: the share of each category in a cluster and
 * its index against the base rate (the share among all rows), e.g. "62 % Germany, 3.1× the
 * base rate", and the category that names a cluster.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { getColumn, isNumericColumn, type ColumnTable } from '../../table/column-table.js';

/** One category of one attribute in one cluster. */
export interface CategoryShare {
  /** The category label (numbers as their decimal text; missing values as `(missing)`). */
  readonly category: string;
  /** Rows of the cluster in this category. */
  readonly count: number;
  /** count / cluster size (0..1). */
  readonly share: number;
  /** The category's share among all rows: the base rate (0..1). */
  readonly baseShare: number;
  /** share / baseShare: above 1 over-represented, below 1 under-represented. */
  readonly index: number;
}

/** Label of a missing categorical value in profiles (profiles describe, they do not refuse). */
export const MISSING_CATEGORY = '(missing)';

/** The labels of a column as text: text as is, numbers in decimal, null/NaN as missing. */
function labelsOf(table: ColumnTable, name: string): string[] {
  const column = getColumn(table, name);
  if (isNumericColumn(column)) {
    return Array.from(column, (v) => (Number.isNaN(v) ? MISSING_CATEGORY : String(v)));
  }
  return column.map((v) => v ?? MISSING_CATEGORY);
}

/**
 * Per cluster (in the order of `members`), per attribute: every category's count, share and
 * index against the base rate, most frequent first (ties: label order). Categories absent
 * from a cluster are listed with count 0 so that under-representation shows too.
 */
export function categoryShares(
  table: ColumnTable,
  attributes: readonly string[],
  members: readonly Int32Array[],
): Record<string, CategoryShare[]>[] {
  const out: Record<string, CategoryShare[]>[] = members.map(() => ({}));
  for (const attribute of attributes) {
    const labels = labelsOf(table, attribute);
    const n = labels.length;
    const base = new Map<string, number>();
    for (const v of labels) base.set(v, (base.get(v) ?? 0) + 1);
    const categories = [...base.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    members.forEach((rows, c) => {
      const counts = new Map<string, number>(categories.map((cat) => [cat, 0]));
      for (const i of rows) {
        const v = labels[i] as string;
        counts.set(v, (counts.get(v) as number) + 1);
      }
      (out[c] as Record<string, CategoryShare[]>)[attribute] = categories
        .map((category) => {
          const count = counts.get(category) as number;
          const share = rows.length === 0 ? NaN : count / rows.length;
          const baseShare = (base.get(category) as number) / n;
          return { category, count, share, baseShare, index: share / baseShare };
        })
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
    });
  }
  return out;
}

/** A category that sets a cluster apart: one of its attribute's shares. */
export interface DistinguishingCategory extends CategoryShare {
  /** The attribute (column) it belongs to. */
  readonly attribute: string;
}

/**
 * The categories that set a cluster apart: those making up at least `minShare` of it with an
 * index of at least `minIndex`, highest index first (ties: attribute order, then label).
 */
export function distinguishingCategories(
  shares: Readonly<Record<string, readonly CategoryShare[]>>,
  minShare: number,
  minIndex: number,
): DistinguishingCategory[] {
  return Object.entries(shares)
    .flatMap(([attribute, list], a) =>
      list
        .filter((s) => s.share >= minShare && s.index >= minIndex)
        .map((s) => ({ ...s, attribute, a })),
    )
    .sort((x, y) => y.index - x.index || x.a - y.a || (x.category < y.category ? -1 : 1))
    .map(({ a: _a, ...rest }) => rest);
}

/**
 * The words a category adds to a cluster name: the label itself ("Germany", "Female"), or
 * "<attribute> <label>" when the label alone would not say what it is (it starts with a digit
 * or is true/false: "Region 3", "member true").
 */
export function categoryTerm(category: DistinguishingCategory): string {
  const label = category.category;
  return /^[\d.+-]/.test(label) || label === 'true' || label === 'false'
    ? `${category.attribute} ${label}`
    : label;
}

/**
 * One line for a category share: `62 % Germany, 3.1× the base rate` (share rounded to a
 * whole percent, index to one decimal); a distinguishing category is worded as in names
 * (`93 % Channel 2, …`).
 */
export function describeCategory(share: CategoryShare | DistinguishingCategory): string {
  const label = 'attribute' in share ? categoryTerm(share) : share.category;
  return `${Math.round(share.share * 100)} % ${label}, ${share.index.toFixed(1)}× the base rate`;
}

/** Checks the `categorical` option: distinct names of columns of the table. */
export function categoricalOption(value: unknown, table: ColumnTable, owner: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "categorical" must be a list of column names`,
    );
  }
  const names = value as string[];
  if (new Set(names).size !== names.length) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "categorical" lists a column twice`,
    );
  }
  for (const name of names) getColumn(table, name);
  return names;
}

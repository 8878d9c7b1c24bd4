/**
 * Cluster profiles: who is in each cluster, in the units of the original features, and a
 * short generated name.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions } from '../../util/options.js';
import { getNumeric, rowCount, type ColumnTable } from '../../table/column-table.js';
import { mean, median, std, sum } from '../../util/stats.js';
import { encodeLabels, type ClusterLabels } from '../metrics/labels.js';
import {
  categoricalOption,
  categoryShares,
  categoryTerm,
  distinguishingCategories,
  type CategoryShare,
  type DistinguishingCategory,
} from './categories.js';
import { uniqueNames, type NamedFeature } from './naming.js';
import { DEFAULT_VOCABULARY, type FeatureVocabulary } from './vocabulary.js';

/** Options of {@link clusterProfiles}. */
export interface ClusterProfileOptions {
  /** Numeric columns to profile, in original (unscaled) units (may be empty with `categorical`). */
  readonly features: readonly string[];
  /**
   * Categorical columns to profile (text, or numbers read as labels): per cluster the share
   * of each category and its index against the base rate. Default none.
   */
  readonly categorical?: readonly string[];
  /** Share of its cluster a category needs to enter the name (default 0.5). */
  readonly nameMinShare?: number;
  /** Index against the base rate a category needs to enter the name (default 1.5). */
  readonly nameMinIndex?: number;
  /**
   * Revenue column for the revenue share. Default `'monetary'` when the table has such a
   * column (else no revenue share); `null` for none. A named column must exist.
   */
  readonly revenue?: string | null;
  /** How many distinguishing features each profile lists (default 3). */
  readonly top?: number;
  /** At most this many features make up a name (default 3). */
  readonly nameTerms?: number;
  /** |z| a feature needs to enter a name (default 0.5). */
  readonly nameMinZ?: number;
  /** Words for more features, or other words for known ones; merged over the defaults. */
  readonly vocabulary?: Readonly<Record<string, FeatureVocabulary>>;
}

/** One feature in one cluster. */
export interface FeatureProfile {
  /** Cluster mean, original units (NaN ignored; NaN when no value). */
  readonly mean: number;
  /** Cluster median, original units (linear interpolation; NaN ignored). */
  readonly median: number;
  /** (cluster mean - population mean) / population std (ddof 0); 0 for a constant feature. */
  readonly z: number;
}

/** A feature that sets a cluster apart. */
export interface DistinguishingFeature {
  /** Feature name. */
  readonly feature: string;
  /** z-score of the cluster mean. */
  readonly z: number;
  /** Above or below the population mean. */
  readonly direction: 'high' | 'low';
}

/** Profile of one cluster. */
export interface ClusterProfile {
  /** The cluster's label. */
  readonly cluster: number;
  /** Generated short name, unique among the profiles. */
  readonly name: string;
  /** Number of rows (customers). */
  readonly size: number;
  /** size / all rows (0..1). */
  readonly customerShare: number;
  /** Sum of the revenue column over the cluster (NaN ignored); null without a revenue column. */
  readonly revenue: number | null;
  /** revenue / total revenue (NaN when the total is 0); null without a revenue column. */
  readonly revenueShare: number | null;
  /** Mean, median and z of every profiled feature, in the order of `features`. */
  readonly features: Readonly<Record<string, FeatureProfile>>;
  /** The `top` features with the largest |z|, largest first (ties: feature order). */
  readonly distinguishing: readonly DistinguishingFeature[];
  /** Per categorical attribute, every category's share and index, most frequent first. */
  readonly categories: Readonly<Record<string, readonly CategoryShare[]>>;
  /**
   * Categories with at least `nameMinShare` of the cluster and an index of at least
   * `nameMinIndex`, highest index first; the first one leads the name ("Germany high spenders").
   */
  readonly distinguishingCategories: readonly DistinguishingCategory[];
}

/**
 * Profiles each cluster: size and share of customers, share of revenue, mean and median of
 * every feature in original units, z-scores of the cluster means against the population
 * (all rows of `table`), the most distinguishing features and a generated name such as
 * "recent frequent high spenders" or "lapsed one-timers".
 *
 * Names: a cluster's first `nameTerms` features by |z| with |z| ≥ `nameMinZ`, in words from
 * the vocabulary (see {@link DEFAULT_VOCABULARY}; other features read "high <name>"); a
 * cluster without such features is "typical customers". Equal names are told apart by
 * adding each cluster's next distinguishing feature, then by a number.
 *
 * @param table the unscaled features, one row per customer (the rows that were clustered)
 * @param labels one integer cluster label per row; profiles come in ascending label order
 */
export function clusterProfiles(
  table: ColumnTable,
  labels: ClusterLabels,
  options: ClusterProfileOptions,
): ClusterProfile[] {
  const owner = 'clusterProfiles';
  const raw = checkOptions(
    options,
    [
      'features',
      'categorical',
      'revenue',
      'top',
      'nameTerms',
      'nameMinZ',
      'vocabulary',
      'nameMinShare',
      'nameMinIndex',
    ],
    owner,
  );
  const categorical = categoricalOption(raw['categorical'], table, owner);
  const features = featuresOption(raw['features'], categorical.length > 0);
  const nameMinShare = shareOption(raw['nameMinShare'], 0.5, 'nameMinShare');
  const nameMinIndex = shareOption(raw['nameMinIndex'], 1.5, 'nameMinIndex');
  const top = countOption(raw['top'], 3, 'top');
  const nameTerms = countOption(raw['nameTerms'], 3, 'nameTerms');
  const nameMinZ = nameMinZOption(raw['nameMinZ']);
  const vocabulary = { ...DEFAULT_VOCABULARY, ...vocabularyOption(raw['vocabulary']) };
  const n = rowCount(table);
  const { codes, classes, counts, k } = encodeLabels(labels, n, owner);
  if (n === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: the table has no rows`);

  const revenueName =
    raw['revenue'] === undefined
      ? table['monetary'] !== undefined
        ? 'monetary'
        : null
      : (raw['revenue'] as string | null);
  if (revenueName !== null && typeof revenueName !== 'string') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "revenue" must be a column name or null`,
    );
  }
  const revenue = revenueName === null ? null : getNumeric(table, revenueName);
  const columns = features.map((name) => getNumeric(table, name));

  // Rows of each cluster, as index lists.
  const members: Int32Array[] = Array.from(
    { length: k },
    (_, c) => new Int32Array(counts[c] as number),
  );
  const fill = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    (members[c] as Int32Array)[fill[c]!++] = i;
  }
  const take = (column: Float64Array, rows: Int32Array): Float64Array =>
    Float64Array.from(rows, (i) => column[i] as number);

  const population = columns.map((column) => ({ mean: mean(column), std: std(column, 0) }));
  const totalRevenue = revenue === null ? NaN : sum(revenue);

  const stats = members.map((rows) =>
    columns.map((column, j) => {
      const values = take(column, rows);
      const m = mean(values);
      const p = population[j] as { mean: number; std: number };
      const z = Number.isNaN(m) ? NaN : p.std > 0 ? (m - p.mean) / p.std : 0;
      return { mean: m, median: median(values), z };
    }),
  );
  const ranked: NamedFeature[][] = stats.map((featureStats) =>
    features
      .map((feature, j) => ({
        feature,
        z: (featureStats[j] as FeatureProfile).z,
        median: (featureStats[j] as FeatureProfile).median,
        j,
      }))
      .filter((f) => Number.isFinite(f.z) && f.z !== 0)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.j - b.j)
      .map(({ feature, z, median: med }) => ({ feature, z, median: med })),
  );
  // A name never contradicts the medians: "recent" (low mean recency) is not said of a
  // cluster whose median recency is above the population's, "high spenders" not of one whose
  // median spend is below it (a few extreme customers can move a mean against the median).
  const populationMedians = columns.map((column) => median(column));
  const nameable = ranked.map((features_) =>
    features_.filter((f) => {
      const p = populationMedians[features.indexOf(f.feature)] as number;
      if (Number.isNaN(p) || Number.isNaN(f.median)) return true;
      return f.z > 0 ? f.median >= p : f.median <= p;
    }),
  );
  const shares = categoryShares(table, categorical, members);
  const leading = shares.map((s) => distinguishingCategories(s, nameMinShare, nameMinIndex));
  const prefixes = leading.map((list) =>
    list.length === 0 ? '' : categoryTerm(list[0] as DistinguishingCategory),
  );
  const names = uniqueNames(nameable, nameTerms, nameMinZ, vocabulary, prefixes);

  return classes.map((label, c) => {
    const rows = members[c] as Int32Array;
    const clusterRevenue = revenue === null ? null : sum(take(revenue, rows));
    const featureProfiles: Record<string, FeatureProfile> = {};
    features.forEach((name, j) => {
      featureProfiles[name] = (stats[c] as FeatureProfile[])[j] as FeatureProfile;
    });
    return {
      cluster: label,
      name: names[c] as string,
      size: rows.length,
      customerShare: rows.length / n,
      revenue: clusterRevenue,
      revenueShare:
        clusterRevenue === null ? null : totalRevenue === 0 ? NaN : clusterRevenue / totalRevenue,
      features: featureProfiles,
      distinguishing: (ranked[c] as NamedFeature[]).slice(0, top).map(({ feature, z }) => ({
        feature,
        z,
        direction: z > 0 ? ('high' as const) : ('low' as const),
      })),
      categories: shares[c] as Record<string, CategoryShare[]>,
      distinguishingCategories: leading[c] as DistinguishingCategory[],
    };
  });
}

function featuresOption(value: unknown, allowEmpty: boolean): string[] {
  if (
    !Array.isArray(value) ||
    (value.length === 0 && !allowEmpty) ||
    !value.every((v) => typeof v === 'string')
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'clusterProfiles option "features" must be a non-empty list of column names',
    );
  }
  const names = value as string[];
  if (new Set(names).size !== names.length) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'clusterProfiles option "features" lists a column twice',
    );
  }
  return names;
}

function countOption(value: unknown, fallback: number, key: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `clusterProfiles option "${key}" must be an integer >= 0`,
    );
  }
  return value;
}

function shareOption(value: unknown, fallback: number, key: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `clusterProfiles option "${key}" must be a number >= 0`,
    );
  }
  return value;
}

function nameMinZOption(value: unknown): number {
  if (value === undefined) return 0.5;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'clusterProfiles option "nameMinZ" must be a number >= 0',
    );
  }
  return value;
}

function vocabularyOption(value: unknown): Record<string, FeatureVocabulary> {
  if (value === undefined) return {};
  const isTerm = (t: unknown): boolean =>
    typeof t === 'object' &&
    t !== null &&
    typeof (t as Record<string, unknown>)['adjective'] === 'string' &&
    ['string', 'undefined'].includes(typeof (t as Record<string, unknown>)['noun']);
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return false;
      const e = entry as Record<string, unknown>;
      return (
        typeof e['order'] === 'number' &&
        isTerm(e['high']) &&
        isTerm(e['low']) &&
        (e['lowAtMostOne'] === undefined || isTerm(e['lowAtMostOne']))
      );
    });
  if (!ok) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'clusterProfiles option "vocabulary" must map feature names to { order, high, low } terms',
    );
  }
  return value as Record<string, FeatureVocabulary>;
}

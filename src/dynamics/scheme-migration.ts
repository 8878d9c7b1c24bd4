/**
 * Migration of one class scheme between two snapshots of a series, with the scheme's
 * natural class order.
 *
 * @module
 */
import { NO_PURCHASES_TIER } from '../classes/value-tiers.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { migrationMatrix, type MigrationMatrix } from './migration-matrix.js';
import type { SnapshotScheme, SchemeModels, SnapshotSeries } from './snapshots.js';

/**
 * Rankings (best first) used for upgrade / downgrade rates when none is given:
 * - rfm: the segments in the order of the segment map, without "No purchases" (for the
 *   default map: Champions, Loyal, Potential loyalist, New, Promising, Need attention, About
 *   to sleep, At risk, Can't lose, Hibernating, Lost — the conventional ranking);
 * - valueTiers: the tier labels (A, B, C, …);
 * - lifecycle: active > at-risk > churned ('new' and 'prospect' are unranked: a first-time
 *   buyer is not better or worse than an active one).
 */
export const DEFAULT_MIGRATION_ORDERS = {
  rfm: (models: SchemeModels): readonly string[] =>
    (models.rfm?.classes ?? []).filter((c) => c !== models.rfm?.params.noPurchasesLabel),
  // Customers without purchases are not ranked: "no purchases" → "no purchases" is no retention.
  valueTiers: (models: SchemeModels): readonly string[] =>
    (models.valueTiers?.classes ?? []).filter((c) => c !== NO_PURCHASES_TIER),
  lifecycle: (): readonly string[] => ['active', 'at-risk', 'churned'],
} as const;

/** Options of {@link schemeMigration}. */
export interface SchemeMigrationOptions {
  /** Earlier snapshot: index or as-of date (default the first). */
  readonly from?: number | string;
  /** Later snapshot: index or as-of date (default the last). */
  readonly to?: number | string;
  /** Which label set: 'fixed' (default when present) or 'refit'. */
  readonly labels?: 'fixed' | 'refit';
  /** Ranking, best first (default {@link DEFAULT_MIGRATION_ORDERS}). */
  readonly order?: readonly string[];
}

/**
 * The migration matrix of one scheme between two snapshots of `series`, its rows and columns
 * every class of the scheme (empty ones included), with upgrade / downgrade / retention rates
 * by the scheme's ranking.
 */
export function schemeMigration(
  series: SnapshotSeries,
  scheme: SnapshotScheme,
  options: SchemeMigrationOptions = {},
): MigrationMatrix {
  const pick = (at: number | string | undefined, fallback: number): number => {
    const index =
      at === undefined ? fallback : typeof at === 'number' ? at : series.dates.indexOf(at);
    if (!Number.isInteger(index) || index < 0 || index >= series.snapshots.length) {
      throw new CohortlabError('INVALID_OPTION', `no snapshot ${String(at)}`);
    }
    return index;
  };
  const earlier = series.snapshots[pick(options.from, 0)]!;
  const later = series.snapshots[pick(options.to, series.snapshots.length - 1)]!;
  const set = options.labels ?? (earlier.fixed !== undefined ? 'fixed' : 'refit');
  const before = earlier[set]?.[scheme];
  const after = later[set]?.[scheme];
  if (before === undefined || after === undefined) {
    throw new CohortlabError('INVALID_OPTION', `the snapshots have no ${set} ${scheme} labels`);
  }
  const models = set === 'fixed' ? series.fixedModels : (later.refitModels as SchemeModels);
  const classes = models[scheme]?.classes ?? [];
  const order = options.order ?? DEFAULT_MIGRATION_ORDERS[scheme](models);
  return migrationMatrix(
    { customerId: earlier.customerId, labels: before },
    { customerId: later.customerId, labels: after },
    { classes: [...order, ...classes.filter((c) => !order.includes(c))], order },
  );
}

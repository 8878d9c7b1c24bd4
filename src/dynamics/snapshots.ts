/**
 * Customer features and predefined classes at several as-of dates of one transaction table.
 *
 * @module
 */
import { Lifecycle, type LifecycleOptions } from '../classes/lifecycle.js';
import { RfmScorer, type RfmScorerOptions } from '../classes/rfm-scorer.js';
import { ValueTiers, type ValueTiersOptions } from '../classes/value-tiers.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { customerFeatures, type FeatureOptions } from '../features/customer-features.js';
import { getText, type ColumnTable } from '../table/column-table.js';
import { snapshotDates, type SnapshotDateOptions } from './snapshot-dates.js';

/** The class schemes a snapshot can label customers with. */
export type SnapshotScheme = 'rfm' | 'valueTiers' | 'lifecycle';

/** All class schemes, in output order. */
export const SNAPSHOT_SCHEMES: readonly SnapshotScheme[] = ['rfm', 'valueTiers', 'lifecycle'];

/**
 * Which class models label the snapshots:
 * - `'fixed'`: fitted once, on the first snapshot, and applied to every later one — the same
 *   thresholds everywhere, so a change of class is a change of the customer (use this to
 *   measure movement between snapshots);
 * - `'refit'`: each snapshot fits its own — the classes "as they were" at each date, whose
 *   thresholds drift with the customer base (a customer can change class without changing);
 * - `'both'` (default): both label sets, side by side.
 */
export type SnapshotModels = 'fixed' | 'refit' | 'both';

/** Options of {@link snapshots}. */
export interface SnapshotOptions extends SnapshotDateOptions {
  /** Which class models label the snapshots (default 'both'). */
  readonly models?: SnapshotModels;
  /** RFM scorer options, or false to skip RFM (default: the scorer's defaults). */
  readonly rfm?: RfmScorerOptions | false;
  /** Value tier options, or false to skip them. */
  readonly valueTiers?: ValueTiersOptions | false;
  /** Lifecycle options, or false to skip it. */
  readonly lifecycle?: LifecycleOptions | false;
  /** Feature options other than the as-of date (windows, customers, …). */
  readonly features?: Omit<FeatureOptions, 'asOf'>;
}

/** One class label per customer of a snapshot, per scheme (schemes switched off are absent). */
export type SchemeLabels = Partial<Record<SnapshotScheme, readonly string[]>>;

/** The fitted class models of one label set. */
export interface SchemeModels {
  readonly rfm?: RfmScorer;
  readonly valueTiers?: ValueTiers;
  readonly lifecycle?: Lifecycle;
}

/** The customers as of one date. */
export interface Snapshot {
  /** 'YYYY-MM-DD', exclusive: transactions dated before it count. */
  readonly asOf: string;
  /** Customer ids, ascending; the rows of `features` and of every label array. */
  readonly customerId: readonly string[];
  /** The per-customer features (see customerFeatures). */
  readonly features: ColumnTable;
  /** Labels from the first snapshot's models (absent when models = 'refit'). */
  readonly fixed?: SchemeLabels;
  /** Labels from this snapshot's own models (absent when models = 'fixed'). */
  readonly refit?: SchemeLabels;
  /** This snapshot's own fitted models (absent when models = 'fixed'). */
  readonly refitModels?: SchemeModels;
}

/** A series of snapshots. */
export interface SnapshotSeries {
  readonly dates: readonly string[];
  readonly snapshots: readonly Snapshot[];
  /** The models fitted on the first snapshot, behind every `fixed` label set. */
  readonly fixedModels: SchemeModels;
}

/**
 * Computes features and class labels at every as-of date (see {@link snapshotDates}). Each
 * snapshot uses only the transactions dated before its as-of date (the as-of convention of
 * customerFeatures), so a customer appears from the first snapshot after their first
 * purchase on. Whether classes come from models fixed at the first snapshot or refitted per
 * snapshot is {@link SnapshotModels}; fixed models are fitted on the first snapshot.
 */
export async function snapshots(
  tx: Transactions,
  options: SnapshotOptions,
): Promise<SnapshotSeries> {
  const models = options.models ?? 'both';
  if (models !== 'fixed' && models !== 'refit' && models !== 'both') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `models must be 'fixed', 'refit' or 'both', got ${String(models)}`,
    );
  }
  const dates = await snapshotDates(tx, options);
  const tables: ColumnTable[] = [];
  for (const asOf of dates) {
    tables.push((await customerFeatures(tx, { ...options.features, asOf })).table);
  }
  const fixedModels = fitSchemes(tables[0] as ColumnTable, options);
  const series = dates.map((asOf, k): Snapshot => {
    const features = tables[k] as ColumnTable;
    const customerId = getText(features, 'customer_id').map((id) => String(id));
    const own =
      models === 'fixed' ? undefined : k === 0 ? fixedModels : fitSchemes(features, options);
    return {
      asOf,
      customerId,
      features,
      ...(models === 'refit' ? {} : { fixed: applySchemes(fixedModels, features) }),
      ...(own === undefined ? {} : { refit: applySchemes(own, features), refitModels: own }),
    };
  });
  return { dates, snapshots: series, fixedModels };
}

function fitSchemes(table: ColumnTable, options: SnapshotOptions): SchemeModels {
  return {
    ...(options.rfm === false ? {} : { rfm: new RfmScorer(options.rfm).fit(table) }),
    ...(options.valueTiers === false
      ? {}
      : { valueTiers: new ValueTiers(options.valueTiers).fit(table) }),
    ...(options.lifecycle === false
      ? {}
      : { lifecycle: new Lifecycle(options.lifecycle).fit(table) }),
  };
}

function applySchemes(models: SchemeModels, table: ColumnTable): SchemeLabels {
  return {
    ...(models.rfm ? { rfm: models.rfm.predict(table) } : {}),
    ...(models.valueTiers ? { valueTiers: models.valueTiers.predict(table) } : {}),
    ...(models.lifecycle ? { lifecycle: models.lifecycle.predict(table) } : {}),
  };
}

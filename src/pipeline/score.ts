import { trackQueries } from '../data/engine.js';
import { resolveAsOf, type DateInput } from '../data/as-of.js';
import type { Customers } from '../data/customers.js';
import type { Transactions } from '../data/transactions.js';
import { customerFeatures } from '../features/customer-features.js';
import type { CohortlabWarning } from '../errors/warnings.js';
import { rowCount, type ColumnTable } from '../table/column-table.js';
import type { CohortPipeline } from './cohort-pipeline.js';
import type { PipelineProgress } from './config.js';
import { repeatBuyingSummary } from './repeat-buying.js';

/** Options of {@link scoreCustomers}. */
export interface ScoreOptions {
  /** As-of date of the scoring; default: see {@link scoringAsOf}. */
  readonly asOf?: DateInput;
  /** Customer table whose attributes join in (needed when the model's rules use attributes). */
  readonly customers?: Customers;
  readonly progress?: PipelineProgress;
}

/** Result of {@link scoreCustomers}. */
export interface CustomerScores {
  /** The as-of date the features were computed at. */
  readonly asOf: string;
  /** The cohort table: features, class labels, cluster, name and distance per customer. */
  readonly cohorts: ColumnTable;
  /** The data layer's warnings: stray dates of the load, unmatched ids of a customer join. */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * The as-of date scoring uses: the one given; else the model's configured as-of date when the
 * fit was given one; else — like the fit — the day after the last plausible one of the scored
 * transactions (stray dates, in the future or far from the rest, do not count).
 * So scoring re-applies the fit's as-of rule: the training data scored with its own model
 * gets the training labels back, and fresh data is labelled as of its own end.
 */
export async function scoringAsOf(
  model: CohortPipeline,
  transactions: Transactions,
  asOf?: DateInput,
): Promise<string> {
  return resolveAsOf(transactions, asOf ?? model.config.asOf ?? undefined);
}

/**
 * Labels customers with a fitted (e.g. reloaded) pipeline: features as of {@link scoringAsOf}
 * with the model's windows, then every class scheme and the nearest cluster exactly as the
 * fit labelled (thresholds, score edges, scaling and centroids are the model's; nothing is
 * refitted), and — when the model has a BG/NBD part — p_alive and expected purchases from
 * the week summary of the same transactions and as-of date. Rules over a column the new features lack fail with UNKNOWN_FEATURE.
 */
export async function scoreCustomers(
  model: CohortPipeline,
  transactions: Transactions,
  options: ScoreOptions = {},
): Promise<CustomerScores> {
  const progress = options.progress;
  const asOf = await scoringAsOf(model, transactions, options.asOf);
  progress?.start('features');
  const features = await trackQueries(transactions.engine, progress, 'features', () =>
    customerFeatures(transactions, {
      asOf,
      windows: model.config.windows,
      ...(options.customers === undefined ? {} : { customers: options.customers }),
    }),
  );
  progress?.end('features', rowCount(features.table), 'customers');
  const summary = model.repeatBuying ? await repeatBuyingSummary(transactions, asOf) : undefined;
  progress?.start('labels');
  const cohorts = model.label(
    features.table,
    summary === undefined ? {} : { repeatBuying: summary },
  );
  progress?.end('labels', rowCount(cohorts), 'customers');
  return { asOf, cohorts, warnings: features.warnings };
}

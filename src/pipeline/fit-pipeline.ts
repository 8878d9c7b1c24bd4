import { trackQueries } from '../data/engine.js';
import { RuleClassifier } from '../classes/rules/rule-classifier.js';
import type { SurrogateResult } from '../classify/surrogate.js';
import type { CustomerClusters } from '../cluster/cluster-customers.js';
import { toIsoDate } from '../data/as-of.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, uniqueWarnings, type CohortlabWarning } from '../errors/warnings.js';
import {
  chooseCategories,
  customerFeatures,
  type CustomerFeatures,
} from '../features/customer-features.js';
import { getNumeric, rowCount, type ColumnTable } from '../table/column-table.js';
import { CohortPipeline, type PipelineLikelihood } from './cohort-pipeline.js';
import { fitSegments } from './fit-segments.js';
import type { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import { purchaseLikelihood } from '../predict/purchase-likelihood.js';
import type { RfmSummary } from '../predict/bg-nbd/rfm-summary.js';
import {
  fitRepeatBuying,
  repeatBuyingSummary,
  repeatBuyingWarnings,
  type PipelineRepeatBuying,
} from './repeat-buying.js';
import {
  DEFAULT_CLASS_SCHEMES,
  type PipelineConfig,
  type PipelineOptions,
  type PipelineProgress,
} from './config.js';

export { MAIN_JOB_K_SEARCH } from './fit-segments.js';

/** Everything a fit computed: the pipeline and what the run reports and exports. */
export interface PipelineFit {
  readonly pipeline: CohortPipeline;
  readonly features: CustomerFeatures;
  /** The labelled cohort table (see {@link CohortPipeline.label}). */
  readonly cohorts: ColumnTable;
  /** The clustering with its k search and profiles; undefined when skipped. */
  readonly clusters: CustomerClusters | undefined;
  /** The surrogate rules of the clusters; undefined when clustering was skipped. */
  readonly surrogate: SurrogateResult | undefined;
  /** Why a requested part was left out (lifecycle without repeat buyers, too few customers). */
  readonly notes: readonly string[];
  /**
   * Every decision taken on the user's behalf and every fit not to be trusted, typed (see
   * {@link CohortlabWarning}); the notes are among them as `PART_SKIPPED`.
   */
  readonly warnings: readonly CohortlabWarning[];
  /** The BG/NBD week summary, when a BG/NBD model was requested. */
  readonly repeatBuyingSummary?: RfmSummary;
}

const quiet: PipelineProgress = { start: () => undefined, end: () => undefined };

/**
 * Fits the whole segmentation on loaded transactions: per-customer features as of the as-of
 * date → the requested class schemes (RFM, value tiers, lifecycle, rules) → log + z-score
 * scaling, k-means with k chosen automatically unless given, cluster profiles and names → a
 * depth-3 surrogate tree explaining the clusters. Returns the fitted {@link CohortPipeline}
 * (save it with `pipelineModelText`) and the labelled cohort table, labelled by the pipeline
 * itself so that scoring the same data with the saved model gives the same table.
 *
 * Lifecycle is left out with a note when no customer has two orders (unless
 * `requireLifecycle`); clustering is left out with a note below 3 customers with purchases.
 */
export async function fitPipeline(
  transactions: Transactions,
  options: PipelineOptions = {},
): Promise<PipelineFit> {
  const progress = options.progress ?? quiet;
  const schemes = options.classes ?? DEFAULT_CLASS_SCHEMES;
  if (schemes.includes('rules') && options.rules === undefined) {
    throw new CohortlabError('INVALID_OPTION', 'the "rules" class scheme needs a rule set');
  }
  const config: PipelineConfig = {
    mapping: { ...transactions.mapping },
    dateFormat: options.dateFormat ?? 'auto',
    asOf: options.asOf === undefined ? null : toIsoDate(options.asOf),
    windows: [...new Set(options.windows ?? [])].sort((a, b) => a - b),
    classes: [...schemes],
    k: options.k ?? 'auto',
    seed: options.seed ?? 0,
    likelihoodDays: options.likelihoodDays ?? null,
  };
  // Parse the rules before the expensive work, so a bad condition fails fast.
  const rules = schemes.includes('rules')
    ? new RuleClassifier(options.rules as NonNullable<PipelineOptions['rules']>)
    : undefined;

  progress.start('features');
  const features = await trackQueries(transactions.engine, progress, 'features', () =>
    customerFeatures(transactions, {
      ...(config.asOf === null ? {} : { asOf: config.asOf }),
      windows: config.windows,
      ...(options.customers === undefined ? {} : { customers: options.customers }),
    }),
  );
  const table = features.table;
  const n = rowCount(table);
  progress.end('features', n, 'customers');
  // Without a single transaction before the as-of date every scheme would class everyone as
  // a prospect: an as-of date given too early, not data worth a result.
  if (!getNumeric(table, 'has_transactions').some((v) => v === 1)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `no transaction is dated before the as-of date ${features.asOf}: nothing to segment; give a later as-of date`,
      { file: transactions.source },
    );
  }

  const segments = fitSegments(table, {
    classes: schemes,
    rules,
    k: config.k,
    seed: config.seed,
    ...(options.features === undefined ? {} : { features: options.features }),
    requireLifecycle: options.requireLifecycle ?? false,
    progress,
  });
  const notes = [...segments.notes];
  const { clusters, clustering, surrogate } = segments;
  const base = {
    rfm: segments.rfm,
    valueTiers: segments.valueTiers,
    lifecycle: segments.lifecycle,
    rules: segments.rules,
  };
  // The SQL export needs the spend-share categories, which only the data can tell.
  const hasShares = features.featureNames.some((name) => name.startsWith('share_'));
  const info = {
    asOf: features.asOf,
    dateFormat: transactions.dateFormat,
    names: [...features.featureNames],
    attributes: [...features.attributeNames],
    customers: n,
    transactions: transactions.rows,
    ...(hasShares ? { categories: await chooseCategories(transactions, features.asOf, 20) } : {}),
  };
  let likelihood: PipelineLikelihood | undefined;
  if (config.likelihoodDays !== null) {
    progress.start('likelihood');
    const fitted = await purchaseLikelihood(transactions, {
      horizonDays: config.likelihoodDays,
      windows: config.windows,
      seed: config.seed,
      ...(config.asOf === null ? {} : { asOf: config.asOf }),
      ...(options.customers === undefined ? {} : { customers: options.customers }),
      progress,
    });
    likelihood = {
      horizonDays: config.likelihoodDays,
      tree: fitted.model as DecisionTreeClassifier,
      auc: fitted.evaluation.auc,
      brier: fitted.evaluation.brier,
    };
    progress.end('likelihood', fitted.window.labels.length, 'customers');
  }
  let repeatBuying: PipelineRepeatBuying | undefined;
  let summary: RfmSummary | undefined;
  if (options.bgNbdWeeks !== undefined) {
    progress.start('bg-nbd');
    summary = await repeatBuyingSummary(transactions, features.asOf);
    try {
      repeatBuying = fitRepeatBuying(summary, options.bgNbdWeeks, progress);
      notes.push(...(repeatBuying.valueReport?.notes ?? []));
    } catch (error) {
      if (!(error instanceof CohortlabError && error.code === 'INVALID_INPUT')) throw error;
      notes.push(`BG/NBD skipped: ${error.message}`);
    }
    progress.end('bg-nbd', summary.customerId.length, 'customers');
  }
  const pipeline = new CohortPipeline(
    config,
    info,
    { ...base, clustering, likelihood, repeatBuying },
    options.createdAt,
  );
  progress.start('labels');
  const cohorts = pipeline.label(table, summary === undefined ? {} : { repeatBuying: summary });
  progress.end('labels', n, 'customers');
  const warnings = uniqueWarnings([
    ...features.warnings, // the load's (stray dates) and the customer join's (unmatched ids)
    ...segments.warnings,
    ...notes.map((note) => cohortlabWarning('PART_SKIPPED', note)),
    ...(repeatBuying === undefined ? [] : repeatBuyingWarnings(repeatBuying)),
    ...(repeatBuying?.valueReport?.warnings ?? []),
  ]);
  return {
    pipeline,
    features,
    cohorts,
    clusters,
    surrogate,
    notes,
    warnings,
    ...(summary === undefined ? {} : { repeatBuyingSummary: summary }),
  };
}

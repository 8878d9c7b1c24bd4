import { Lifecycle } from '../classes/lifecycle.js';
import { RfmScorer } from '../classes/rfm-scorer.js';
import { RuleClassifier } from '../classes/rules/rule-classifier.js';
import { ValueTiers } from '../classes/value-tiers.js';
import { surrogateRules, type SurrogateResult } from '../classify/surrogate.js';
import { clusterCustomers, type CustomerClusters } from '../cluster/cluster-customers.js';
import { toIsoDate } from '../data/as-of.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  chooseCategories,
  customerFeatures,
  type CustomerFeatures,
} from '../features/customer-features.js';
import { purchaserRows } from '../features/purchasers.js';
import { rowCount, takeRows, type ColumnTable } from '../table/column-table.js';
import {
  assignClusters,
  CohortPipeline,
  type PipelineClustering,
  type PipelineLikelihood,
} from './cohort-pipeline.js';
import type { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import { purchaseLikelihood } from '../predict/purchase-likelihood.js';
import type { RfmSummary } from '../predict/bg-nbd/rfm-summary.js';
import {
  fitRepeatBuying,
  repeatBuyingSummary,
  type PipelineRepeatBuying,
} from './repeat-buying.js';
import {
  DEFAULT_CLASS_SCHEMES,
  type PipelineConfig,
  type PipelineOptions,
  type PipelineProgress,
} from './config.js';

/** The k search of the main job: the documented chooseK, with fewer auxiliary fits. */
export const MAIN_JOB_K_SEARCH = {
  gapReferences: 5,
  stabilityResamples: 8,
  auxiliaryNInit: 1,
} as const;

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
  const features = await customerFeatures(transactions, {
    ...(config.asOf === null ? {} : { asOf: config.asOf }),
    windows: config.windows,
    ...(options.customers === undefined ? {} : { customers: options.customers }),
  });
  const table = features.table;
  const n = rowCount(table);
  progress.end('features', n, 'customers');

  progress.start('classes');
  const notes: string[] = [];
  const rfm = schemes.includes('rfm') ? new RfmScorer().fit(table) : undefined;
  const valueTiers = schemes.includes('abc') ? new ValueTiers().fit(table) : undefined;
  let lifecycle: Lifecycle | undefined;
  if (schemes.includes('lifecycle')) {
    try {
      lifecycle = new Lifecycle().fit(table);
    } catch (error) {
      if (
        options.requireLifecycle ||
        !(error instanceof CohortlabError && error.code === 'INVALID_INPUT')
      )
        throw error;
      notes.push(`lifecycle skipped: ${error.message}`);
    }
  }
  rules?.fit(table);
  progress.end('classes', schemes.length, 'schemes');

  progress.start('clusters');
  let clusters: CustomerClusters | undefined;
  try {
    clusters = clusterCustomers(table, {
      k: config.k,
      seed: config.seed,
      chooseK: MAIN_JOB_K_SEARCH,
    });
  } catch (error) {
    // Too few customers for an automatic k: skip with a note. An explicit k the data cannot
    // give (more clusters than distinct customers) is the caller's mistake: refuse it.
    if (!(error instanceof CohortlabError && error.code === 'INVALID_INPUT')) throw error;
    if (config.k !== 'auto') {
      throw new CohortlabError('INVALID_OPTION', `k = ${config.k}: ${error.message}`, {}, error);
    }
    notes.push(`clustering skipped: ${error.message}`);
  }
  progress.end('clusters', clusters?.k ?? 0, 'clusters');

  let clustering: PipelineClustering | undefined;
  let surrogate: SurrogateResult | undefined;
  const base = { rfm, valueTiers, lifecycle, rules };
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
  if (clusters) {
    progress.start('rules');
    const profiles = clusters.profiles; // a local: TypeScript 5.0 (tslab) loses the narrowing in closures
    const names = Array.from({ length: clusters.k }, (_, c) => {
      const profile = profiles.find((p) => p.cluster === c);
      return profile?.name ?? String(c);
    });
    const assigner = {
      features: clusters.features,
      scaler: clusters.scaler,
      kmeans: clusters.model,
      names,
    };
    // The surrogate explains the clusters as the pipeline assigns them.
    const active = purchaserRows(table);
    const assigned = assignClusters(table, assigner)['cluster_name'] as (string | null)[];
    surrogate = surrogateRules(
      takeRows(table, active),
      Array.from(active, (row) => assigned[row] as string),
      { features: clusters.features, maxDepth: 3, seed: config.seed },
    );
    clustering = { ...assigner, tree: surrogate.tree };
    progress.end(
      'rules',
      surrogate.clusters.reduce((s, c) => s + c.rules.length, 0),
      'rules',
    );
  }
  let likelihood: PipelineLikelihood | undefined;
  if (config.likelihoodDays !== null) {
    progress.start('likelihood');
    const fitted = await purchaseLikelihood(transactions, {
      horizonDays: config.likelihoodDays,
      windows: config.windows,
      seed: config.seed,
      ...(config.asOf === null ? {} : { asOf: config.asOf }),
      ...(options.customers === undefined ? {} : { customers: options.customers }),
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
      repeatBuying = fitRepeatBuying(summary, options.bgNbdWeeks);
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
  return {
    pipeline,
    features,
    cohorts,
    clusters,
    surrogate,
    notes,
    ...(summary === undefined ? {} : { repeatBuyingSummary: summary }),
  };
}

/**
 * Fitting the segmentation pipeline from a per-customer feature table that was computed
 * elsewhere (in a database engine, on a sample): the class schemes, the clustering and its
 * surrogate tree of `fitPipeline`, without touching transactions.
 *
 * @module
 */
import { RuleClassifier } from '../classes/rules/rule-classifier.js';
import type { CustomerClusters } from '../cluster/cluster-customers.js';
import type { TransactionMapping } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, uniqueWarnings, type CohortlabWarning } from '../errors/warnings.js';
import {
  CohortPipeline,
  DEFAULT_CLASS_SCHEMES,
  type PipelineConfig,
  type PipelineOptions,
} from '../pipeline/index.js';
import { fitSegments } from '../pipeline/fit-segments.js';
import { rowCount, type ColumnTable } from '../table/column-table.js';

/** The feature table and what the model records about it. */
export interface FeatureTableInput {
  /** One row per customer: customer_id, the numeric features, has_transactions, … */
  readonly table: ColumnTable;
  /** The numeric features, in order. */
  readonly featureNames: readonly string[];
  /** The as-of date the features were computed at ('YYYY-MM-DD'); stored as the model's. */
  readonly asOf: string;
  /** The transaction columns the features were computed from (stored in the model). */
  readonly mapping: TransactionMapping;
  /** Transactions behind the table, when known (recorded only). */
  readonly transactions?: number;
}

/** Options of {@link fitPipelineOnFeatures}: those of `fitPipeline` that apply to features. */
export type FeatureFitOptions = Pick<
  PipelineOptions,
  'windows' | 'classes' | 'rules' | 'k' | 'seed' | 'createdAt' | 'requireLifecycle'
>;

/** What {@link fitPipelineOnFeatures} returns. */
export interface FeatureFit {
  readonly pipeline: CohortPipeline;
  /** The clustering (undefined when skipped). */
  readonly clusters: CustomerClusters | undefined;
  /** Why a requested part was left out. */
  readonly notes: readonly string[];
  /**
   * What the fit decided that the user should know, as `fitPipeline` reports it: non-buyers,
   * a changed transform, a weak choice of k, tiny clusters, and each note as `PART_SKIPPED`.
   */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * Fits what `fitPipeline` fits — the class schemes (RFM, value tiers, lifecycle, rules), log +
 * z-score scaling and k-means (k chosen as the main job does unless given), cluster names and
 * the depth-3 surrogate tree — on a ready feature table. The model's as-of date is fixed to
 * `input.asOf`, so scoring other data with it uses the same date. No likelihood model (it
 * needs transactions).
 */
export function fitPipelineOnFeatures(
  input: FeatureTableInput,
  options: FeatureFitOptions = {},
): FeatureFit {
  const schemes = options.classes ?? DEFAULT_CLASS_SCHEMES;
  if (schemes.includes('rules') && options.rules === undefined) {
    throw new CohortlabError('INVALID_OPTION', 'the "rules" class scheme needs a rule set');
  }
  const config: PipelineConfig = {
    mapping: { ...input.mapping },
    dateFormat: 'native',
    asOf: input.asOf,
    windows: [...new Set(options.windows ?? [])].sort((a, b) => a - b),
    classes: [...schemes],
    k: options.k ?? 'auto',
    seed: options.seed ?? 0,
    likelihoodDays: null,
  };
  const table = input.table;
  const segments = fitSegments(table, {
    classes: schemes,
    rules:
      options.rules === undefined || !schemes.includes('rules')
        ? undefined
        : new RuleClassifier(options.rules),
    k: config.k,
    seed: config.seed,
    requireLifecycle: options.requireLifecycle ?? false,
    progress: { start: () => undefined, end: () => undefined },
  });
  const { rfm, valueTiers, lifecycle, rules, clusters, clustering, notes } = segments;
  const info = {
    asOf: input.asOf,
    dateFormat: 'native',
    names: [...input.featureNames],
    attributes: [],
    customers: rowCount(table),
    transactions: input.transactions ?? 0,
  };
  const pipeline = new CohortPipeline(
    config,
    info,
    { rfm, valueTiers, lifecycle, rules, clustering },
    options.createdAt,
  );
  const warnings = uniqueWarnings([
    ...segments.warnings,
    ...notes.map((note) => cohortlabWarning('PART_SKIPPED', note)),
  ]);
  return { pipeline, clusters, notes, warnings };
}

/**
 * The part of a pipeline fit that needs only the per-customer feature table: the predefined
 * class schemes, the clustering and the surrogate tree that explains it. `fitPipeline` runs it
 * on features it computed from transactions; engines run it on features computed elsewhere.
 *
 * @module
 */
import { Lifecycle } from '../classes/lifecycle.js';
import { RfmScorer } from '../classes/rfm-scorer.js';
import type { RuleClassifier } from '../classes/rules/rule-classifier.js';
import { ValueTiers } from '../classes/value-tiers.js';
import { surrogateRules, type SurrogateResult } from '../classify/surrogate.js';
import { chooseTransforms, resolveFeatures } from '../cluster/attributes/select-features.js';
import { clusterCustomers, type CustomerClusters } from '../cluster/cluster-customers.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { CohortlabWarning } from '../errors/warnings.js';
import { nonBuyerWarnings, purchaserRows } from '../features/purchasers.js';
import { takeRows, type ColumnTable } from '../table/column-table.js';
import { assignClusters, type PipelineClustering } from './cohort-pipeline.js';
import type { ClassScheme, PipelineProgress } from './config.js';

/** The k search of the main job: the documented chooseK, with fewer auxiliary fits. */
export const MAIN_JOB_K_SEARCH = {
  gapReferences: 5,
  stabilityResamples: 8,
  auxiliaryNInit: 1,
} as const;

/** What {@link fitSegments} needs besides the table. */
export interface SegmentOptions {
  readonly classes: readonly ClassScheme[];
  /** The rule set of the `rules` scheme, not yet fitted (parsed early so it fails fast). */
  readonly rules: RuleClassifier | undefined;
  readonly k: number | 'auto';
  readonly seed: number;
  /** Features to cluster on, names or globs (default recency_days, frequency, monetary). */
  readonly features?: readonly string[];
  /** Fail instead of leaving lifecycle out when its thresholds cannot be derived. */
  readonly requireLifecycle?: boolean;
  readonly progress: PipelineProgress;
}

/** The fitted class models, the clustering and its explanation. */
export interface FittedSegments {
  readonly rfm: RfmScorer | undefined;
  readonly valueTiers: ValueTiers | undefined;
  readonly lifecycle: Lifecycle | undefined;
  readonly rules: RuleClassifier | undefined;
  /** The clustering with its k search and profiles; undefined when skipped. */
  readonly clusters: CustomerClusters | undefined;
  /** What the model keeps of the clustering (scaler, k-means, names, surrogate tree). */
  readonly clustering: PipelineClustering | undefined;
  readonly surrogate: SurrogateResult | undefined;
  /** Why a part was left out. */
  readonly notes: readonly string[];
  /**
   * Typed warnings of the classes and the clustering: `NO_PURCHASES` (customers without an
   * order of positive value, set apart in every scheme), then the clustering's
   * (`TRANSFORM_CHANGED`, `WEAK_CHOICE`, `TINY_CLUSTER`).
   */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * Fits the requested class schemes (RFM, value tiers, lifecycle, rules), then log + z-score
 * scaling and k-means (k chosen as the main job does unless given), cluster names, and a
 * depth-3 surrogate tree on the clusters as the pipeline assigns them.
 *
 * Lifecycle is left out with a note when no customer has two orders (unless
 * `requireLifecycle`); clustering with an automatic k is left out with a note when there are
 * too few distinct customers, while an explicit k the data cannot give is refused.
 */
export function fitSegments(table: ColumnTable, options: SegmentOptions): FittedSegments {
  const { classes, progress } = options;
  progress.start('classes');
  const notes: string[] = [];
  const warnings: CohortlabWarning[] = [...nonBuyerWarnings(table)];
  // With no buyer at all (every order a return or of zero value) there is nothing to score.
  const noBuyers = purchaserRows(table).length === 0;
  if (noBuyers && (classes.includes('rfm') || classes.includes('abc'))) {
    notes.push('RFM and value tiers skipped: no customer has an order of positive value');
  }
  const rfm = classes.includes('rfm') && !noBuyers ? new RfmScorer().fit(table) : undefined;
  const valueTiers = classes.includes('abc') && !noBuyers ? new ValueTiers().fit(table) : undefined;
  let lifecycle: Lifecycle | undefined;
  if (classes.includes('lifecycle')) {
    try {
      lifecycle = new Lifecycle().fit(table);
    } catch (error) {
      if (
        options.requireLifecycle ||
        !(error instanceof CohortlabError && error.code === 'INVALID_INPUT')
      )
        throw error;
      // The pipeline takes no thresholds, so the library's advice to pass them does not apply.
      notes.push(
        'lifecycle skipped: no customer has 2 or more orders, so the new / at-risk / churned thresholds cannot be derived from the data',
      );
    }
  }
  const rules = options.rules?.fit(table);
  progress.end('classes', classes.length, 'schemes');

  progress.start('clusters');
  let clusters: CustomerClusters | undefined;
  try {
    clusters = clusterCustomers(table, {
      ...(options.features === undefined ? {} : clusterFeatures(table, options.features)),
      k: options.k,
      seed: options.seed,
      chooseK: MAIN_JOB_K_SEARCH,
      progress,
    });
  } catch (error) {
    if (!(error instanceof CohortlabError && error.code === 'INVALID_INPUT')) throw error;
    if (options.k !== 'auto') {
      throw new CohortlabError('INVALID_OPTION', `k = ${options.k}: ${error.message}`, {}, error);
    }
    notes.push(`clustering skipped: ${error.message}`);
  }
  progress.end('clusters', clusters?.k ?? 0, 'clusters');
  if (clusters !== undefined) warnings.push(...clusters.warnings);
  if (clusters === undefined) {
    return {
      rfm,
      valueTiers,
      lifecycle,
      rules,
      clusters,
      clustering: undefined,
      surrogate: undefined,
      notes,
      warnings,
    };
  }

  progress.start('rules');
  const profiles = clusters.profiles; // a local: TypeScript 5.0 (tslab) loses narrowing in closures
  const names = Array.from(
    { length: clusters.k },
    (_, c) => profiles.find((p) => p.cluster === c)?.name ?? String(c),
  );
  const assigner = {
    features: clusters.features,
    scaler: clusters.scaler,
    kmeans: clusters.model,
    names,
  };
  // The surrogate explains the clusters as the pipeline assigns them.
  const active = purchaserRows(table);
  const assigned = assignClusters(table, assigner)['cluster_name'] as (string | null)[];
  const surrogate = surrogateRules(
    takeRows(table, active),
    Array.from(active, (row) => assigned[row] as string),
    { features: clusters.features, maxDepth: 3, seed: options.seed },
  );
  progress.end(
    'rules',
    surrogate.clusters.reduce((sum, c) => sum + c.rules.length, 0),
    'rules',
  );
  return {
    rfm,
    valueTiers,
    lifecycle,
    rules,
    clusters,
    clustering: { ...assigner, tree: surrogate.tree },
    surrogate,
    notes,
    warnings,
  };
}

/**
 * The clustering features named by `patterns` (names or globs), numeric only, with the skewed
 * non-negative ones to log (see `chooseTransforms`).
 */
function clusterFeatures(
  table: ColumnTable,
  patterns: readonly string[],
): { features: string[]; logFeatures: string[] } {
  const chosen = chooseTransforms(table, resolveFeatures(table, patterns));
  const text = chosen.find((f) => f.transform === 'categorical');
  if (text !== undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `features: "${text.feature}" is a text column; the main job clusters numeric features only (segmentAttributes or cohortlab segment cluster categories)`,
    );
  }
  return {
    features: chosen.map((f) => f.feature),
    logFeatures: chosen.filter((f) => f.transform === 'log').map((f) => f.feature),
  };
}

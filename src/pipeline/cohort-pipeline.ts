import { Lifecycle } from '../classes/lifecycle.js';
import { RfmScorer } from '../classes/rfm-scorer.js';
import { RuleClassifier } from '../classes/rules/rule-classifier.js';
import { ValueTiers } from '../classes/value-tiers.js';
import type { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import type { KMeans } from '../cluster/kmeans/kmeans.js';
import { matrixFromTable } from '../cluster/kmeans/matrix.js';
import { purchaserRows, transactionRows } from '../features/purchasers.js';
import { BOUGHT } from '../predict/purchase-window.js';
import type { Pipeline } from '../preprocess/pipeline.js';
import { rowCount, takeRows, type Column, type ColumnTable } from '../table/column-table.js';
import type { PipelineConfig } from './config.js';
import type { RfmSummary } from '../predict/bg-nbd/rfm-summary.js';
import { repeatBuyingColumns, type PipelineRepeatBuying } from './repeat-buying.js';

/** What the model records about the features it was fitted on. */
export interface PipelineFeatureInfo {
  /** The as-of date the fit used ('YYYY-MM-DD'). */
  readonly asOf: string;
  /** The date format in effect at the fit ('native' for typed date columns). */
  readonly dateFormat: string;
  /** Numeric behavioural features. */
  readonly names: readonly string[];
  /** Joined customer attributes. */
  readonly attributes: readonly string[];
  /** Customers and usable transactions the model was fitted on. */
  readonly customers: number;
  readonly transactions: number;
  /**
   * The categories of the spend-share features, as chosen at the fit (present only when the
   * features have spend shares): what the SQL export needs to compute the same columns.
   */
  readonly categories?: readonly string[];
}

/** The fitted clustering: scaling, k-means and a name per cluster. */
export interface PipelineClustering {
  /** Features clustered on, in matrix column order. */
  readonly features: readonly string[];
  readonly scaler: Pipeline;
  readonly kmeans: KMeans;
  /** Name of cluster c at index c. */
  readonly names: readonly string[];
  /** Depth-3 surrogate tree predicting the cluster name from the features. */
  readonly tree: DecisionTreeClassifier;
}

/** The fitted purchase-likelihood model and how well it did out of fold. */
export interface PipelineLikelihood {
  readonly horizonDays: number;
  /** The classifier (a decision tree) refitted on every customer of the time split. */
  readonly tree: DecisionTreeClassifier;
  /** Out-of-fold ROC AUC and Brier score of the cross-validation at fit time. */
  readonly auc: number;
  readonly brier: number;
}

/** The fitted components of a {@link CohortPipeline}. Absent ones were not requested or skipped. */
export interface PipelineComponents {
  readonly rfm?: RfmScorer | undefined;
  readonly valueTiers?: ValueTiers | undefined;
  readonly lifecycle?: Lifecycle | undefined;
  readonly rules?: RuleClassifier | undefined;
  readonly clustering?: PipelineClustering | undefined;
  readonly likelihood?: PipelineLikelihood | undefined;
  /** BG/NBD: p_alive and expected_purchases_<H>w (see {@link CohortPipeline.label}). */
  readonly repeatBuying?: PipelineRepeatBuying | undefined;
}

/** Options of {@link CohortPipeline.label}. */
export interface LabelOptions {
  /**
   * The week summary of the same transactions and as-of date (`repeatBuyingSummary`): with
   * it, a pipeline with a BG/NBD model adds p_alive and expected_purchases_<H>w.
   */
  readonly repeatBuying?: RfmSummary;
}

/** Columns {@link CohortPipeline.label} adds after the features, when their scheme is present. */
export const COHORT_COLUMNS = [
  'rfm_r',
  'rfm_f',
  'rfm_m',
  'rfm_cell',
  'rfm_segment',
  'value_tier',
  'lifecycle',
  'custom_class',
  'cluster',
  'cluster_name',
  'cluster_distance',
  'purchase_probability',
  'p_alive',
] as const;

/**
 * A fitted segmentation pipeline: the predefined class schemes and the clustering, with the
 * settings they were fitted with. {@link CohortPipeline.label} turns a per-customer feature
 * table into the labelled cohort table; the fit, the run's exports and `scoreCustomers` all
 * label through it, so a saved and reloaded model labels exactly as the fit did.
 */
export class CohortPipeline {
  readonly config: PipelineConfig;
  readonly features: PipelineFeatureInfo;
  readonly rfm: RfmScorer | undefined;
  readonly valueTiers: ValueTiers | undefined;
  readonly lifecycle: Lifecycle | undefined;
  readonly rules: RuleClassifier | undefined;
  readonly clustering: PipelineClustering | undefined;
  readonly likelihood: PipelineLikelihood | undefined;
  readonly repeatBuying: PipelineRepeatBuying | undefined;
  /** Creation timestamp when one was given; none by default (deterministic files). */
  readonly createdAt: string | undefined;

  constructor(
    config: PipelineConfig,
    features: PipelineFeatureInfo,
    components: PipelineComponents,
    createdAt?: string,
  ) {
    this.config = config;
    this.features = features;
    this.rfm = components.rfm;
    this.valueTiers = components.valueTiers;
    this.lifecycle = components.lifecycle;
    this.rules = components.rules;
    this.clustering = components.clustering;
    this.likelihood = components.likelihood;
    this.repeatBuying = components.repeatBuying;
    this.createdAt = createdAt;
  }

  /**
   * The class label columns of every present scheme, by column name (rfm_segment,
   * value_tier, lifecycle, custom_class), in that order.
   */
  classLabels(features: ColumnTable): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (this.rfm) out['rfm_segment'] = this.rfm.predict(features);
    if (this.valueTiers) out['value_tier'] = this.valueTiers.predict(features);
    if (this.lifecycle) out['lifecycle'] = this.lifecycle.predict(features);
    if (this.rules) out['custom_class'] = this.rules.predict(features);
    return out;
  }

  /**
   * The cohort table: every column of `features`, then the RFM scores and cell (rfm_r, rfm_f,
   * rfm_m, rfm_cell) and segment, value_tier, lifecycle, custom_class for the present schemes,
   * then cluster (NaN for customers without purchases or when clustering was skipped),
   * cluster_name (null then) and cluster_distance (Euclidean distance to the own centroid in
   * scaled units), and purchase_probability when a likelihood model is present (NaN for
   * customers without purchases), then p_alive and expected_purchases_<H>w when the pipeline
   * has a BG/NBD model and `options.repeatBuying` gives the week summary (NaN for customers
   * without a purchase day).
   */
  label(features: ColumnTable, options: LabelOptions = {}): ColumnTable {
    const out: Record<string, Column> = { ...features };
    if (this.rfm) {
      const scores = this.rfm.transform(features);
      for (const name of ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_cell', 'rfm_segment'])
        out[name] = scores[name] as Column;
    }
    const labels = this.classLabels(features);
    delete labels['rfm_segment'];
    Object.assign(out, labels);
    Object.assign(out, this.clusterColumns(features));
    if (this.likelihood)
      out['purchase_probability'] = purchaseProbability(features, this.likelihood);
    if (this.repeatBuying && options.repeatBuying) {
      Object.assign(out, repeatBuyingColumns(features, this.repeatBuying, options.repeatBuying));
    }
    return out;
  }

  /** cluster, cluster_name and cluster_distance for every row of `features`. */
  clusterColumns(features: ColumnTable): Record<string, Column> {
    return assignClusters(features, this.clustering);
  }
}

/**
 * cluster, cluster_name and cluster_distance for every row of `features`: customers with
 * purchases are scaled and assigned to the nearest centroid; the others (and every row when
 * `clustering` is undefined) get NaN / null.
 */
export function assignClusters(
  features: ColumnTable,
  clustering: Omit<PipelineClustering, 'tree'> | undefined,
): Record<string, Column> {
  const n = rowCount(features);
  const cluster = new Float64Array(n).fill(NaN);
  const name = new Array<string | null>(n).fill(null);
  const distance = new Float64Array(n).fill(NaN);
  if (clustering) {
    const rows = purchaserRows(features);
    const scaled = clustering.scaler.transform(takeRows(features, rows));
    const x = matrixFromTable(scaled, clustering.features);
    const labels = clustering.kmeans.predict(x);
    const distances = clustering.kmeans.transform(x);
    const k = clustering.names.length;
    rows.forEach((row, i) => {
      const c = labels[i] as number;
      cluster[row] = c;
      name[row] = clustering.names[c] ?? String(c);
      distance[row] = distances[i * k + c] as number;
    });
  }
  return { cluster, cluster_name: name, cluster_distance: distance };
}

/** P(order within the horizon) per row from the likelihood tree; NaN without purchases. */
export function purchaseProbability(
  features: ColumnTable,
  likelihood: PipelineLikelihood,
): Float64Array {
  const out = new Float64Array(rowCount(features)).fill(NaN);
  // Scored as purchaseLikelihood scores: every customer with a transaction.
  const rows = transactionRows(features);
  if (rows.length === 0) return out;
  const proba = likelihood.tree.predictProba(takeRows(features, rows));
  const c = proba.classes.indexOf(BOUGHT);
  const k = proba.classes.length;
  rows.forEach((row, i) => {
    out[row] = c < 0 ? 0 : (proba.probabilities[i * k + c] as number);
  });
  return out;
}

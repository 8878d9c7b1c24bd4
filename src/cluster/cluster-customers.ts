import { CohortlabError } from '../errors/cohortlab-error.js';
import type { CohortlabWarning } from '../errors/warnings.js';
import { purchaserRows } from '../features/purchasers.js';
import { Log1p } from '../preprocess/log1p.js';
import { SignedLog1p } from '../preprocess/signed-log1p.js';
import { Pipeline, type PipelineStep } from '../preprocess/pipeline.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import { getNumeric, takeRows, type ColumnTable } from '../table/column-table.js';
import { chooseK, type ChooseKOptions, type ChooseKResult } from './choose-k.js';
import { countDistinctRows } from './kmeans/data-checks.js';
import { KMeans } from './kmeans/kmeans.js';
import { createMatrix, matrixFromTable, type Matrix } from './kmeans/matrix.js';
import { createRandom, deriveSeed, sampleWithoutReplacement } from './metrics/random.js';
import { clusterProfiles, type ClusterProfile } from './profile/profiles.js';
import { stepProgress, type PipelineProgress } from '../util/progress.js';
import { choiceWarnings, logSplit, tinyClusterWarnings } from './cluster-warnings.js';

/** Options of {@link clusterCustomers}. */
export interface ClusterCustomersOptions {
  /** Features to cluster on (default recency_days, frequency, monetary). */
  readonly features?: readonly string[];
  /**
   * Log-transform these first (default frequency, monetary): `log1p` when all their values
   * exceed −1, else the signed log `sign(x)·log1p(|x|)` (net refunds), with a
   * `TRANSFORM_CHANGED` warning.
   */
  readonly logFeatures?: readonly string[];
  /**
   * Smallest cluster, as a share of the clustered customers (default 0.01): an automatic k
   * whose fit has a smaller cluster is not chosen, and a fit that still has one (a given k,
   * or every k had one) returns a `TINY_CLUSTER` warning. 0 turns it off.
   */
  readonly minClusterShare?: number;
  /** A number of clusters, or 'auto' (default) to let {@link chooseK} pick one. */
  readonly k?: number | 'auto';
  /** Options of the k search when `k` is 'auto' (default ks 2…6, seed as below). */
  readonly chooseK?: ChooseKOptions;
  /** Restarts of the final fit (default 10). */
  readonly nInit?: number;
  /**
   * With `k: 'auto'` and more customers than this, k is chosen on a seeded uniform sample of
   * this many customers, and only the final model is fitted on all of them (default 50,000;
   * null: always search on everyone). The search fits dozens of models per k (restarts, gap
   * references, bootstrap resamples), which dominates the run time on large bases, while the
   * choice itself is as good from a sample of this size.
   */
  readonly chooseKSampleSize?: number | null;
  readonly seed?: number;
  /**
   * Told how far the work is: the k search's steps (see {@link ChooseKOptions.progress}),
   * then step "k-means" in runs when the final model is fitted apart from the search (a
   * given k, or a k chosen on a sample). `notebookProgress()` shows them in a notebook.
   */
  readonly progress?: PipelineProgress;
}

/** Default of {@link ClusterCustomersOptions.chooseKSampleSize}. */
export const CHOOSE_K_SAMPLE_SIZE = 50_000;

/** Customers grouped by k-means, with everything needed to read and reuse the result. */
export interface CustomerClusters {
  readonly features: readonly string[];
  readonly k: number;
  /** The k search (undefined when k was given). */
  readonly choice: ChooseKResult | undefined;
  /** Log + z-score scaling fitted on the clustered customers. */
  readonly scaler: Pipeline;
  readonly model: KMeans;
  /** Cluster per row of the input table; −1 for customers without purchases (not clustered). */
  readonly labels: Int32Array;
  /** Cluster name per row ('' for customers without purchases). */
  readonly names: string[];
  /** Euclidean distance to the own centroid in scaled units (NaN when not clustered). */
  readonly distance: Float64Array;
  /** One profile per cluster, in original units, with its generated name. */
  readonly profiles: readonly ClusterProfile[];
  /**
   * What was decided for the user or should not be trusted: `TRANSFORM_CHANGED` (signed log
   * for a column with values ≤ −1), `WEAK_CHOICE` (k chosen by at most half the criteria),
   * `TINY_CLUSTER` (a cluster below `minClusterShare`). Empty when all is well.
   */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * The clustering stage of the main job: scale → choose k → k-means → profiles and names, over
 * customers with at least one order of positive value (see {@link purchaserRows}). Skewed
 * counts and money are log1p-transformed first — with the signed log `sign(x)·log1p(|x|)`
 * instead for a column with a value ≤ −1, such as large net refunds, so no column silently
 * loses its transform — then every feature is z-scored so none dominates the distances.
 */
export function clusterCustomers(
  table: ColumnTable,
  options: ClusterCustomersOptions = {},
): CustomerClusters {
  const features = [...(options.features ?? ['recency_days', 'frequency', 'monetary'])];
  const seed = options.seed ?? 0;
  const active = purchaserRows(table);
  if (active.length < 2) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `clustering needs at least 2 customers with purchases, found ${active.length}`,
    );
  }
  const rows = takeRows(table, active);
  const ids = table['customer_id'];
  const { logged, signed, warnings } = logSplit(
    rows,
    (options.logFeatures ?? ['frequency', 'monetary']).filter((name) => features.includes(name)),
    (i) =>
      Array.isArray(ids) ? String(ids[active[i] as number]) : `row ${(active[i] as number) + 1}`,
  );
  const steps: PipelineStep[] = [
    ...(logged.length > 0 ? [['log', new Log1p({ columns: logged })] as const] : []),
    ...(signed.length > 0 ? [['signed-log', new SignedLog1p({ columns: signed })] as const] : []),
    ['scale', new StandardScaler({ columns: features })],
  ];
  const minClusterShare = options.minClusterShare ?? 0.01;
  const scaler = new Pipeline(steps).fit(rows);
  const x = matrixFromTable(scaler.transform(rows), features);
  const requested = options.k ?? 'auto';
  const searchProgress = options.progress ?? options.chooseK?.progress;
  const finalRuns = stepProgress(options.progress, 'k-means', 'runs');
  let choice: ChooseKResult | undefined;
  let model: KMeans;
  if (requested === 'auto') {
    // Customers with equal features are one point to k-means: count points, not customers.
    const points = countDistinctRows(x, null, 7);
    const ks = options.chooseK?.ks ?? [2, 3, 4, 5, 6].filter((k) => k < points);
    if (ks.length === 0) {
      const detail =
        active.length < 3
          ? `customers with purchases, found ${active.length}`
          : `customers with distinct ${features.join(', ')}, found ${points}`;
      throw new CohortlabError('INVALID_INPUT', `choosing k needs at least 3 ${detail}`);
    }
    const nInit = options.nInit ?? 10;
    const limit =
      options.chooseKSampleSize === undefined ? CHOOSE_K_SAMPLE_SIZE : options.chooseKSampleSize;
    if (limit !== null && (!Number.isInteger(limit) || limit < 3)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `chooseKSampleSize must be a whole number ≥ 3 or null, got ${String(limit)}`,
      );
    }
    const search = {
      seed,
      nInit,
      minClusterShare,
      ...options.chooseK,
      ks,
      progress: searchProgress,
    };
    if (limit === null || x.rows <= limit) {
      choice = chooseK(x, search);
      model = choice.models.get(choice.k) as KMeans;
    } else {
      const sampled = chooseK(sampleRows(x, limit, seed), search);
      const note = `k was chosen on a seeded sample of ${limit.toLocaleString('en-US')} of ${x.rows.toLocaleString('en-US')} customers; the final model is fitted on all of them`;
      choice = { ...sampled, reasons: [...sampled.reasons, note] };
      model = new KMeans({ k: choice.k, nInit, seed }).fit(x, { onRun: finalRuns });
    }
  } else {
    model = new KMeans({ k: requested, nInit: options.nInit ?? 10, seed }).fit(x, {
      onRun: finalRuns,
    });
  }
  const k = model.learned.centroids.rows;
  const ownLabels = model.labels;
  const distances = model.transform(x);
  const profiles = clusterProfiles(rows, ownLabels, { features });
  const nameOf = new Map(profiles.map((p) => [p.cluster, p.name]));
  const labels = new Int32Array(getNumeric(table, 'has_transactions').length).fill(-1);
  const names = new Array<string>(labels.length).fill('');
  const distance = new Float64Array(labels.length).fill(NaN);
  active.forEach((row, i) => {
    const cluster = ownLabels[i] as number;
    labels[row] = cluster;
    names[row] = nameOf.get(cluster) ?? String(cluster);
    distance[row] = distances[i * k + cluster] as number;
  });
  if (choice !== undefined) warnings.push(...choiceWarnings(choice));
  warnings.push(...tinyClusterWarnings(profiles, minClusterShare, choice !== undefined));
  return { features, k, choice, scaler, model, labels, names, distance, profiles, warnings };
}

/** `count` rows of `x` drawn uniformly without replacement (seeded), kept in their order. */
function sampleRows(x: Matrix, count: number, seed: number): Matrix {
  const picked = sampleWithoutReplacement(x.rows, count, createRandom(deriveSeed(seed, 1)));
  picked.sort();
  const out = createMatrix(count, x.cols, x.names);
  for (let i = 0; i < count; i++) {
    const from = (picked[i] as number) * x.cols;
    out.data.set(x.data.subarray(from, from + x.cols), i * x.cols);
  }
  return out;
}

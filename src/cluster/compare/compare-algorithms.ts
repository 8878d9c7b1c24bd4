/**
 * One table to choose a segmentation from: several algorithms over their k ranges (or their
 * density parameters), with the same measures side by side and a recommendation with its
 * reasons.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../../errors/warnings.js';
import { checkOptions } from '../../util/options.js';
import { checkedMatrix, type Matrix, type MatrixInput } from '../kmeans/matrix.js';
import { integerOption } from '../kmeans/options.js';
import { calinskiHarabaszScore } from '../metrics/calinski-harabasz.js';
import { daviesBouldinScore } from '../metrics/davies-bouldin.js';
import { silhouetteScore } from '../metrics/silhouette.js';
import { bootstrapStability } from '../metrics/stability.js';
import {
  ALGORITHM_NAMES,
  fitCandidate,
  takesK,
  type AlgorithmName,
  type CandidateSettings,
} from './candidates.js';

/** Options of {@link compareAlgorithms}. */
export interface CompareAlgorithmsOptions {
  /** Algorithms to try (default kmeans, gmm, ward, bisecting, hdbscan). */
  readonly algorithms?: readonly AlgorithmName[];
  /** Numbers of clusters for the algorithms that take k (default 2..8). */
  readonly ks?: readonly number[];
  /** HDBSCAN's minimum cluster size, DBSCAN's minSamples (default 5). */
  readonly minClusterSize?: number;
  /** Bootstrap resamples for stability (default 10; 0 leaves stability out). */
  readonly stabilityResamples?: number;
  /** Segments below this share of the customers disqualify a candidate (default 0.05). */
  readonly minSegmentShare?: number;
  /** Seed of every fit and resample. */
  readonly seed?: number;
}

/** One candidate: an algorithm at one k (or its density parameters). */
export interface AlgorithmRow {
  readonly algorithm: AlgorithmName;
  /** Clusters found (noise not counted). */
  readonly k: number;
  /** Mean silhouette of the non-noise rows (null with fewer than 2 clusters). */
  readonly silhouette: number | null;
  /** Calinski–Harabasz index of the non-noise rows (higher is better). */
  readonly calinskiHarabasz: number | null;
  /** Davies–Bouldin index of the non-noise rows (lower is better). */
  readonly daviesBouldin: number | null;
  /** BIC of the Gaussian mixture (null for the other algorithms). */
  readonly bic: number | null;
  /** Mean adjusted Rand index of bootstrap refits against the full fit (null when off). */
  readonly stability: number | null;
  /** Share of the rows labelled noise. */
  readonly noiseShare: number;
  /** Customers in the smallest segment. */
  readonly smallestSegment: number;
  /** Why the candidate cannot be recommended, or null when it can. */
  readonly disqualified: string | null;
}

/** The table and the pick. */
export interface CompareAlgorithmsResult {
  readonly rows: readonly AlgorithmRow[];
  /** The recommended row, or null when every candidate is disqualified. */
  readonly recommended: AlgorithmRow | null;
  /** Why, one sentence per measure. */
  readonly reasons: readonly string[];
  readonly warnings: readonly CohortlabWarning[];
}

const OWNER = 'compareAlgorithms';

/**
 * Fits each algorithm over its k range (density methods once, they find k themselves) and
 * measures every fit the same way, on the rows that are not noise: silhouette,
 * Calinski–Harabasz, Davies–Bouldin, bootstrap stability, BIC where defined, the share of
 * noise and the smallest segment. A candidate is disqualified with fewer than 2 clusters,
 * more than 20 % noise, or a segment below `minSegmentShare`. The recommendation is the
 * qualified candidate with the best mean rank over silhouette, Calinski–Harabasz,
 * Davies–Bouldin and stability (ties: fewer clusters, then the list order).
 *
 * ```ts
 * const { rows, recommended, reasons } = compareAlgorithms(x, { ks: [3, 4, 5, 6] });
 * ```
 */
export function compareAlgorithms(
  input: MatrixInput,
  options: CompareAlgorithmsOptions = {},
): CompareAlgorithmsResult {
  const raw = checkOptions(
    options,
    ['algorithms', 'ks', 'minClusterSize', 'stabilityResamples', 'minSegmentShare', 'seed'],
    OWNER,
  );
  const x = checkedMatrix(input, OWNER);
  const algorithms = (raw['algorithms'] ?? [
    'kmeans',
    'gmm',
    'ward',
    'bisecting',
    'hdbscan',
  ]) as AlgorithmName[];
  if (
    !Array.isArray(algorithms) ||
    algorithms.length === 0 ||
    !algorithms.every((a) => ALGORITHM_NAMES.includes(a))
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${OWNER} option "algorithms" must list some of ${ALGORITHM_NAMES.join(', ')}`,
    );
  }
  const ks = (raw['ks'] ?? [2, 3, 4, 5, 6, 7, 8]) as number[];
  if (
    !Array.isArray(ks) ||
    ks.length === 0 ||
    !ks.every((k) => Number.isSafeInteger(k) && k >= 2 && k <= x.rows)
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${OWNER} option "ks" must list whole numbers in [2, ${x.rows}]`,
    );
  }
  const settings: CandidateSettings = {
    minClusterSize: integerOption(raw, 'minClusterSize', 5, 2, OWNER),
  };
  const resamples = integerOption(raw, 'stabilityResamples', 10, 0, OWNER);
  const seed = integerOption(raw, 'seed', 0, 0, OWNER);
  const minShare = raw['minSegmentShare'] ?? 0.05;
  if (typeof minShare !== 'number' || !(minShare >= 0 && minShare < 1)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${OWNER} option "minSegmentShare" must be a number in [0, 1)`,
    );
  }
  const rows: AlgorithmRow[] = [];
  for (const algorithm of algorithms) {
    for (const k of takesK(algorithm) ? ks : [0]) {
      const fit = fitCandidate(algorithm, x, k, seed, settings);
      rows.push(measure(x, algorithm, fit.labels, fit.bic, k, seed, settings, resamples, minShare));
    }
  }
  return recommend(rows);
}

function measure(
  x: Matrix,
  algorithm: AlgorithmName,
  labels: Int32Array,
  bic: number | null,
  k: number,
  seed: number,
  settings: CandidateSettings,
  resamples: number,
  minShare: number,
): AlgorithmRow {
  const kept: number[] = [];
  labels.forEach((l, i) => {
    if (l >= 0) kept.push(i);
  });
  const sizes = new Map<number, number>();
  for (const i of kept) sizes.set(labels[i]!, (sizes.get(labels[i]!) ?? 0) + 1);
  const found = sizes.size;
  const noiseShare = (x.rows - kept.length) / x.rows;
  const smallest = found === 0 ? 0 : Math.min(...sizes.values());
  let silhouette: number | null = null;
  let ch: number | null = null;
  let db: number | null = null;
  if (found >= 2 && found < kept.length) {
    const d = x.cols;
    const sub = new Float64Array(kept.length * d);
    kept.forEach((r, i) => sub.set(x.data.subarray(r * d, r * d + d), i * d));
    const m = { data: sub, rows: kept.length, cols: d };
    const l = Int32Array.from(kept, (i) => labels[i]!);
    silhouette = silhouetteScore(m, l, { seed });
    ch = calinskiHarabaszScore(m, l);
    db = daviesBouldinScore(m, l);
  }
  let stability: number | null = null;
  if (resamples > 0 && found >= 2 && found <= x.rows) {
    const [row] = bootstrapStability(x, {
      ks: [takesK(algorithm) ? k : found],
      resamples,
      seed,
      cluster: (data, kk, s) => fitCandidate(algorithm, data as Matrix, kk, s, settings).labels,
    });
    stability = row!.mean;
  }
  const disqualified =
    found < 2
      ? 'fewer than 2 clusters'
      : noiseShare > 0.2
        ? `${(noiseShare * 100).toFixed(0)}% noise`
        : smallest < minShare * x.rows
          ? `a segment of ${smallest} customers (< ${(minShare * 100).toFixed(0)}%)`
          : null;
  return {
    algorithm,
    k: found,
    silhouette,
    calinskiHarabasz: ch,
    daviesBouldin: db,
    bic,
    stability,
    noiseShare,
    smallestSegment: smallest,
    disqualified,
  };
}

function recommend(rows: AlgorithmRow[]): CompareAlgorithmsResult {
  const warnings: CohortlabWarning[] = [];
  const qualified = rows.filter((r) => r.disqualified === null);
  if (qualified.length === 0) {
    warnings.push(
      cohortlabWarning(
        'WEAK_CHOICE',
        'compareAlgorithms: every candidate was disqualified (too few clusters, too much noise or a tiny segment); no recommendation',
        { stage: 'clusters' },
      ),
    );
    return { rows, recommended: null, reasons: [], warnings };
  }
  const measures: [keyof AlgorithmRow, 1 | -1, string][] = [
    ['silhouette', 1, 'silhouette'],
    ['calinskiHarabasz', 1, 'Calinski–Harabasz'],
    ['daviesBouldin', -1, 'Davies–Bouldin'],
    ['stability', 1, 'stability'],
  ];
  const rankSum = new Map<AlgorithmRow, number>(qualified.map((r) => [r, 0]));
  const rankCount = new Map<AlgorithmRow, number>(qualified.map((r) => [r, 0]));
  const rankOf = new Map<string, Map<AlgorithmRow, number>>();
  for (const [key, sign, name] of measures) {
    const scored = qualified.filter((r) => typeof r[key] === 'number' && Number.isFinite(r[key]));
    const sorted = [...scored].sort((a, b) => sign * ((b[key] as number) - (a[key] as number)));
    const ranks = new Map<AlgorithmRow, number>();
    sorted.forEach((r, i) => {
      ranks.set(r, i + 1);
      rankSum.set(r, rankSum.get(r)! + i + 1);
      rankCount.set(r, rankCount.get(r)! + 1);
    });
    rankOf.set(name, ranks);
  }
  const mean = (r: AlgorithmRow): number =>
    rankCount.get(r)! > 0 ? rankSum.get(r)! / rankCount.get(r)! : Infinity;
  const best = qualified.reduce((a, b) =>
    mean(b) < mean(a) || (mean(b) === mean(a) && b.k < a.k) ? b : a,
  );
  const reasons = [
    `${best.algorithm} with k = ${best.k}: best mean rank (${mean(best).toFixed(2)}) of ${qualified.length} qualified candidates over silhouette, Calinski–Harabasz, Davies–Bouldin and stability`,
  ];
  for (const [key, , name] of measures) {
    const value = best[key];
    const rank = rankOf.get(name)!.get(best);
    if (typeof value === 'number' && rank !== undefined)
      reasons.push(`${name} ${value.toFixed(3)} (rank ${rank} of ${rankOf.get(name)!.size})`);
  }
  reasons.push(
    `smallest segment ${best.smallestSegment} customers; noise ${(best.noiseShare * 100).toFixed(1)}%`,
  );
  const excluded = rows.length - qualified.length;
  if (excluded > 0)
    reasons.push(
      `${excluded} candidate(s) disqualified (fewer than 2 clusters, over 20% noise or a tiny segment)`,
    );
  return { rows, recommended: best, reasons, warnings };
}

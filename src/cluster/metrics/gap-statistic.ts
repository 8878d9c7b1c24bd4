/**
 * The gap statistic of Tibshirani, Walther and Hastie (2001) for choosing the number of
 * clusters, with uniform reference data over the bounding box of the data.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions } from '../../util/options.js';
import { sumOfSquaresWithin } from './centroids.js';
import {
  clusterFunctionOption,
  countOption,
  ksOption,
  type ClusterFunction,
} from './cluster-function.js';
import { encodeLabels } from './labels.js';
import { checkMatrix, type MatrixLike } from './matrix-like.js';
import { checkSeed, createRandom, deriveSeed } from './random.js';

/** Default number of reference data sets (B). */
export const DEFAULT_GAP_REFERENCES = 10;

/** Options of {@link gapStatistic}. */
export interface GapStatisticOptions {
  /** The numbers of clusters to evaluate (integers ≥ 1, at most the number of rows). */
  readonly ks: readonly number[];
  /** Clusters a data set into k clusters; not called for k = 1 (one cluster is all rows). */
  readonly cluster: ClusterFunction;
  /** Number of uniform reference data sets B (default {@link DEFAULT_GAP_REFERENCES}). */
  readonly references?: number;
  /** Seed of the reference data and of the clusterings (default 0). */
  readonly seed?: number;
}

/** The gap statistic at one k. */
export interface GapStatisticRow {
  /** Number of clusters. */
  readonly k: number;
  /** log W_k of the data, W_k the pooled within-cluster sum of squares around cluster means. */
  readonly logW: number;
  /** Mean of log W*_kb over the B reference data sets (E*_n{log W_k}). */
  readonly referenceLogW: number;
  /** Gap_n(k) = referenceLogW - logW. */
  readonly gap: number;
  /** Standard deviation of log W*_kb over the references (divisor B). */
  readonly sd: number;
  /** s_k = sd · √(1 + 1/B), the simulation error of the gap. */
  readonly sk: number;
}

/** Result of {@link gapStatistic}. */
export interface GapStatisticResult {
  /** One row per k, ascending. */
  readonly rows: readonly GapStatisticRow[];
  /**
   * Tibshirani's choice: the smallest k with Gap(k) ≥ Gap(k') - s_k', k' the next k evaluated;
   * null when no k qualifies (the gap still rises at the end of the range).
   */
  readonly bestK: number | null;
}

/**
 * Computes the gap statistic for each k of `options.ks`.
 *
 * For each k the data is clustered with `cluster(x, k, seed)` and `W_k`, the sum over
 * clusters of the squared distances to the cluster mean (Σ_r D_r / 2n_r in the paper), is
 * taken. B reference data sets of the same size are drawn uniformly over the bounding box
 * of the data (each feature between its minimum and maximum, the paper's option (a)) and
 * clustered the same way with seeds derived from `seed`. `Gap(k) = mean_b log W*_kb - log W_k`.
 *
 * Deterministic: the same data, options and (deterministic) clustering function give the
 * same result. INVALID_INPUT when a clustering leaves zero dispersion (k at least the number
 * of distinct points), since its logarithm is -∞.
 *
 * @param x points, row-major (finite values only); usually the scaled features
 */
export function gapStatistic(x: MatrixLike, options: GapStatisticOptions): GapStatisticResult {
  const owner = 'gapStatistic';
  const raw = checkOptions(options, ['ks', 'cluster', 'references', 'seed'], owner);
  const ks = ksOption(raw['ks'], 1, owner);
  const cluster = clusterFunctionOption(raw['cluster'], owner);
  const references = countOption(raw['references'], DEFAULT_GAP_REFERENCES, 'references', owner);
  const seed = raw['seed'] === undefined ? 0 : checkSeed(raw['seed'], owner);
  checkMatrix(x, owner);
  const largest = ks[ks.length - 1] as number;
  if (largest > x.rows) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: k = ${largest} exceeds the ${x.rows} rows`,
    );
  }

  const logW = ks.map((k) => logDispersion(x, k, seed, cluster, 'the data'));
  const { rows, cols, data } = x;
  const low = new Float64Array(cols).fill(Infinity);
  const high = new Float64Array(cols).fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j] as number;
      if (v < (low[j] as number)) low[j] = v;
      if (v > (high[j] as number)) high[j] = v;
    }
  }

  // referenceLogW[ki][b]; one reference data set in memory at a time.
  const simulated = ks.map(() => new Float64Array(references));
  for (let b = 0; b < references; b++) {
    // A fresh buffer each time: the clustering function may keep the data it was given.
    const reference = new Float64Array(rows * cols);
    const refMatrix: MatrixLike = { data: reference, rows, cols };
    const random = createRandom(deriveSeed(seed, 1, b));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const lo = low[j] as number;
        reference[i * cols + j] = lo + ((high[j] as number) - lo) * random.nextFloat();
      }
    }
    ks.forEach((k, ki) => {
      const s = deriveSeed(seed, 2, b, k);
      (simulated[ki] as Float64Array)[b] = logDispersion(
        refMatrix,
        k,
        s,
        cluster,
        'reference data',
      );
    });
  }

  const out: GapStatisticRow[] = ks.map((k, ki) => {
    const values = simulated[ki] as Float64Array;
    let total = 0;
    for (const v of values) total += v;
    const mean = total / references;
    let ss = 0;
    for (const v of values) ss += (v - mean) * (v - mean);
    const sd = Math.sqrt(ss / references);
    const lw = logW[ki] as number;
    return {
      k,
      logW: lw,
      referenceLogW: mean,
      gap: mean - lw,
      sd,
      sk: sd * Math.sqrt(1 + 1 / references),
    };
  });
  let bestK: number | null = null;
  for (let i = 0; i + 1 < out.length; i++) {
    const here = out[i] as GapStatisticRow;
    const next = out[i + 1] as GapStatisticRow;
    if (here.gap >= next.gap - next.sk) {
      bestK = here.k;
      break;
    }
  }
  return { rows: out, bestK };
}

/** log W_k of `x` clustered into k clusters (all rows in one cluster for k = 1). */
function logDispersion(
  x: MatrixLike,
  k: number,
  seed: number,
  cluster: ClusterFunction,
  what: string,
): number {
  const labels = k === 1 ? new Int32Array(x.rows) : cluster(x, k, seed);
  const { codes, counts } = encodeLabels(labels, x.rows, 'gapStatistic cluster function');
  const w = sumOfSquaresWithin(x, codes, counts);
  if (!(w > 0)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `gapStatistic: within-cluster dispersion of ${what} is 0 at k = ${k} (k is at least the number of distinct points)`,
    );
  }
  return Math.log(w);
}

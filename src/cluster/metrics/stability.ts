/**
 * Bootstrap stability of a clustering: how much the partition changes when the rows are
 * resampled, measured with the adjusted Rand index.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions } from '../../util/options.js';
import { countDistinctRows } from '../kmeans/data-checks.js';
import { adjustedRandScore } from './adjusted-rand.js';
import {
  clusterFunctionOption,
  countOption,
  ksOption,
  type ClusterFunction,
} from './cluster-function.js';
import { encodeLabels } from './labels.js';
import { checkMatrix, takeMatrixRows, type MatrixLike } from './matrix-like.js';
import { checkSeed, createRandom, deriveSeed, sampleWithReplacement } from './random.js';

/** Default number of bootstrap resamples per k. */
export const DEFAULT_STABILITY_RESAMPLES = 20;

/** Options of {@link bootstrapStability}. */
export interface StabilityOptions {
  /** The numbers of clusters to evaluate (integers ≥ 2). */
  readonly ks: readonly number[];
  /** Clusters a data set into k clusters. */
  readonly cluster: ClusterFunction;
  /** Bootstrap resamples B per k (default {@link DEFAULT_STABILITY_RESAMPLES}). */
  readonly resamples?: number;
  /** Seed of the resamples and clusterings (default 0). */
  readonly seed?: number;
}

/** Stability at one k. */
export interface StabilityRow {
  /** Number of clusters. */
  readonly k: number;
  /**
   * Mean adjusted Rand index over the resamples (1 = the same partition every time). Resamples
   * with fewer than k distinct points cannot be clustered and are left out; NaN when all are.
   */
  readonly mean: number;
  /** Standard deviation of the indices (divisor B, numpy's default). */
  readonly std: number;
  /** The B indices, resample order (NaN for a resample with fewer than k distinct points). */
  readonly scores: readonly number[];
}

/**
 * Bootstrap stability per k.
 *
 * For each k, the reference labels are `cluster(x, k, seed)` on all rows. Then B times: n
 * rows are drawn with replacement, the resample is clustered with `cluster(resample, k, s_b)`,
 * and its labels are compared with the reference labels on the distinct rows drawn (about
 * 63 % of them; a row drawn several times counts once, with the label of its first copy)
 * by the adjusted Rand index. The same B resamples are used for every k, so differences
 * between k are not resampling noise.
 *
 * Deterministic for a deterministic clustering function. Seeds: the reference clustering gets
 * `seed` itself, resample b's rows and clustering get seeds derived from (seed, b) and
 * (seed, b, k).
 *
 * @param x points, row-major (finite values only); usually the scaled features
 */
export function bootstrapStability(x: MatrixLike, options: StabilityOptions): StabilityRow[] {
  const owner = 'bootstrapStability';
  const raw = checkOptions(options, ['ks', 'cluster', 'resamples', 'seed'], owner);
  const ks = ksOption(raw['ks'], 2, owner);
  const cluster = clusterFunctionOption(raw['cluster'], owner);
  const resamples = countOption(raw['resamples'], DEFAULT_STABILITY_RESAMPLES, 'resamples', owner);
  const seed = raw['seed'] === undefined ? 0 : checkSeed(raw['seed'], owner);
  checkMatrix(x, owner);
  const n = x.rows;
  const largest = ks[ks.length - 1] as number;
  if (largest > n) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: k = ${largest} exceeds the ${n} rows`);
  }

  const references = ks.map((k) =>
    encodeLabels(cluster(x, k, seed), n, `${owner} cluster function`),
  );
  const scores = ks.map(() => new Array<number>(resamples));
  for (let b = 0; b < resamples; b++) {
    const rows = sampleWithReplacement(n, createRandom(deriveSeed(seed, 3, b)));
    // Distinct rows drawn, with the position of their first copy in the resample.
    const firstCopy = new Int32Array(n).fill(-1);
    const distinct: number[] = [];
    for (let p = 0; p < n; p++) {
      const row = rows[p] as number;
      if (firstCopy[row] === -1) {
        firstCopy[row] = p;
        distinct.push(row);
      }
    }
    const resample = takeMatrixRows(x, rows);
    // A resample of a small or repetitive data set can hold fewer distinct points than k:
    // no clustering into k groups exists, so that (resample, k) pair is left out (NaN).
    const points = countDistinctRows(resample, null, largest);
    ks.forEach((k, ki) => {
      if (k > points) {
        (scores[ki] as number[])[b] = NaN;
        return;
      }
      const labels = encodeLabels(
        cluster(resample, k, deriveSeed(seed, 4, b, k)),
        n,
        `${owner} cluster function`,
      ).codes;
      const reference = (references[ki] as { codes: Int32Array }).codes;
      const before = Int32Array.from(distinct, (row) => reference[row] as number);
      const after = Int32Array.from(distinct, (row) => labels[firstCopy[row] as number] as number);
      (scores[ki] as number[])[b] = adjustedRandScore(before, after);
    });
  }

  return ks.map((k, ki) => {
    const values = scores[ki] as number[];
    const measured = values.filter((v) => !Number.isNaN(v));
    let total = 0;
    for (const v of measured) total += v;
    const mean = measured.length === 0 ? NaN : total / measured.length;
    let ss = 0;
    for (const v of measured) ss += (v - mean) * (v - mean);
    return { k, mean, std: Math.sqrt(ss / measured.length), scores: values };
  });
}

/**
 * DBSCAN (Ester, Kriegel, Sander and Xu 1996): clusters are dense regions, and customers in
 * no dense region are noise (label −1) rather than forced into a segment.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../../errors/warnings.js';
import { requireFitted } from '../../model/estimator.js';
import { checkOptions } from '../../util/options.js';
import { checkedMatrix, type MatrixInput } from '../kmeans/matrix.js';
import { integerOption } from '../kmeans/options.js';
import { kneedle } from '../metrics/kneedle.js';
import { kDistances, radiusNeighbors } from './neighbors.js';

const TYPE = 'DBSCAN';

/** Hyperparameters of {@link DBSCAN}, defaults filled in. */
export interface DBSCANParams {
  /**
   * Neighbourhood radius, or `'knee'` (default): the knee (Kneedle) of the sorted distances of
   * each customer to its `minSamples`-th nearest neighbour (itself counted), the classic
   * k-distance plot of Ester et al.
   */
  readonly eps: number | 'knee';
  /** Rows (the row itself included) within eps that make a core point (default 5). */
  readonly minSamples: number;
}

/** Options of the {@link DBSCAN} constructor. */
export type DBSCANOptions = Partial<DBSCANParams>;

/** What `fit` learned. */
export interface DBSCANLearned {
  /** Cluster of each row, −1 for noise. */
  readonly labels: Int32Array;
  /** Indices of the core rows, ascending. */
  readonly coreSampleIndices: Int32Array;
  /** Number of clusters (noise not counted). */
  readonly nClusters: number;
  /** Share of rows labelled noise. */
  readonly noiseShare: number;
  /** The radius used (the knee's when `eps` was `'knee'`). */
  readonly eps: number;
  /** The sorted k-distances when eps came from the knee (for a k-distance plot), else undefined. */
  readonly kDistances: Float64Array | undefined;
  /** `WEAK_CHOICE` when the k-distance curve had no knee. */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * DBSCAN on Euclidean distances, with scikit-learn's definitions: a core point has at least
 * `minSamples` rows (itself included) within `eps` (≤); clusters are grown depth-first from
 * the core points in index order, so cluster numbers, core points, noise and the border
 * points' clusters are scikit-learn's. Brute force: O(n²·d) time, neighbourhood memory in
 * proportion to the neighbours found.
 *
 * ```ts
 * const db = new DBSCAN({ minSamples: 5 }).fit(x); // eps from the k-distance knee
 * db.learned.labels;     // −1: fits no segment
 * db.learned.noiseShare; // e.g. 0.04
 * ```
 */
export class DBSCAN {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<DBSCANParams>;
  #state: DBSCANLearned | undefined;

  /** @param options see {@link DBSCANOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: DBSCANOptions = {}) {
    const raw = checkOptions(options, ['eps', 'minSamples'], TYPE);
    const eps = raw['eps'] ?? 'knee';
    if (eps !== 'knee' && (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps))) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} option "eps" must be a finite number > 0 or 'knee'`,
      );
    }
    this.params = Object.freeze({ eps, minSamples: integerOption(raw, 'minSamples', 5, 1, TYPE) });
  }

  /** True once fitted. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned; `NOT_FITTED` before. */
  get learned(): DBSCANLearned {
    return requireFitted(this.#state, TYPE);
  }

  /** Cluster of each training row, −1 for noise (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(this.learned.labels);
  }

  /** Finds the dense clusters of the rows of `input`. */
  fit(input: MatrixInput): this {
    const owner = `${TYPE}.fit`;
    const x = checkedMatrix(input, owner);
    const n = x.rows;
    const { minSamples } = this.params;
    if (n === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: the data has no rows`);
    const warnings: CohortlabWarning[] = [];
    let eps: number;
    let sorted: Float64Array | undefined;
    if (this.params.eps === 'knee') {
      if (n < Math.max(3, minSamples)) {
        throw new CohortlabError(
          'INVALID_INPUT',
          `${owner}: eps 'knee' needs at least ${Math.max(3, minSamples)} rows (minSamples = ${minSamples}), the data has ${n}`,
        );
      }
      sorted = kDistances(x, minSamples).sort();
      eps = kneeEps(sorted, warnings);
    } else eps = this.params.eps;
    const hood = radiusNeighbors(x, eps);
    const core = new Uint8Array(n);
    for (let i = 0; i < n; i++)
      core[i] = (hood.start[i + 1] as number) - (hood.start[i] as number) >= minSamples ? 1 : 0;
    const labels = new Int32Array(n).fill(-1);
    const stack: number[] = [];
    let cluster = 0;
    for (let seed = 0; seed < n; seed++) {
      if (labels[seed] !== -1 || core[seed] === 0) continue;
      // Depth-first from the seed; border points are labelled but not expanded.
      stack.push(seed);
      while (stack.length > 0) {
        const i = stack.pop() as number;
        if (labels[i] !== -1) continue;
        labels[i] = cluster;
        if (core[i] === 0) continue;
        for (let p = hood.start[i] as number; p < (hood.start[i + 1] as number); p++) {
          const v = hood.index[p] as number;
          if (labels[v] === -1) stack.push(v);
        }
      }
      cluster++;
    }
    const coreSampleIndices = Int32Array.from(Array.from(core.keys()).filter((i) => core[i] === 1));
    const noise = labels.reduce((s, v) => s + (v < 0 ? 1 : 0), 0);
    this.#state = {
      labels,
      coreSampleIndices,
      nClusters: cluster,
      noiseShare: noise / n,
      eps,
      kDistances: sorted,
      warnings,
    };
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).labels;
  }
}

/** eps at the knee of the sorted k-distances; the 95th percentile, with a warning, if none. */
function kneeEps(sorted: Float64Array, warnings: CohortlabWarning[]): number {
  const n = sorted.length;
  const xs = Array.from({ length: n }, (_, i) => i);
  const knee = kneedle(xs, Array.from(sorted), { curve: 'convex', direction: 'increasing' });
  if (knee.y !== null && knee.y > 0) return knee.y;
  const fallback = sorted[Math.min(n - 1, Math.floor(0.95 * n))] as number;
  warnings.push(
    cohortlabWarning(
      'WEAK_CHOICE',
      `DBSCAN found no knee in the k-distance curve; eps is its 95th percentile (${fallback.toPrecision(4)})`,
      { stage: 'clusters' },
    ),
  );
  return fallback > 0 ? fallback : Number.MIN_VALUE;
}

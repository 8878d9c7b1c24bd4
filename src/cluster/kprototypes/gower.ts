/**
 * Gower's (1971) dissimilarity for mixed data, and the silhouette (Rousseeuw 1987) on it: the
 * comparison measure for clusterings that mix numeric and categorical attributes, where a
 * Euclidean silhouette of one-hot columns would depend on the encoding.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions } from '../../util/options.js';
import { checkNumberOfLabels, encodeLabels, type ClusterLabels } from '../metrics/labels.js';
import { checkSeed, createRandom, sampleWithoutReplacement } from '../metrics/random.js';
import { DEFAULT_SILHOUETTE_SAMPLE_SIZE } from '../metrics/silhouette.js';
import { encodeMixed, type MixedInput } from './mixed-data.js';

/** Encoded rows with numeric values pre-divided by their range (0 for a constant attribute). */
interface GowerRows {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  readonly num: Float64Array;
  readonly cat: Int32Array;
}

function gowerRows(input: MixedInput, owner: string): GowerRows {
  const data = encodeMixed(input, owner);
  const n = data.rows;
  const p = data.numeric?.cols ?? 0;
  const q = data.categorical.cols;
  const num = new Float64Array(n * p);
  for (let t = 0; t < p; t++) {
    const x = (data.numeric as { data: Float64Array }).data;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x[i * p + t] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    for (let i = 0; i < n; i++) num[i * p + t] = range > 0 ? (x[i * p + t] as number) / range : 0;
  }
  return { n, p, q, num, cat: data.categorical.codes };
}

/** Gower dissimilarity of rows i and j, in [0, 1]. */
function gower(rows: GowerRows, i: number, j: number): number {
  const { p, q, num, cat } = rows;
  let s = 0;
  for (let t = 0; t < p; t++)
    s += Math.abs((num[i * p + t] as number) - (num[j * p + t] as number));
  for (let t = 0; t < q; t++) if (cat[i * q + t] !== cat[j * q + t]) s++;
  return s / (p + q);
}

/**
 * Gower dissimilarities between all rows, n × n row-major: the mean over attributes of
 * `|x − y| / range` for numeric ones (range over these rows; a constant attribute adds 0) and
 * of 0/1 mismatches for categorical ones. Every attribute weighs the same whatever its units,
 * so the numeric attributes need no scaling. n² memory: for large n use
 * {@link gowerSilhouetteScore}, which never builds the matrix.
 */
export function gowerDistances(input: MixedInput): Float64Array {
  const rows = gowerRows(input, 'gowerDistances');
  const { n } = rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = gower(rows, i, j);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}

/**
 * The silhouette of every row under the Gower dissimilarity: `(b − a) / max(a, b)` as in
 * scikit-learn's `silhouette_samples(..., metric='precomputed')`, 0 for a row alone in its
 * cluster. Exact, O(n²) time, O(n·k) memory. Needs 2 ≤ k ≤ n − 1 clusters.
 */
export function gowerSilhouetteSamples(input: MixedInput, labels: ClusterLabels): Float64Array {
  const owner = 'gowerSilhouetteSamples';
  const rows = gowerRows(input, owner);
  const { codes, counts, k } = encodeLabels(labels, rows.n, owner);
  checkNumberOfLabels(k, rows.n, owner);
  return silhouetteOf(rows, codes, counts, null);
}

/**
 * The mean Gower silhouette (see {@link gowerSilhouetteSamples}). Above `sampleSize` rows
 * (default 10,000; `null`: always exact) it is the exact score of a seeded random subset of
 * that size, the ranges still taken over all rows.
 */
export function gowerSilhouetteScore(
  input: MixedInput,
  labels: ClusterLabels,
  options: { readonly sampleSize?: number | null; readonly seed?: number } = {},
): number {
  const owner = 'gowerSilhouetteScore';
  const raw = checkOptions(options, ['sampleSize', 'seed'], owner);
  const size = raw['sampleSize'] === undefined ? DEFAULT_SILHOUETTE_SAMPLE_SIZE : raw['sampleSize'];
  if (size !== null && (typeof size !== 'number' || !Number.isInteger(size) || size < 2)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "sampleSize" must be an integer of at least 2, or null`,
    );
  }
  const seed = raw['seed'] === undefined ? 0 : checkSeed(raw['seed'], owner);
  const rows = gowerRows(input, owner);
  const encoded = encodeLabels(labels, rows.n, owner);
  let subset: Int32Array | null = null;
  let subsetLabels: ClusterLabels = encoded.codes;
  if (size !== null && rows.n > size) {
    subset = sampleWithoutReplacement(rows.n, size, createRandom(seed));
    subsetLabels = Int32Array.from(subset, (i) => encoded.codes[i] as number);
  }
  const m = subset?.length ?? rows.n;
  const { codes, counts, k } = encodeLabels(subsetLabels, m, owner);
  checkNumberOfLabels(k, m, owner);
  const samples = silhouetteOf(rows, codes, counts, subset);
  let total = 0;
  for (const s of samples) total += s;
  return total / samples.length;
}

/** Silhouettes of the rows `subset` (all rows when null) with dense cluster codes. */
function silhouetteOf(
  rows: GowerRows,
  codes: Int32Array,
  counts: Int32Array,
  subset: Int32Array | null,
): Float64Array {
  const m = codes.length;
  const k = counts.length;
  const at = (r: number): number => (subset === null ? r : (subset[r] as number));
  const sums = new Float64Array(m * k); // sums[r * k + c]: Σ distances from r to cluster c
  for (let r = 0; r < m; r++) {
    const i = at(r);
    const cr = codes[r] as number;
    for (let s = r + 1; s < m; s++) {
      const d = gower(rows, i, at(s));
      sums[r * k + (codes[s] as number)]! += d;
      sums[s * k + cr]! += d;
    }
  }
  const out = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const own = codes[r] as number;
    const size = counts[own] as number;
    if (size === 1) continue;
    const a = (sums[r * k + own] as number) / (size - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own) b = Math.min(b, (sums[r * k + c] as number) / (counts[c] as number));
    }
    const top = Math.max(a, b);
    out[r] = top === 0 ? 0 : (b - a) / top;
  }
  return out;
}

/**
 * Cluster labels: validation and encoding to dense codes 0..k-1, as scikit-learn's
 * `LabelEncoder` does before every cluster metric.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

/**
 * One cluster label per row: any integers (e.g. k-means' 0..k-1, or -1 for noise). Only
 * equality matters; the values need not be contiguous.
 */
export type ClusterLabels = Int32Array | readonly number[] | ArrayLike<number>;

/** Labels encoded as dense codes. */
export interface EncodedLabels {
  /** Code 0..k-1 of each row; codes follow the ascending order of the label values. */
  readonly codes: Int32Array;
  /** The distinct label values, ascending; `classes[code]` is the original label. */
  readonly classes: readonly number[];
  /** Rows per code. */
  readonly counts: Int32Array;
  /** Number of distinct labels. */
  readonly k: number;
}

/**
 * Encodes `labels` to codes 0..k-1 in ascending label order. INVALID_INPUT when there are not
 * exactly `rows` labels (when `rows` is given) or a label is not an integer.
 */
export function encodeLabels(
  labels: ClusterLabels,
  rows: number | null,
  owner: string,
): EncodedLabels {
  if (typeof labels !== 'object' || labels === null || typeof labels.length !== 'number') {
    throw new CohortlabError('INVALID_INPUT', `${owner}: labels must be an array of integers`);
  }
  const n = labels.length;
  if (rows !== null && n !== rows) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: ${n} labels for ${rows} rows`);
  }
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (typeof label !== 'number' || !Number.isInteger(label)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: labels must be integers, found ${String(label)}`,
        { row: i + 1 },
      );
    }
    if (!index.has(label)) index.set(label, 0);
  }
  const classes = [...index.keys()].sort((a, b) => a - b);
  classes.forEach((label, code) => index.set(label, code));
  const codes = new Int32Array(n);
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < n; i++) {
    const code = index.get(labels[i] as number) as number;
    codes[i] = code;
    counts[code]!++;
  }
  return { codes, classes, counts, k: classes.length };
}

/**
 * scikit-learn's `check_number_of_labels`: the internal cluster metrics need 2 ≤ k ≤ n - 1.
 * INVALID_INPUT with scikit-learn's wording otherwise.
 */
export function checkNumberOfLabels(k: number, n: number, owner: string): void {
  if (!(k > 1 && k < n)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: number of labels is ${k}. Valid values are 2 to n_samples - 1 (inclusive), n_samples = ${n}`,
    );
  }
}

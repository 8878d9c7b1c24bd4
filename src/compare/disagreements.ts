/**
 * The customers on whom two labellings disagree once clusters are renamed to their matched
 * classes.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { labelKind, type Label } from '../evaluate/labels.js';
import type { Matching } from './hungarian.js';

/** Options of {@link disagreements}. */
export interface DisagreementOptions {
  /** One id per row (e.g. customer ids), reported for the disagreeing rows. */
  readonly ids?: ArrayLike<string | number>;
}

/** Result of {@link disagreements}. */
export interface Disagreements<A extends Label = Label, B extends Label = Label> {
  /** Row indices where class and cluster disagree, ascending. */
  readonly indices: Int32Array;
  /** Their ids, when `ids` was given. */
  readonly ids: readonly (string | number)[] | undefined;
  /** Class of each disagreeing row. */
  readonly classes: readonly A[];
  /** Cluster of each disagreeing row. */
  readonly clusters: readonly B[];
  /** The cluster matched to the row's class (undefined when the class has no match). */
  readonly expectedClusters: readonly (B | undefined)[];
  /** Number of disagreeing rows. */
  readonly count: number;
  /** count / rows (1 − agreement). */
  readonly rate: number;
}

/**
 * The rows whose cluster is not the one matched to their class by `matching` (from
 * `hungarianMatch(contingencyTable(classes, clusters))`). Rows of a class left unmatched
 * (more classes than clusters) always disagree. INVALID_INPUT when lengths differ.
 */
export function disagreements<A extends Label, B extends Label>(
  classes: ArrayLike<A>,
  clusters: ArrayLike<B>,
  matching: Matching<A, B>,
  options: DisagreementOptions = {},
): Disagreements<A, B> {
  const owner = 'disagreements';
  labelKind(`${owner} (classes)`, classes);
  labelKind(`${owner} (clusters)`, clusters);
  const n = classes.length;
  if (clusters.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: ${n} classes but ${clusters.length} clusters`,
    );
  }
  const ids = options.ids;
  if (ids !== undefined && ids.length !== n) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: ${ids.length} ids for ${n} rows`);
  }
  const partner = new Map<A, B>(matching.pairs.map((pair) => [pair.row, pair.col]));
  const indices: number[] = [];
  const rowClasses: A[] = [];
  const rowClusters: B[] = [];
  const expected: (B | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const cls = classes[i] as A;
    const cluster = clusters[i] as B;
    const match = partner.get(cls);
    if (match === cluster) continue;
    indices.push(i);
    rowClasses.push(cls);
    rowClusters.push(cluster);
    expected.push(match);
  }
  return {
    indices: Int32Array.from(indices),
    ids: ids === undefined ? undefined : indices.map((i) => ids[i] as string | number),
    classes: rowClasses,
    clusters: rowClusters,
    expectedClusters: expected,
    count: indices.length,
    rate: n === 0 ? NaN : indices.length / n,
  };
}

/**
 * Purity of a clustering with respect to reference classes, and the reverse.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Label } from '../evaluate/labels.js';
import { pairCounts, type PairCounts } from './pair-counts.js';

/** Purity of counted pairs: columns (clusters) scored by their largest row (class). */
export function purityFromCounts(counts: PairCounts, byRows = false): number {
  if (counts.n === 0) throw new CohortlabError('NO_ROWS', 'purity: no rows to compare');
  const groups = byRows ? counts.rowLabels.length : counts.colLabels.length;
  const best = new Float64Array(groups);
  const group = byRows ? counts.cellRow : counts.cellCol;
  counts.cellCount.forEach((v, k) => {
    const g = group[k] as number;
    if (v > (best[g] as number)) best[g] = v;
  });
  let sum = 0;
  for (const v of best) sum += v;
  return sum / counts.n;
}

/**
 * Purity of `clusters` with respect to `classes`: each cluster is credited with its most
 * common class, and purity is the share of rows in their cluster's majority class
 * (Manning, Raghavan and Schütze 2008). 1 when every cluster holds a single class, which
 * one cluster per row trivially achieves; read it with its reverse,
 * `purity(clusters, classes)` (inverse purity: each class credited with its most common
 * cluster). NO_ROWS for empty labellings.
 */
export function purity(classes: ArrayLike<Label>, clusters: ArrayLike<Label>): number {
  return purityFromCounts(pairCounts('purity', classes, clusters));
}

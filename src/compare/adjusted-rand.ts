/**
 * The adjusted Rand index for any labels (text or numbers), on top of the exact cluster
 * metric in `cluster/metrics`.
 *
 * @module
 */
import { adjustedRandScore } from '../cluster/metrics/adjusted-rand.js';
import { encodeLabels, labelKind, type Label } from '../evaluate/labels.js';
import { CohortlabError } from '../errors/cohortlab-error.js';

/**
 * Agreement of two labellings of the same rows corrected for chance: 1 for identical
 * partitions (whatever the label values), about 0 for independent ones, negative when worse
 * than chance. Each side may hold text or numbers; the labels are encoded and scored by
 * `adjustedRandScore` (exact pair counts), equal to scikit-learn's `adjusted_rand_score`.
 */
export function adjustedRand(a: ArrayLike<Label>, b: ArrayLike<Label>): number {
  labelKind('adjustedRand (first labelling)', a);
  labelKind('adjustedRand (second labelling)', b);
  if (a.length !== b.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `adjustedRand: the labellings differ in length (${a.length} and ${b.length})`,
    );
  }
  return adjustedRandScore(encodeLabels(a).codes, encodeLabels(b).codes);
}

/**
 * Choosing k for k-prototypes: the cost and the Gower silhouette of a fit for each candidate
 * k (the silhouette being comparable across k and across encodings, unlike the cost), the
 * knee of the cost curve, and the k with the best silhouette.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { gowerSilhouetteScore } from '../kprototypes/gower.js';
import { KPrototypes, type KPrototypesOptions } from '../kprototypes/kprototypes.js';
import type { MixedInput } from '../kprototypes/mixed-data.js';
import { kneedle } from '../metrics/kneedle.js';

/** One candidate k. */
export interface MixedKRow {
  readonly k: number;
  /** Total k-prototypes cost of the fit. */
  readonly cost: number;
  /** Mean Gower silhouette of its labels (seeded sample above 10,000 rows). */
  readonly silhouette: number;
}

/** The k table and the choice. */
export interface MixedKChoice {
  readonly k: number;
  readonly rows: readonly MixedKRow[];
  /** The knee of the cost curve (Kneedle), or null. */
  readonly knee: number | null;
  /** Why this k, in words. */
  readonly reason: string;
  /** The fitted model of each k. */
  readonly models: ReadonlyMap<number, KPrototypes>;
}

/**
 * Fits k-prototypes for each k of `ks` (default 2…6) and picks the k with the highest Gower
 * silhouette (the smaller k among equal ones).
 */
export function chooseKMixed(
  input: MixedInput,
  options: Omit<KPrototypesOptions, 'k'> & { readonly ks?: readonly number[] } = {},
): MixedKChoice {
  const { ks = [2, 3, 4, 5, 6], ...rest } = options;
  if (!Array.isArray(ks) || ks.length === 0 || !ks.every((k) => Number.isInteger(k) && k >= 2)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'chooseKMixed option "ks" must list whole numbers >= 2',
    );
  }
  const models = new Map<number, KPrototypes>();
  const rows = [...new Set(ks)]
    .sort((a, b) => a - b)
    .map((k) => {
      const model = new KPrototypes({ ...rest, k }).fit(input);
      models.set(k, model);
      return { k, cost: model.cost, silhouette: gowerSilhouetteScore(input, model.labels) };
    });
  const best = rows.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  const knee =
    rows.length >= 3
      ? kneedle(
          rows.map((r) => r.k),
          rows.map((r) => r.cost),
          { curve: 'convex', direction: 'decreasing' },
        ).knee
      : null;
  const reason = `k = ${best.k}: highest Gower silhouette (${best.silhouette.toFixed(3)})${
    knee === null
      ? ''
      : knee === best.k
        ? ', also the knee of the cost curve'
        : `; the cost curve's knee is at k = ${knee}`
  }`;
  return { k: best.k, rows, knee, reason, models };
}

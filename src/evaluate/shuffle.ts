/**
 * Seeded shuffling for the data splits, on the xoshiro128** generator that k-means uses.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { Xoshiro128 } from '../cluster/kmeans/random.js';

/** The seed of splits when none is given. */
export const DEFAULT_SPLIT_SEED = 0;

/** A generator for `seed` (default {@link DEFAULT_SPLIT_SEED}); INVALID_OPTION for a bad seed. */
export function splitRandom(owner: string, seed: number | undefined): Xoshiro128 {
  const value = seed ?? DEFAULT_SPLIT_SEED;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "seed" must be an integer, got ${String(value)}`,
    );
  }
  return new Xoshiro128(value);
}

/**
 * Shuffles `values` in place with the Fisher–Yates algorithm as numpy's `shuffle` walks it
 * (from the last position down, swapping with a uniform position at or before it). The
 * generator is not numpy's, so the permutation differs from numpy's for the same seed.
 */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  values: T,
  random: Xoshiro128,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const tmp = values[i] as number;
    values[i] = values[j] as number;
    values[j] = tmp;
  }
  return values;
}

/**
 * A repeat-buying model's expectations over a frequency × recency grid, for heatmaps.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { expectedPurchases, probabilityAlive } from '../bg-nbd/expectations.js';
import type { BgNbdParameters } from '../bg-nbd/summary.js';

/** Expected purchases and P(alive) of a customer of age T at each (frequency, recency). */
export interface FrequencyRecencyGrid {
  /** Repeat purchases 0 … maxFrequency (rows). */
  readonly frequency: readonly number[];
  /** Recency values 0 … T in equal steps (columns). */
  readonly recency: readonly number[];
  readonly T: number;
  /** Horizon of `expected`. */
  readonly t: number;
  /** expected[i][j] = E[Y(t) | frequency[i], recency[j], T]; null where frequency 0 has recency > 0. */
  readonly expected: readonly (readonly (number | null)[])[];
  /** alive[i][j] = P(alive | frequency[i], recency[j], T); null likewise. */
  readonly alive: readonly (readonly (number | null)[])[];
}

/**
 * The grid of Fader, Hardie & Lee's iso-value figures: for a customer observed for T, every
 * frequency 0 … maxFrequency and `steps` + 1 recencies from 0 to T. A customer without a
 * repeat purchase has recency 0 by definition, so the other cells of that row are null.
 */
export function frequencyRecencyGrid(
  params: BgNbdParameters,
  options: {
    readonly T: number;
    readonly t: number;
    readonly maxFrequency?: number;
    readonly steps?: number;
  },
): FrequencyRecencyGrid {
  const { T, t } = options;
  const maxFrequency = options.maxFrequency ?? 20;
  const steps = options.steps ?? 20;
  if (!(
    T > 0 &&
    t > 0 &&
    Number.isInteger(maxFrequency) &&
    maxFrequency >= 1 &&
    Number.isInteger(steps) &&
    steps >= 1
  )) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'frequency × recency grid: need T > 0, t > 0 and whole maxFrequency, steps ≥ 1',
    );
  }
  const frequency = Array.from({ length: maxFrequency + 1 }, (_, i) => i);
  const recency = Array.from({ length: steps + 1 }, (_, j) => (T * j) / steps);
  const cell = (f: (x: number, r: number) => number) =>
    frequency.map((x) => recency.map((r) => (x === 0 && r > 0 ? null : f(x, r))));
  return {
    frequency,
    recency,
    T,
    t,
    expected: cell((x, r) => expectedPurchases(params, t, x, r, T)),
    alive: cell((x, r) => probabilityAlive(params, x, r, T)),
  };
}

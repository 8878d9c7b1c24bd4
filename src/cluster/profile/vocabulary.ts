/**
 * Words for cluster names: what a high or low value of a known customer feature is called.
 *
 * @module
 */

/** How one feature direction reads in a cluster name. */
export interface NameTerm {
  /** Used before the head noun, e.g. "recent", "frequent", "one-time", "high-spending". */
  readonly adjective: string;
  /**
   * Used when this term ends the name, e.g. "one-timers", "high spenders". Terms without a
   * noun are followed by "customers" when nothing else supplies one.
   */
  readonly noun?: string;
}

/** The words for one feature. */
export interface FeatureVocabulary {
  /** Position in a name: lower comes first ("recent frequent high spenders" is 0, 2, 4). */
  readonly order: number;
  /** The cluster mean is above the population mean. */
  readonly high: NameTerm;
  /** The cluster mean is below the population mean. */
  readonly low: NameTerm;
  /**
   * Used instead of `low` when the cluster median of the feature is at most 1 (for order
   * counts: most customers of the cluster bought once).
   */
  readonly lowAtMostOne?: NameTerm;
}

/**
 * Words for the features cohortlab computes (see `customerFeatures`). Any other feature reads
 * "high <name>" / "low <name>" and is listed after the phrase built from these.
 */
export const DEFAULT_VOCABULARY: Readonly<Record<string, FeatureVocabulary>> = Object.freeze({
  recency_days: {
    order: 0,
    low: { adjective: 'recent' },
    high: { adjective: 'lapsed' },
  },
  tenure_days: {
    order: 1,
    low: { adjective: 'new' },
    high: { adjective: 'long-standing' },
  },
  frequency: {
    order: 2,
    high: { adjective: 'frequent' },
    low: { adjective: 'infrequent' },
    lowAtMostOne: { adjective: 'one-time', noun: 'one-timers' },
  },
  monetary_mean: {
    order: 3,
    high: { adjective: 'big-basket' },
    low: { adjective: 'small-basket' },
  },
  monetary: {
    order: 4,
    high: { adjective: 'high-spending', noun: 'high spenders' },
    low: { adjective: 'low-spending', noun: 'low spenders' },
  },
});

import type { RuleClassifierOptions } from '../classes/rules/rule-classifier.js';
import type { Customers } from '../data/customers.js';
import type { DateInput } from '../data/as-of.js';
import type { TransactionMapping } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { PipelineProgress } from '../util/progress.js';

/**
 * A predefined class scheme: `rfm` (RFM segments), `abc` (A/B/C value tiers by monetary),
 * `lifecycle` (new, active, at-risk, churned, prospect) or `rules` (user-defined rules).
 */
export type ClassScheme = 'rfm' | 'abc' | 'lifecycle' | 'rules';

/** Every scheme, in column order. */
export const CLASS_SCHEMES: readonly ClassScheme[] = ['rfm', 'abc', 'lifecycle', 'rules'];

/** The schemes a pipeline uses when none are named. */
export const DEFAULT_CLASS_SCHEMES: readonly ClassScheme[] = ['rfm', 'abc', 'lifecycle'];

/** The label column each scheme adds to the cohort table. */
export const SCHEME_COLUMNS: Readonly<Record<ClassScheme, string>> = {
  rfm: 'rfm_segment',
  abc: 'value_tier',
  lifecycle: 'lifecycle',
  rules: 'custom_class',
};

/** Options of `fitPipeline`: what to compute. Every field has a default. */
export interface PipelineOptions {
  /** The date format the transactions were loaded with (recorded; default 'auto'). */
  readonly dateFormat?: string;
  /** As-of date; default the day after the last transaction (see `resolveAsOf`). */
  readonly asOf?: DateInput;
  /** Trailing windows in days for extra features. */
  readonly windows?: readonly number[];
  /** Class schemes, default {@link DEFAULT_CLASS_SCHEMES}; `rules` needs `rules`. */
  readonly classes?: readonly ClassScheme[];
  /** The rule set of the `rules` scheme. */
  readonly rules?: RuleClassifierOptions;
  /** Number of clusters, or 'auto' (default) to choose among 2…6. */
  readonly k?: number | 'auto';
  /**
   * Numeric features to cluster on: column names or globs (`share_*`) of the feature table,
   * skewed non-negative ones logged (see `chooseTransforms`). Default recency_days,
   * frequency, monetary. Text columns are refused here: `segmentAttributes` clusters them.
   */
  readonly features?: readonly string[];
  /** Seed of every random choice (default 0). */
  readonly seed?: number;
  /** Customer table whose attributes join in by id. */
  readonly customers?: Customers;
  /**
   * Also fit a purchase-likelihood model (see `purchaseLikelihood`): the probability of an
   * order within this many days, as column `purchase_probability`. Default: none.
   */
  readonly likelihoodDays?: number;
  /**
   * Also fit the BG/NBD repeat-buying model (see `BgNbd`) on the week summary of the
   * transactions, adding p_alive and expected_purchases_<H>w with H this many weeks.
   * Default: none. Left out with a note when no customer bought on two days.
   */
  readonly bgNbdWeeks?: number;
  /**
   * Timestamp stored in the model as `createdAt`. Default none, so that the same data and
   * options give a byte-identical model file.
   */
  readonly createdAt?: string;
  /**
   * When the lifecycle thresholds cannot be derived (no customer with two orders): true
   * fails with INVALID_INPUT, false (default) leaves the scheme out with a note.
   */
  readonly requireLifecycle?: boolean;
  /**
   * Told as stages start and end, and how far the long ones are (the k search, the folds of
   * the purchase-likelihood model): the CLI's bar, or `notebookProgress()` in a notebook.
   */
  readonly progress?: PipelineProgress;
}

export type { PipelineProgress } from '../util/progress.js';

/** The settings a model was fitted with, as stored in the model file. */
export interface PipelineConfig {
  readonly mapping: TransactionMapping;
  /** The date format as requested ('auto', 'iso', 'yyyymmdd' or a strptime format). */
  readonly dateFormat: string;
  /** The as-of date as requested: a date, or null for "the day after the last transaction". */
  readonly asOf: string | null;
  readonly windows: readonly number[];
  readonly classes: readonly ClassScheme[];
  readonly k: number | 'auto';
  readonly seed: number;
  /** Horizon of the purchase-likelihood model in days, or null when none was fitted. */
  readonly likelihoodDays: number | null;
}

/**
 * Reads a scheme list such as `"rfm,abc,lifecycle"` or `["rfm", "rules"]`. Accepted names:
 * rfm; abc (also value-tiers, value_tier); lifecycle; rules. INVALID_OPTION for another
 * name or a repeated one, naming `option`.
 */
export function parseClassSchemes(
  value: string | readonly string[],
  option = 'classes',
): ClassScheme[] {
  const parts = typeof value === 'string' ? value.split(',') : [...value];
  const out: ClassScheme[] = [];
  for (const part of parts) {
    const name = part.trim().toLowerCase();
    const scheme = SCHEME_ALIASES[name];
    if (scheme === undefined) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${option}: unknown class scheme "${part.trim()}"; use rfm, abc, lifecycle or a rules file (.json)`,
      );
    }
    if (out.includes(scheme)) {
      throw new CohortlabError('INVALID_OPTION', `${option}: "${part.trim()}" is listed twice`);
    }
    out.push(scheme);
  }
  if (out.length === 0) throw new CohortlabError('INVALID_OPTION', `${option} is empty`);
  return out;
}

const SCHEME_ALIASES: Readonly<Record<string, ClassScheme>> = {
  rfm: 'rfm',
  abc: 'abc',
  'value-tiers': 'abc',
  value_tier: 'abc',
  value_tiers: 'abc',
  lifecycle: 'lifecycle',
  rules: 'rules',
};

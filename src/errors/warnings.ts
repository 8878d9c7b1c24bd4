/**
 * Warnings: the decisions cohortlab takes on the user's behalf and the fits it does not
 * trust, made visible. Like scikit-learn's ConvergenceWarning, but returned with the result
 * (`fit.warnings`) instead of printed by a global hook: the library never writes them itself;
 * the CLI prints each once on stderr, writes them into quality.json and shows them at the top
 * of the report, and `--strict` turns them into an error.
 *
 * @module
 */
import { CohortlabError } from './cohortlab-error.js';
import { redactCredentials } from './redact.js';

/** Stable codes of the warnings. Callers branch on `code`, never on message text. */
export type WarningCode =
  /** A transform was skipped or changed for a column (e.g. negatives where a log was asked). */
  | 'TRANSFORM_CHANGED'
  /** Customers without an order of positive value were set apart from a model. */
  | 'NO_PURCHASES'
  /** Ids of one table have no match in the other. */
  | 'UNMATCHED_IDS'
  /** Rows dated in the future or far from the bulk of the data. */
  | 'STRAY_DATES'
  /** A model's fit sits on a boundary of its parameters, or says nothing. */
  | 'DEGENERATE_FIT'
  /** A choice (the number of clusters) was made on weak evidence. */
  | 'WEAK_CHOICE'
  /** A cluster holds very few customers. */
  | 'TINY_CLUSTER'
  /** Rows were left out. */
  | 'ROWS_DROPPED'
  /** A requested part of the job was left out (lifecycle without repeat buyers, …). */
  | 'PART_SKIPPED'
  /** An output column was named otherwise than the rule says, to keep names distinct. */
  | 'NAME_CHANGED'
  /** An assumption of a model does not hold in the data (spend correlated with frequency, …). */
  | 'ASSUMPTION_VIOLATED';

/** One warning: what was decided or found, how often, and one example. */
export interface CohortlabWarning {
  readonly code: WarningCode;
  /** One line, in the vocabulary of the caller that reports it. */
  readonly message: string;
  /** How many rows, customers or columns are concerned. */
  readonly count?: number;
  /** One of them, as the user would recognise it (an id, a date, a column name). */
  readonly example?: string;
  /** The stage that raised it ('load', 'features', 'clusters', 'bg-nbd', …). */
  readonly stage?: string;
}

/** A warning; `count` and `example` only when given. */
export function cohortlabWarning(
  code: WarningCode,
  message: string,
  details: { readonly count?: number; readonly example?: string; readonly stage?: string } = {},
): CohortlabWarning {
  return {
    code,
    message: redactCredentials(message.replace(/\s*\n\s*/g, ' ')),
    ...(details.count === undefined ? {} : { count: details.count }),
    ...(details.example === undefined ? {} : { example: details.example }),
    ...(details.stage === undefined ? {} : { stage: details.stage }),
  };
}

/** The warning as one line: `warning CODE: message (e.g. example)`. */
export function formatWarning(warning: CohortlabWarning): string {
  const example = warning.example === undefined ? '' : ` (e.g. ${warning.example})`;
  return `warning ${warning.code}: ${warning.message}${example}`;
}

/** The warnings without repeats (same code and message), in first-seen order. */
export function uniqueWarnings(warnings: Iterable<CohortlabWarning>): CohortlabWarning[] {
  const seen = new Set<string>();
  const out: CohortlabWarning[] = [];
  for (const w of warnings) {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  return out;
}

/**
 * Throws `STRICT_WARNING` naming the first warning (and how many there are) when there is
 * any: what `--strict` does before anything is written.
 */
export function assertNoWarnings(warnings: readonly CohortlabWarning[], flag = '--strict'): void {
  const first = warnings[0];
  if (first === undefined) return;
  const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more warnings)` : '';
  throw new CohortlabError('STRICT_WARNING', `${flag}: ${formatWarning(first)}${more}`);
}

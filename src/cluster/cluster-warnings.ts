/**
 * The warnings of the clustering stage: a log transform that had to change, a k chosen on
 * weak evidence, clusters too small to act on.
 *
 * @module
 */
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { getNumeric, type ColumnTable } from '../table/column-table.js';
import { votesFor, type ChooseKResult } from './choose-k.js';
import type { ClusterProfile } from './profile/profiles.js';

const STAGE = 'clusters';

/** The log columns split by transform, with a warning per column that needs the signed log. */
export interface LogSplit {
  /** Columns whose values all exceed −1: plain `log1p`. */
  readonly logged: string[];
  /** Columns with a value ≤ −1: `sign(x)·log1p(|x|)`. */
  readonly signed: string[];
  /** One `TRANSFORM_CHANGED` per signed column (mutable: the caller appends its own). */
  readonly warnings: CohortlabWarning[];
}

/**
 * Which of `columns` take `log1p` and which the signed log (a value ≤ −1 has no log1p), with a
 * `TRANSFORM_CHANGED` warning naming the column, the count of such values and the customer of
 * the first one (`idOf(row)`).
 */
export function logSplit(
  rows: ColumnTable,
  columns: readonly string[],
  idOf: (row: number) => string,
): LogSplit {
  const out: LogSplit = { logged: [], signed: [], warnings: [] };
  for (const name of columns) {
    const values = getNumeric(rows, name);
    let count = 0;
    let first = -1;
    values.forEach((v, i) => {
      if (v <= -1) {
        count++;
        if (first < 0) first = i;
      }
    });
    if (count === 0) {
      out.logged.push(name);
      continue;
    }
    out.signed.push(name);
    const example = `${idOf(first)}: ${name} ${String(values[first])}`;
    out.warnings.push(
      cohortlabWarning(
        'TRANSFORM_CHANGED',
        `${name}: ${count} customers have values ≤ −1 (net refunds), which log1p cannot take; ` +
          `${name} is scaled with the signed log sign(x)·log1p(|x|) instead, for every customer`,
        { count, example, stage: STAGE },
      ),
    );
  }
  return out;
}

/**
 * `WEAK_CHOICE` when the chosen k has the votes of at most half the criteria, naming them and
 * the runner-up; and one more listing the k a gate left out (tiny cluster, unstable), if any.
 */
export function choiceWarnings(choice: ChooseKResult): CohortlabWarning[] {
  const out: CohortlabWarning[] = [];
  const criteria = (k: number): string =>
    choice.votes
      .filter((v) => v.k === k)
      .map((v) => v.criterion)
      .join(', ');
  if (choice.support * 2 <= choice.votes.length) {
    const runner =
      choice.runnerUp === null
        ? 'no other k passed the stability and cluster-size gates'
        : `runner-up k = ${choice.runnerUp.k} with ${choice.runnerUp.votes}${choice.runnerUp.votes > 0 ? ` (${criteria(choice.runnerUp.k)})` : ''}`;
    const by = choice.support > 0 ? ` (${criteria(choice.k)})` : '';
    out.push(
      cohortlabWarning(
        'WEAK_CHOICE',
        `k = ${choice.k} was chosen by ${choice.support} of ${choice.votes.length} criteria${by}; ${runner}`,
        { count: choice.support, example: `k = ${choice.k}`, stage: STAGE },
      ),
    );
  }
  // The exclusions that changed the outcome: a k with at least as many votes as the winner.
  const decisive = choice.excluded.filter((e) => votesFor(choice.votes, e.k) >= choice.support);
  const first = decisive[0];
  if (first !== undefined) {
    out.push(
      cohortlabWarning(
        'WEAK_CHOICE',
        `not chosen: ${decisive.map((e) => `${e.reason}, with ${votesFor(choice.votes, e.k)} of ${choice.votes.length} votes`).join('; ')}`,
        { count: decisive.length, example: `k = ${first.k}`, stage: STAGE },
      ),
    );
  }
  return out;
}

/**
 * `TINY_CLUSTER` for every cluster holding less than `minShare` of the clustered customers
 * (none when `minShare` is 0). `chosen`: k came from the search (every k had such a cluster).
 */
export function tinyClusterWarnings(
  profiles: readonly ClusterProfile[],
  minShare: number,
  chosen: boolean,
): CohortlabWarning[] {
  const total = profiles.reduce((sum, p) => sum + p.size, 0);
  const why = chosen ? 'every k searched had one' : 'k was given';
  return profiles
    .filter((p) => p.size < minShare * total)
    .map((p) =>
      cohortlabWarning(
        'TINY_CLUSTER',
        `cluster ${p.cluster} "${p.name}" holds ${p.size} of ${total} customers ` +
          `(${(100 * p.customerShare).toFixed(1)} %), below the minimum of ${(100 * minShare).toFixed(1)} % (${why})`,
        { count: p.size, example: p.name, stage: STAGE },
      ),
    );
}

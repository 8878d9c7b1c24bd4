/**
 * Class labels as the evaluation and comparison functions take them: text or numbers, never
 * mixed, validated once and encoded to dense codes in scikit-learn's sorted order
 * (`np.unique`).
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';

/** One class or cluster label: text (a business class) or a number (a cluster id). */
export type Label = string | number;

/** Labels encoded as dense codes. */
export interface EncodedLabels<L extends Label = Label> {
  /** The distinct labels, sorted (numbers ascending, text by UTF-16 code units). */
  readonly classes: readonly L[];
  /** Code of each row: the index of its label in `classes`, or -1 when not listed. */
  readonly codes: Int32Array;
}

/** Orders labels like `np.unique`: numbers ascending, text by code units. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The kind of labels in `list` ('string' or 'number'; undefined when empty). INVALID_INPUT
 * naming `owner` when it is not an array, holds something other than text or finite numbers,
 * or mixes the two.
 */
export function labelKind(owner: string, list: ArrayLike<Label>): 'string' | 'number' | undefined {
  if (typeof list !== 'object' || list === null || typeof list.length !== 'number') {
    throw new CohortlabError('INVALID_INPUT', `${owner}: labels must be an array`);
  }
  let kind: 'string' | 'number' | undefined;
  for (let i = 0; i < list.length; i++) {
    const label = list[i];
    const type = typeof label;
    if (type === 'number' ? !Number.isFinite(label) : type !== 'string') {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: a label must be text or a finite number, found ${String(label)}`,
        { row: i + 1 },
      );
    }
    if (kind === undefined) kind = type as 'string' | 'number';
    else if (type !== kind) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: labels mix text and numbers (found ${String(label)} among ${kind} labels)`,
        { row: i + 1 },
      );
    }
  }
  return kind;
}

/**
 * Checks that the lists have equal lengths and hold only text or only finite numbers, the
 * same kind in every list (see {@link labelKind}). INVALID_INPUT naming `owner` otherwise.
 */
export function checkLabels(owner: string, lists: readonly ArrayLike<Label>[]): void {
  let kind: 'string' | 'number' | undefined;
  const first = lists[0];
  for (const list of lists) {
    const own = labelKind(owner, list);
    if (first !== undefined && list.length !== first.length) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: label lists differ in length (${first.length} and ${list.length})`,
      );
    }
    if (own === undefined) continue;
    if (kind === undefined) kind = own;
    else if (own !== kind) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: one list has text labels, another numbers`,
      );
    }
  }
}

/** The distinct labels of all `lists`, sorted with {@link compareLabels}. */
export function uniqueLabels<L extends Label>(...lists: readonly ArrayLike<L>[]): L[] {
  const seen = new Set<L>();
  for (const list of lists) for (let i = 0; i < list.length; i++) seen.add(list[i] as L);
  return [...seen].sort(compareLabels);
}

/**
 * Encodes `labels` against `classes` (default: their own sorted distinct values). Labels not
 * in `classes` get code -1.
 */
export function encodeLabels<L extends Label>(
  labels: ArrayLike<L>,
  classes: readonly L[] = uniqueLabels(labels),
): EncodedLabels<L> {
  const index = new Map<L, number>();
  classes.forEach((label, code) => {
    if (!index.has(label)) index.set(label, code);
  });
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = index.get(labels[i] as L) ?? -1;
  return { classes, codes };
}

/** Throws INVALID_INPUT unless `weights` has `n` finite non-negative entries. */
export function checkSampleWeight(
  owner: string,
  weights: ArrayLike<number> | undefined,
  n: number,
): void {
  if (weights === undefined) return;
  if (weights.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: ${weights.length} sample weights for ${n} rows`,
    );
  }
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (!(Number.isFinite(w) && w >= 0)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: sample weights must be finite and non-negative, found ${String(w)}`,
        { row: i + 1 },
      );
    }
  }
}

/** Throws NO_ROWS when there is nothing to evaluate. */
export function checkNotEmpty(owner: string, n: number): void {
  if (n === 0) throw new CohortlabError('NO_ROWS', `${owner}: no rows to evaluate`);
}

/**
 * Checks a caller's label list (e.g. the `labels` option): the same kind as `like` and no
 * duplicates. INVALID_OPTION otherwise.
 */
export function checkLabelOption(
  owner: string,
  labels: readonly Label[],
  like: ArrayLike<Label>,
): void {
  const kind = labelKind(`${owner} option "labels"`, labels);
  const other = labelKind(owner, like);
  if (kind !== undefined && other !== undefined && kind !== other) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "labels" holds ${kind} labels but the data ${other} labels`,
    );
  }
  if (new Set(labels).size !== labels.length) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: option "labels" lists a label twice`);
  }
}

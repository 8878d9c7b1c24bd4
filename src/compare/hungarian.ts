/**
 * The best one-to-one matching of classes to clusters: the Hungarian (Kuhn–Munkres)
 * algorithm on the contingency table, maximising the rows on matched pairs.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Label } from '../evaluate/labels.js';
import type { ContingencyTable } from './contingency.js';

/** One matched pair of a {@link Matching}. */
export interface MatchedPair<A extends Label = Label, B extends Label = Label> {
  /** Label of the row (e.g. the class). */
  readonly row: A;
  /** Label of the column matched to it (e.g. the cluster). */
  readonly col: B;
  /** Index of the row in the table. */
  readonly rowIndex: number;
  /** Index of the column in the table. */
  readonly colIndex: number;
  /** The table's count at the pair: rows on which the two agree. */
  readonly count: number;
}

/** Result of {@link hungarianMatch}. */
export interface Matching<A extends Label = Label, B extends Label = Label> {
  /** Matched pairs in row order; min(rows, columns) of them. */
  readonly pairs: readonly MatchedPair<A, B>[];
  /** Column index matched to each row, or -1. */
  readonly rowMatch: Int32Array;
  /** Row index matched to each column, or -1. */
  readonly colMatch: Int32Array;
  /** Sum of the counts on matched pairs (the maximum possible). */
  readonly matched: number;
  /** Sum of all counts. */
  readonly total: number;
  /** matched / total: the share of rows where the matched labels agree (NaN when total is 0). */
  readonly agreement: number;
  /** Row labels left without a partner (more rows than columns). */
  readonly unmatchedRows: readonly A[];
  /** Column labels left without a partner (more columns than rows). */
  readonly unmatchedCols: readonly B[];
}

/**
 * Minimum-cost assignment of each of `n` rows to a distinct one of `m ≥ n` columns
 * (Kuhn–Munkres with potentials, O(n²·m)). Returns the column of each row.
 */
function assign(cost: (i: number, j: number) => number, n: number, m: number): Int32Array {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row (1-based) on column j; 0 free
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j] === 1) continue;
        const cur = cost(i0 - 1, j - 1) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j] === 1) {
          u[p[j] as number]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const columnOf = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if ((p[j] as number) > 0) columnOf[(p[j] as number) - 1] = j - 1;
  return columnOf;
}

function isTable(
  input: ContingencyTable | readonly (readonly number[])[],
): input is ContingencyTable {
  return !Array.isArray(input);
}

/**
 * Matches rows to columns one-to-one so that the matched counts sum to the maximum (the
 * Hungarian algorithm; rectangular tables match min(rows, columns) pairs). On a contingency
 * table of classes against clusters this is the best renaming of clusters to classes, and
 * `agreement` the share of customers whose class equals their cluster's matched class. Among
 * equally good matchings the result is deterministic.
 *
 * Accepts a {@link ContingencyTable} or a plain matrix of non-negative finite counts (then
 * labels are the row and column indices). INVALID_INPUT for ragged or non-finite input.
 */
export function hungarianMatch<A extends Label = number, B extends Label = number>(
  input: ContingencyTable<A, B> | readonly (readonly number[])[],
): Matching<A, B> {
  const owner = 'hungarianMatch';
  const counts = isTable(input) ? input.counts : input;
  const r = counts.length;
  const c = r === 0 ? 0 : (counts[0] as readonly number[]).length;
  const rowLabels = isTable(input)
    ? input.rowLabels
    : (Array.from({ length: r }, (_, i) => i) as A[]);
  const colLabels = isTable(input)
    ? input.colLabels
    : (Array.from({ length: c }, (_, j) => j) as B[]);
  let total = 0;
  counts.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== c) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: row ${i + 1} has ${String(row.length)} cells, expected ${c}`,
      );
    }
    for (const v of row) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new CohortlabError(
          'INVALID_INPUT',
          `${owner}: counts must be finite numbers, found ${String(v)}`,
          {
            row: i + 1,
          },
        );
      }
      total += v;
    }
  });
  const at = (i: number, j: number): number => (counts[i] as readonly number[])[j] as number;
  const rowMatch = new Int32Array(r).fill(-1);
  const colMatch = new Int32Array(c).fill(-1);
  if (r > 0 && c > 0) {
    if (r <= c) {
      assign((i, j) => -at(i, j), r, c).forEach((j, i) => {
        rowMatch[i] = j;
        colMatch[j] = i;
      });
    } else {
      assign((j, i) => -at(i, j), c, r).forEach((i, j) => {
        rowMatch[i] = j;
        colMatch[j] = i;
      });
    }
  }
  const pairs: MatchedPair<A, B>[] = [];
  let matched = 0;
  rowMatch.forEach((j, i) => {
    if (j < 0) return;
    const count = at(i, j);
    matched += count;
    pairs.push({ row: rowLabels[i] as A, col: colLabels[j] as B, rowIndex: i, colIndex: j, count });
  });
  return {
    pairs,
    rowMatch,
    colMatch,
    matched,
    total,
    agreement: total === 0 ? NaN : matched / total,
    unmatchedRows: rowLabels.filter((_, i) => rowMatch[i] === -1),
    unmatchedCols: colLabels.filter((_, j) => colMatch[j] === -1),
  };
}

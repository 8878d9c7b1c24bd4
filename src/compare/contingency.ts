/**
 * The contingency table of two labellings of the same customers (e.g. business classes
 * against discovered clusters), with row and column shares.
 *
 * @module
 */
import { formatTextTable } from '../util/text-table.js';
import type { Label } from '../evaluate/labels.js';
import { pairCounts, type PairCounts } from './pair-counts.js';

/** A contingency table: rows are the first labelling's labels, columns the second's. */
export interface ContingencyTable<A extends Label = Label, B extends Label = Label> {
  /** Labels of the first labelling, sorted (numbers ascending, text by code units). */
  readonly rowLabels: readonly A[];
  /** Labels of the second labelling, sorted. */
  readonly colLabels: readonly B[];
  /** `counts[i][j]`: rows labelled `rowLabels[i]` by the first and `colLabels[j]` by the second. */
  readonly counts: readonly (readonly number[])[];
  /** Rows per label of the first labelling. */
  readonly rowTotals: readonly number[];
  /** Rows per label of the second labelling. */
  readonly colTotals: readonly number[];
  /** Number of rows. */
  readonly total: number;
  /** `counts[i][j] / rowTotals[i]`: where each first-side label's rows went (rows sum to 1). */
  readonly rowShares: readonly (readonly number[])[];
  /** `counts[i][j] / colTotals[j]`: where each second-side label's rows came from (columns sum to 1). */
  readonly colShares: readonly (readonly number[])[];
}

/** The dense table of already counted pairs. */
export function contingencyFromCounts<A extends Label, B extends Label>(
  counts: PairCounts<A, B>,
): ContingencyTable<A, B> {
  const r = counts.rowLabels.length;
  const c = counts.colLabels.length;
  const cells = Array.from({ length: r }, () => new Array<number>(c).fill(0));
  counts.cellCount.forEach((v, k) => {
    (cells[counts.cellRow[k] as number] as number[])[counts.cellCol[k] as number] = v;
  });
  const rowTotals = Array.from(counts.rowTotals);
  const colTotals = Array.from(counts.colTotals);
  return {
    rowLabels: counts.rowLabels,
    colLabels: counts.colLabels,
    counts: cells,
    rowTotals,
    colTotals,
    total: counts.n,
    rowShares: cells.map((row, i) => row.map((v) => v / (rowTotals[i] as number))),
    colShares: cells.map((row) => row.map((v, j) => v / (colTotals[j] as number))),
  };
}

/**
 * Cross-tabulates two labellings of the same rows: how many rows carry each pair of labels,
 * each label's total, and the shares along rows and along columns. Labels may be text or
 * numbers (each side on its own); only labels that occur get a row or column, sorted like
 * scikit-learn's `contingency_matrix`. INVALID_INPUT when the lengths differ.
 */
export function contingencyTable<A extends Label, B extends Label>(
  a: ArrayLike<A>,
  b: ArrayLike<B>,
): ContingencyTable<A, B> {
  return contingencyFromCounts(pairCounts('contingencyTable', a, b));
}

/** Options of {@link formatContingencyTable}. */
export interface FormatContingencyOptions {
  /** Names of the two labellings for the corner cell (default `a`, `b`). */
  readonly names?: readonly [string, string];
  /** Show `counts` (default), `rowShares` or `colShares` (as percentages). */
  readonly show?: 'counts' | 'rowShares' | 'colShares';
}

/**
 * Renders a contingency table as aligned text with a total row and column; shares are shown
 * as percentages with one decimal.
 */
export function formatContingencyTable(
  table: ContingencyTable,
  options: FormatContingencyOptions = {},
): string {
  const [nameA, nameB] = options.names ?? ['a', 'b'];
  const show = options.show ?? 'counts';
  const values =
    show === 'counts' ? table.counts : show === 'rowShares' ? table.rowShares : table.colShares;
  const cell = (v: number): string => (show === 'counts' ? String(v) : (v * 100).toFixed(1));
  const header = [`${nameA} \\ ${nameB}`, ...table.colLabels.map(String), 'total'];
  const rows = table.rowLabels.map((label, i) => [
    String(label),
    ...(values[i] ?? []).map(cell),
    String(table.rowTotals[i]),
  ]);
  rows.push(['total', ...table.colTotals.map(String), String(table.total)]);
  return formatTextTable(
    header,
    rows,
    1,
    header.map((_, j) => j > 0),
  );
}

/**
 * Everything about how two labellings of the same customers relate, in one call: the
 * contingency table, every agreement index, the best one-to-one matching and the customers
 * on whom the two disagree, with a printable summary.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { adjustedRandScore } from '../cluster/metrics/adjusted-rand.js';
import { encodeLabels, type Label } from '../evaluate/labels.js';
import { formatTextTable } from '../util/text-table.js';
import { adjustedMutualInfoFromCounts } from './adjusted-mutual-info.js';
import {
  contingencyFromCounts,
  formatContingencyTable,
  type ContingencyTable,
} from './contingency.js';
import { disagreements, type Disagreements } from './disagreements.js';
import { fowlkesMallowsFromCounts } from './fowlkes-mallows.js';
import { homogeneityFromCounts } from './homogeneity.js';
import { hungarianMatch, type Matching } from './hungarian.js';
import { mutualInfoFromCounts, normalizedMutualInfoFromCounts } from './mutual-info.js';
import { pairCounts } from './pair-counts.js';
import { purityFromCounts } from './purity.js';

/** Options of {@link compareLabelings}. */
export interface CompareLabelingsOptions {
  /** Names of the two labellings in the summary (default `a`, `b`; e.g. `class`, `cluster`). */
  readonly names?: readonly [string, string];
  /** One id per row (e.g. customer ids), reported for the disagreeing rows. */
  readonly ids?: ArrayLike<string | number>;
  /** β of the V-measure (default 1). */
  readonly beta?: number;
}

/** The agreement indices of two labellings (first labelling as the reference). */
export interface AgreementScores {
  /** Adjusted Rand index. */
  readonly adjustedRand: number;
  /** Adjusted mutual information (arithmetic normaliser). */
  readonly adjustedMutualInfo: number;
  /** Normalised mutual information (arithmetic normaliser). */
  readonly normalizedMutualInfo: number;
  /** Mutual information in nats. */
  readonly mutualInfo: number;
  /** Each label of the second labelling holds one label of the first. */
  readonly homogeneity: number;
  /** Each label of the first labelling sits in one label of the second. */
  readonly completeness: number;
  /** Weighted harmonic mean of homogeneity and completeness. */
  readonly vMeasure: number;
  /** Fowlkes–Mallows index. */
  readonly fowlkesMallows: number;
  /** Purity of the second labelling against the first. */
  readonly purity: number;
  /** Purity of the first labelling against the second (inverse purity). */
  readonly inversePurity: number;
  /** Share of rows on best-matched label pairs (Hungarian matching). */
  readonly matchedAgreement: number;
}

/** Result of {@link compareLabelings}. */
export interface LabelingComparison<A extends Label = Label, B extends Label = Label> {
  /** Names of the two labellings. */
  readonly names: readonly [string, string];
  /** Number of rows compared. */
  readonly rows: number;
  /** The contingency table (rows: first labelling, columns: second). */
  readonly contingency: ContingencyTable<A, B>;
  /** Every agreement index. */
  readonly scores: AgreementScores;
  /** Best one-to-one matching of first-side labels to second-side labels. */
  readonly matching: Matching<A, B>;
  /** Rows whose second-side label is not the one matched to their first-side label. */
  readonly disagreements: Disagreements<A, B>;
  /** Scores, matching and contingency table as text. */
  readonly text: string;
}

/**
 * Compares two labellings of the same rows, typically predefined business classes (`a`)
 * against discovered clusters (`b`), or two clusterings: contingency table with shares, ARI,
 * AMI, NMI, mutual information, homogeneity, completeness, V-measure, Fowlkes–Mallows,
 * purity both ways, the Hungarian best one-to-one matching with its agreement rate and the
 * rows where the matched labels disagree. Every index equals scikit-learn's function of the
 * same name on the same labels. NO_ROWS when empty; INVALID_INPUT when the lengths differ.
 */
export function compareLabelings<A extends Label, B extends Label>(
  a: ArrayLike<A>,
  b: ArrayLike<B>,
  options: CompareLabelingsOptions = {},
): LabelingComparison<A, B> {
  const owner = 'compareLabelings';
  const names = options.names ?? ['a', 'b'];
  const counts = pairCounts(owner, a, b);
  if (counts.n === 0) throw new CohortlabError('NO_ROWS', `${owner}: no rows to compare`);
  const contingency = contingencyFromCounts(counts);
  const matching = hungarianMatch(contingency);
  const hcv = homogeneityFromCounts(counts, options.beta ?? 1);
  const scores: AgreementScores = {
    adjustedRand: adjustedRandScore(encodeLabels(a).codes, encodeLabels(b).codes),
    adjustedMutualInfo: adjustedMutualInfoFromCounts(counts, 'arithmetic'),
    normalizedMutualInfo: normalizedMutualInfoFromCounts(counts, 'arithmetic'),
    mutualInfo: mutualInfoFromCounts(counts),
    homogeneity: hcv.homogeneity,
    completeness: hcv.completeness,
    vMeasure: hcv.vMeasure,
    fowlkesMallows: fowlkesMallowsFromCounts(counts),
    purity: purityFromCounts(counts),
    inversePurity: purityFromCounts(counts, true),
    matchedAgreement: matching.agreement,
  };
  const disagreeing = disagreements(a, b, matching, { ids: options.ids });
  return {
    names,
    rows: counts.n,
    contingency,
    scores,
    matching,
    disagreements: disagreeing,
    text: formatComparison(names, counts.n, contingency, scores, matching, disagreeing),
  };
}

const SCORE_LABELS: readonly [keyof AgreementScores, string][] = [
  ['adjustedRand', 'adjusted Rand index'],
  ['adjustedMutualInfo', 'adjusted mutual information'],
  ['normalizedMutualInfo', 'normalized mutual information'],
  ['mutualInfo', 'mutual information (nats)'],
  ['homogeneity', 'homogeneity'],
  ['completeness', 'completeness'],
  ['vMeasure', 'V-measure'],
  ['fowlkesMallows', 'Fowlkes–Mallows'],
  ['purity', 'purity'],
  ['inversePurity', 'inverse purity'],
  ['matchedAgreement', 'matched agreement'],
];

function formatComparison(
  names: readonly [string, string],
  rows: number,
  contingency: ContingencyTable,
  scores: AgreementScores,
  matching: Matching,
  disagreeing: Disagreements,
): string {
  const [nameA, nameB] = names;
  const scoreTable = formatTextTable(
    ['measure', 'value'],
    SCORE_LABELS.map(([key, label]) => [label, scores[key].toFixed(4)]),
    4,
    [false, true],
  );
  const pairTable = formatTextTable(
    [nameA, nameB, 'rows', `share of ${nameA}`, `share of ${nameB}`],
    matching.pairs.map((pair) => [
      String(pair.row),
      String(pair.col),
      String(pair.count),
      `${((pair.count / (contingency.rowTotals[pair.rowIndex] as number)) * 100).toFixed(1)}%`,
      `${((pair.count / (contingency.colTotals[pair.colIndex] as number)) * 100).toFixed(1)}%`,
    ]),
    1,
    [false, false, true, true, true],
  );
  const unmatched = [
    ...matching.unmatchedRows.map((label) => `${nameA} ${String(label)}`),
    ...matching.unmatchedCols.map((label) => `${nameB} ${String(label)}`),
  ];
  return [
    `${nameA} vs ${nameB}: ${rows} rows, ${contingency.rowLabels.length} ${nameA} labels, ` +
      `${contingency.colLabels.length} ${nameB} labels`,
    '',
    scoreTable,
    '',
    `Best one-to-one matching (agreement ${(matching.agreement * 100).toFixed(1)}%, ` +
      `${disagreeing.count} rows disagree):`,
    pairTable,
    ...(unmatched.length > 0 ? [`unmatched: ${unmatched.join(', ')}`] : []),
    '',
    'Contingency table:',
    formatContingencyTable(contingency, { names }),
  ].join('\n');
}

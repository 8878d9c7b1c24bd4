/**
 * RFM scoring and segmentation of customers.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type ModelJSON,
  type TableClassifier,
  type TableTransformer,
} from '../model/estimator.js';
import { getNumeric, rowCount, type Column, type ColumnTable } from '../table/column-table.js';
import {
  decodeEdges,
  encodeEdges,
  fmScore,
  rfmCell,
  scoreColumn,
  scoreEdges,
} from './rfm-scores.js';
import {
  DEFAULT_RFM_SEGMENTS,
  NO_PURCHASES_SEGMENT,
  segmentAt,
  segmentGrid,
  segmentNames,
  type RfmSegmentRule,
} from './rfm-segments.js';
import {
  buyerMask,
  invalidModel,
  isPlainObject,
  requireName,
  requireNameOrNull,
} from './shared.js';

const TYPE = 'RfmScorer';

/** Hyperparameters of {@link RfmScorer}, defaults filled in. */
export type RfmScorerParams = {
  /** Number of scores per feature, 1..bins (default 5). */
  readonly bins: number;
  /** Recency column, days since the last purchase; lower is better (default `recency_days`). */
  readonly recency: string;
  /** Frequency column; higher is better (default `frequency`). */
  readonly frequency: string;
  /** Monetary column; higher is better (default `monetary`). */
  readonly monetary: string;
  /** 1/0 column marking customers with purchases, or null to rely on NaN recency only. */
  readonly hasTransactions: string | null;
  /** Segment map over R × FM; default {@link DEFAULT_RFM_SEGMENTS} (only for 5 bins). */
  readonly segments: readonly RfmSegmentRule[];
  /** Label of customers without purchases (default "No purchases"). */
  readonly noPurchasesLabel: string;
};

/** Constructor options of {@link RfmScorer}: any subset of {@link RfmScorerParams}. */
export type RfmScorerOptions = Partial<RfmScorerParams>;

/** What {@link RfmScorer.fit} learns, as plain JSON (`null` = unreachable edge). */
export type RfmScorerState = {
  /** Number of customers the edges were learned from. */
  readonly customers: number;
  readonly recencyEdges: readonly (number | null)[];
  readonly frequencyEdges: readonly (number | null)[];
  readonly monetaryEdges: readonly (number | null)[];
};

/** Names of the columns {@link RfmScorer.transform} returns, in order. */
export const RFM_OUTPUT_COLUMNS = [
  'rfm_r',
  'rfm_f',
  'rfm_m',
  'rfm_fm',
  'rfm_cell',
  'rfm_segment',
] as const;

/**
 * RFM scores and segments.
 *
 * `fit` learns, from the customers with purchases, `bins − 1` edges per feature (see
 * `rfm-scores` for the tie rule: ties are never split). `transform` returns the R, F and M
 * scores (1..bins), FM = floor((F + M + 1) / 2) (the F/M average rounded half up), the cell
 * label ("545") and the segment from the R × FM segment map; `predict` returns the segments.
 *
 * Customers without purchases — `has_transactions` = 0 or NaN, a frequency of 0 (every order
 * a return or of zero value), or a NaN recency, frequency or monetary value — are left out of fitting and get NaN scores, a null cell and the segment
 * "No purchases". That label is always the last entry of `classes`, whether or not such
 * customers occur, so `classes` is stable.
 *
 * The default segment map exists for 5 bins only; with other `bins` pass `segments`. A user
 * map must cover every R × FM cell (INVALID_OPTION naming the first uncovered cell); where
 * entries overlap the first one wins.
 */
export class RfmScorer
  implements TableClassifier<RfmScorerParams>, TableTransformer<RfmScorerParams>
{
  readonly params: Readonly<RfmScorerParams>;
  readonly classes: readonly string[];
  readonly featureNamesOut: readonly string[] = RFM_OUTPUT_COLUMNS;
  readonly #grid: string[][];
  #state: RfmScorerState | undefined;

  constructor(options: RfmScorerOptions = {}) {
    const bins = options.bins ?? 5;
    if (!Number.isInteger(bins) || bins < 2) {
      throw new CohortlabError('INVALID_OPTION', `bins must be an integer ≥ 2, got ${bins}`);
    }
    if (options.segments === undefined && bins !== 5) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `the default segment map is for 5 bins; pass segments for bins = ${bins}`,
      );
    }
    const segments = options.segments ?? DEFAULT_RFM_SEGMENTS;
    this.#grid = segmentGrid(segments, bins);
    const noPurchasesLabel = requireName(
      options.noPurchasesLabel ?? NO_PURCHASES_SEGMENT,
      'noPurchasesLabel',
    );
    const names = segmentNames(segments);
    if (names.includes(noPurchasesLabel)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `segment "${noPurchasesLabel}" clashes with the label of customers without purchases`,
      );
    }
    this.params = {
      bins,
      recency: requireName(options.recency ?? 'recency_days', 'recency'),
      frequency: requireName(options.frequency ?? 'frequency', 'frequency'),
      monetary: requireName(options.monetary ?? 'monetary', 'monetary'),
      hasTransactions: requireNameOrNull(
        options.hasTransactions === undefined ? 'has_transactions' : options.hasTransactions,
        'hasTransactions',
      ),
      segments: segments.map((s) => ({
        segment: s.segment,
        r: [s.r[0], s.r[1]],
        fm: [s.fm[0], s.fm[1]],
      })),
      noPurchasesLabel,
    };
    this.classes = [...names, noPurchasesLabel];
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The learned edges (plain JSON, `null` = unreachable). Throws NOT_FITTED before `fit`. */
  get state(): RfmScorerState {
    return requireFitted(this.#state, TYPE);
  }

  /** Learns the score edges from the customers with purchases in `table`. */
  fit(table: ColumnTable): this {
    const p = this.params;
    const mask = buyerMask(
      table,
      p.hasTransactions,
      [p.recency, p.frequency, p.monetary],
      p.frequency,
    );
    const pick = (name: string): Float64Array => {
      const column = getNumeric(table, name);
      return column.filter((_, i) => mask[i] === 1);
    };
    const recency = pick(p.recency);
    if (recency.length === 0) {
      throw new CohortlabError(
        'INVALID_INPUT',
        'RFM scoring needs at least one customer with purchases',
      );
    }
    this.#state = {
      customers: recency.length,
      recencyEdges: encodeEdges(scoreEdges(recency, p.bins, 'lower')),
      frequencyEdges: encodeEdges(scoreEdges(pick(p.frequency), p.bins, 'higher')),
      monetaryEdges: encodeEdges(scoreEdges(pick(p.monetary), p.bins, 'higher')),
    };
    return this;
  }

  /**
   * Scores every row: `rfm_r`, `rfm_f`, `rfm_m`, `rfm_fm` (Float64Array, NaN for customers
   * without purchases), `rfm_cell` and `rfm_segment` (text; the cell is null without purchases).
   */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const p = this.params;
    const n = rowCount(table);
    const mask = buyerMask(
      table,
      p.hasTransactions,
      [p.recency, p.frequency, p.monetary],
      p.frequency,
    );
    const r = scoreColumn(
      getNumeric(table, p.recency),
      decodeEdges(state.recencyEdges, 'lower'),
      'lower',
    );
    const f = scoreColumn(
      getNumeric(table, p.frequency),
      decodeEdges(state.frequencyEdges, 'higher'),
      'higher',
    );
    const m = scoreColumn(
      getNumeric(table, p.monetary),
      decodeEdges(state.monetaryEdges, 'higher'),
      'higher',
    );
    const fm = new Float64Array(n);
    const cell: (string | null)[] = new Array<string | null>(n);
    const segment: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) {
        r[i] = NaN;
        f[i] = NaN;
        m[i] = NaN;
      }
      const ri = r[i] as number;
      fm[i] = fmScore(f[i] as number, m[i] as number);
      cell[i] = rfmCell(ri, f[i] as number, m[i] as number, p.bins);
      segment[i] =
        mask[i] === 0 ? p.noPurchasesLabel : (segmentAt(this.#grid, ri, fm[i] as number) as string);
    }
    const out: Record<string, Column> = {
      rfm_r: r,
      rfm_f: f,
      rfm_m: m,
      rfm_fm: fm,
      rfm_cell: cell,
      rfm_segment: segment,
    };
    return out;
  }

  /** The RFM segment of every row (see {@link RfmScorer.transform}). */
  predict(table: ColumnTable): string[] {
    return this.transform(table).rfm_segment as string[];
  }

  /** The fitted model as plain JSON. */
  toJSON(): ModelJSON<RfmScorerParams, RfmScorerState> {
    return modelJSON(TYPE, 1, this.params, requireFitted(this.#state, TYPE));
  }

  /** Restores a fitted scorer from {@link RfmScorer.toJSON} output (object or string). */
  static fromJSON(json: unknown): RfmScorer {
    const model = readModelJSON<RfmScorerParams, unknown>(json, TYPE, 1);
    if (!isPlainObject(model.params)) throw invalidModel(TYPE, 'params must be an object');
    const scorer = new RfmScorer(model.params);
    const state = model.state;
    const bins = scorer.params.bins;
    const edgesOk = (value: unknown): value is (number | null)[] =>
      Array.isArray(value) &&
      value.length === bins - 1 &&
      value.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
    if (
      !isPlainObject(state) ||
      typeof state.customers !== 'number' ||
      !edgesOk(state.recencyEdges) ||
      !edgesOk(state.frequencyEdges) ||
      !edgesOk(state.monetaryEdges)
    ) {
      throw invalidModel(TYPE, `state needs customers and ${bins - 1} edges per feature`);
    }
    scorer.#state = {
      customers: state.customers,
      recencyEdges: [...state.recencyEdges],
      frequencyEdges: [...state.frequencyEdges],
      monetaryEdges: [...state.monetaryEdges],
    };
    return scorer;
  }
}

/**
 * ABC value tiers: customers ranked by one value column (default `monetary`).
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
} from '../model/estimator.js';
import { getNumeric, type ColumnTable } from '../table/column-table.js';
import { sortedFinite } from '../util/stats.js';
import {
  buyerMask,
  countLimit,
  invalidModel,
  isFiniteNumberArray,
  isPlainObject,
  requireDistinct,
  requireName,
} from './shared.js';

const TYPE = 'ValueTiers';

/**
 * How tiers are cut: `'customers'` by share of customers, `'revenue'` by share of the total
 * value (Pareto / ABC analysis).
 */
export type ValueTierMethod = 'customers' | 'revenue';

/**
 * Tier of customers without an order of positive value (only returns or zero amounts, or no
 * transactions): always the last of `classes`, and left out of the cut-points.
 */
export const NO_PURCHASES_TIER = 'no purchases';

/** Default cuts per method. */
export const DEFAULT_VALUE_TIER_CUTS: Readonly<Record<ValueTierMethod, readonly number[]>> = {
  customers: [0.05, 0.2],
  revenue: [0.8, 0.95],
};

/** Hyperparameters of {@link ValueTiers}, defaults filled in. */
export type ValueTiersParams = {
  /** The value column customers are ranked by (default `monetary`). */
  readonly by: string;
  /** `'customers'` (default) or `'revenue'`. */
  readonly method: ValueTierMethod;
  /** Increasing fractions in (0, 1); default [0.05, 0.20] or [0.80, 0.95] by method. */
  readonly cuts: readonly number[];
  /** One label per tier, best first: `cuts.length + 1` labels (default A, B, C, …). */
  readonly labels: readonly string[];
};

/** Constructor options of {@link ValueTiers}: any subset of {@link ValueTiersParams}. */
export type ValueTiersOptions = Partial<ValueTiersParams>;

/** What {@link ValueTiers.fit} learns. */
export type ValueTiersState = {
  /**
   * Minimum value of each tier but the last, best tier first (non-increasing; equal
   * neighbours mean an empty tier). A value goes to the first tier whose threshold it
   * reaches, else to the last tier.
   */
  readonly thresholds: readonly number[];
  /** Number of customers (non-NaN values) fitted on. */
  readonly customers: number;
  /** Sum of their values. */
  readonly total: number;
};

/**
 * ABC tiers by a value column.
 *
 * Rules, with `n` customers (non-NaN values) and cuts `c₁ < c₂ < …`:
 *
 * - `method: 'customers'` (default cuts [0.05, 0.20], i.e. top 5 % A, next 15 % B, rest C):
 *   a customer is in tier k (first = 0) for the first k with
 *   `count(customers with a strictly greater value) < c₍ₖ₊₁₎ · n`, else in the last tier.
 * - `method: 'revenue'` (default cuts [0.80, 0.95]): the first k with
 *   `sum(values strictly greater than the customer's) < c₍ₖ₊₁₎ · total`: A customers are the
 *   biggest ones that together make up (at least) the first 80 % of revenue.
 *
 * Ties: customers with the same value always share a tier; a tie across a boundary goes to
 * the higher tier in full, so a tier can be larger than its nominal share (and a tier can be
 * empty). `c · n` is snapped to an integer within floating-point noise (0.07 × 100 = 7).
 *
 * `fit` stores the minimum value of each tier; those thresholds reproduce the rule exactly on
 * the training customers and classify new ones. NaN values go to the last tier. Customers
 * without an order of positive value — `has_transactions` 0, or `frequency` 0 where the table
 * has those columns — are {@link NO_PURCHASES_TIER}, always the last entry of `classes`, and
 * are not counted in the cut-points (`n` and the total are of buyers only). With
 * `'revenue'` the total must be positive (negative values, e.g. net returns, are allowed and
 * land in the last tier).
 */
export class ValueTiers implements TableClassifier<ValueTiersParams> {
  readonly params: Readonly<ValueTiersParams>;
  readonly classes: readonly string[];
  #state: ValueTiersState | undefined;

  constructor(options: ValueTiersOptions = {}) {
    const method = options.method ?? 'customers';
    if (method !== 'customers' && method !== 'revenue') {
      throw new CohortlabError(
        'INVALID_OPTION',
        `method must be "customers" or "revenue", got ${String(method)}`,
      );
    }
    const cuts = options.cuts ?? DEFAULT_VALUE_TIER_CUTS[method];
    if (!isFiniteNumberArray(cuts) || cuts.length === 0) {
      throw new CohortlabError('INVALID_OPTION', 'cuts must be a non-empty array of numbers');
    }
    cuts.forEach((cut, k) => {
      if (!(cut > 0 && cut < 1) || (k > 0 && !(cut > (cuts[k - 1] as number)))) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `cuts must increase strictly within (0, 1), got [${cuts.join(', ')}]`,
        );
      }
    });
    if (options.labels === undefined && cuts.length >= 26) {
      throw new CohortlabError(
        'INVALID_OPTION',
        'default labels stop at Z: pass labels for more than 26 tiers',
      );
    }
    const labels = options.labels ?? [...cuts, 1].map((_, k) => String.fromCharCode(65 + k));
    if (!Array.isArray(labels) || labels.length !== cuts.length + 1) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `labels must list ${cuts.length + 1} tiers (cuts.length + 1)`,
      );
    }
    labels.forEach((label: unknown, k) => requireName(label, `labels[${k}]`));
    requireDistinct([...labels, NO_PURCHASES_TIER], 'labels');
    this.params = {
      by: requireName(options.by ?? 'monetary', 'by'),
      method,
      cuts: [...cuts],
      labels: [...labels],
    };
    this.classes = [...this.params.labels, NO_PURCHASES_TIER];
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The learned thresholds. Throws NOT_FITTED before `fit`. */
  get state(): ValueTiersState {
    return requireFitted(this.#state, TYPE);
  }

  /** Learns the tier thresholds from the `by` column. */
  fit(table: ColumnTable): this {
    const { by, method, cuts } = this.params;
    const mask = buyers(table);
    const sorted = sortedFinite(getNumeric(table, by).filter((_, i) => mask[i] === 1));
    const n = sorted.length;
    if (n === 0) {
      throw new CohortlabError('INVALID_INPUT', 'value tiers need at least one non-missing value', {
        column: by,
      });
    }
    // Distinct values, largest first, with how many customers / how much value lies above each.
    const distinct: number[] = [];
    const countAbove: number[] = [];
    const sumAbove: number[] = [];
    let total = 0;
    let compensation = 0;
    for (let j = n - 1; j >= 0;) {
      const v = sorted[j] as number;
      distinct.push(v);
      countAbove.push(n - 1 - j);
      sumAbove.push(total + compensation);
      for (; j >= 0 && sorted[j] === v; j--) {
        // Neumaier-compensated running sum, so shares of large totals are exact to the cent.
        const t = total + v;
        compensation += Math.abs(total) >= Math.abs(v) ? total - t + v : v - t + total;
        total = t;
      }
    }
    total += compensation;
    if (method === 'revenue' && !(total > 0)) {
      throw new CohortlabError('INVALID_INPUT', 'revenue tiers need a positive total value', {
        column: by,
      });
    }
    const thresholds = cuts.map((cut) => {
      const limit = method === 'customers' ? countLimit(cut, n) : cut * total;
      const above = method === 'customers' ? countAbove : sumAbove;
      // The qualifying values form a top block (the largest always qualifies): walk down it.
      let k = 0;
      while (k + 1 < distinct.length && (above[k + 1] as number) < limit) k++;
      return distinct[k] as number;
    });
    this.#state = { thresholds, customers: n, total };
    return this;
  }

  /** The tier label of every row. */
  predict(table: ColumnTable): string[] {
    const { thresholds } = requireFitted(this.#state, TYPE);
    const values = getNumeric(table, this.params.by);
    const mask = buyers(table);
    const labels = this.params.labels;
    const last = labels[labels.length - 1] as string;
    const out: string[] = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      const k = thresholds.findIndex((t) => x >= t);
      out[i] = mask[i] === 0 ? NO_PURCHASES_TIER : k === -1 ? last : (labels[k] as string);
    }
    return out;
  }

  /** The fitted model as plain JSON. */
  toJSON(): ModelJSON<ValueTiersParams, ValueTiersState> {
    return modelJSON(TYPE, 1, this.params, requireFitted(this.#state, TYPE));
  }

  /** Restores fitted tiers from {@link ValueTiers.toJSON} output (object or string). */
  static fromJSON(json: unknown): ValueTiers {
    const model = readModelJSON<ValueTiersParams, unknown>(json, TYPE, 1);
    if (!isPlainObject(model.params)) throw invalidModel(TYPE, 'params must be an object');
    const tiers = new ValueTiers(model.params);
    const state = model.state;
    if (
      !isPlainObject(state) ||
      !isFiniteNumberArray(state.thresholds) ||
      state.thresholds.length !== tiers.params.cuts.length ||
      typeof state.customers !== 'number' ||
      typeof state.total !== 'number'
    ) {
      throw invalidModel(TYPE, `state needs ${tiers.params.cuts.length} finite thresholds`);
    }
    tiers.#state = {
      thresholds: [...state.thresholds],
      customers: state.customers,
      total: state.total,
    };
    return tiers;
  }
}

/** Buyers: has_transactions (when the table has it) is 1 and frequency (when it has it) > 0. */
function buyers(table: ColumnTable): Uint8Array {
  const flag = Object.prototype.hasOwnProperty.call(table, 'has_transactions')
    ? 'has_transactions'
    : null;
  return buyerMask(table, flag, []);
}

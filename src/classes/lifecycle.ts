/**
 * Customer lifecycle stages: prospect, new, active, at-risk, churned.
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
import { quantileSorted, sortedFinite } from '../util/stats.js';
import {
  buyerMask,
  invalidModel,
  isPlainObject,
  requireName,
  requireNameOrNull,
} from './shared.js';

const TYPE = 'Lifecycle';

/** Lifecycle labels in display order; `prospect` = no purchases yet. */
export const LIFECYCLE_CLASSES = ['new', 'active', 'at-risk', 'churned', 'prospect'] as const;

/** One lifecycle stage. */
export type LifecycleStage = (typeof LIFECYCLE_CLASSES)[number];

/** Quantiles of the typical inter-purchase gap used for thresholds left unset. */
export const LIFECYCLE_QUANTILES = { newDays: 0.5, atRiskDays: 0.8, churnDays: 0.95 } as const;

/** Hyperparameters of {@link Lifecycle}, defaults filled in. `null` = derive from the data. */
export type LifecycleParams = {
  /** Days since the last purchase (default `recency_days`). */
  readonly recency: string;
  /** Days since the first purchase (default `tenure_days`). */
  readonly tenure: string;
  /** Mean days between orders, NaN below 2 orders (default `mean_days_between_orders`). */
  readonly meanGap: string;
  /** 1/0 column marking customers with purchases, or null to rely on NaN recency only. */
  readonly hasTransactions: string | null;
  /** New if tenure ≤ newDays (default: median typical gap). */
  readonly newDays: number | null;
  /** At risk if recency > atRiskDays (default: 80th percentile of typical gaps). */
  readonly atRiskDays: number | null;
  /** Churned if recency > churnDays (default: 95th percentile of typical gaps). */
  readonly churnDays: number | null;
};

/** Constructor options of {@link Lifecycle}: any subset of {@link LifecycleParams}. */
export type LifecycleOptions = Partial<LifecycleParams>;

/** What {@link Lifecycle.fit} settles: the thresholds in days, given or derived. */
export type LifecycleState = {
  readonly newDays: number;
  readonly atRiskDays: number;
  readonly churnDays: number;
  /** Number of customers (≥ 2 orders) whose gaps the derived thresholds came from; 0 if none. */
  readonly gapCustomers: number;
};

function threshold(value: unknown, option: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CohortlabError('INVALID_OPTION', `${option} must be a number of days ≥ 0`);
  }
  return value;
}

/**
 * Lifecycle stage per customer. Rules, first match wins:
 *
 * 1. `prospect` — no purchases (`has_transactions` = 0 or NaN, a `frequency` of 0 — only
 *    returns or zero amounts — or NaN recency): never `active`;
 * 2. `churned` — `recency_days > churnDays`;
 * 3. `at-risk` — `recency_days > atRiskDays`;
 * 4. `new` — `tenure_days ≤ newDays`;
 * 5. `active` — everyone else (a NaN tenure counts as not new).
 *
 * Thresholds not given are derived at `fit` from the customers with at least 2 orders (those
 * with a non-NaN `mean_days_between_orders`), from the distribution of that typical gap
 * between orders (linearly interpolated quantiles): `newDays` = its median, `atRiskDays` = its
 * 80th percentile, `churnDays` = its 95th percentile. Rationale: a customer silent for longer
 * than 95 % of customers typically wait between two orders has probably gone; longer than 80 %
 * is unusual enough to act on; and a customer whose whole history is shorter than a typical
 * gap has not yet had time to show a pattern. INVALID_INPUT when a threshold must be derived
 * but no customer has 2 orders; INVALID_OPTION when `atRiskDays` exceeds `churnDays`.
 */
export class Lifecycle implements TableClassifier<LifecycleParams> {
  readonly params: Readonly<LifecycleParams>;
  readonly classes: readonly LifecycleStage[] = LIFECYCLE_CLASSES;
  #state: LifecycleState | undefined;

  constructor(options: LifecycleOptions = {}) {
    this.params = {
      recency: requireName(options.recency ?? 'recency_days', 'recency'),
      tenure: requireName(options.tenure ?? 'tenure_days', 'tenure'),
      meanGap: requireName(options.meanGap ?? 'mean_days_between_orders', 'meanGap'),
      hasTransactions: requireNameOrNull(
        options.hasTransactions === undefined ? 'has_transactions' : options.hasTransactions,
        'hasTransactions',
      ),
      newDays: threshold(options.newDays, 'newDays'),
      atRiskDays: threshold(options.atRiskDays, 'atRiskDays'),
      churnDays: threshold(options.churnDays, 'churnDays'),
    };
    const { atRiskDays, churnDays } = this.params;
    if (atRiskDays !== null && churnDays !== null) checkOrder(atRiskDays, churnDays);
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The thresholds in use. Throws NOT_FITTED before `fit`. */
  get state(): LifecycleState {
    return requireFitted(this.#state, TYPE);
  }

  /** Settles the thresholds, deriving those not given from the inter-purchase gaps. */
  fit(table: ColumnTable): this {
    const p = this.params;
    let gaps: Float64Array = new Float64Array(0);
    if (p.newDays === null || p.atRiskDays === null || p.churnDays === null) {
      const mask = buyerMask(table, p.hasTransactions, []);
      gaps = sortedFinite(getNumeric(table, p.meanGap).filter((_, i) => mask[i] === 1));
      if (gaps.length === 0) {
        throw new CohortlabError(
          'INVALID_INPUT',
          'no customer has 2 or more orders, so lifecycle thresholds cannot be derived; pass newDays, atRiskDays and churnDays',
          { column: p.meanGap },
        );
      }
    }
    const derive = (given: number | null, q: number): number => given ?? quantileSorted(gaps, q);
    const state: LifecycleState = {
      newDays: derive(p.newDays, LIFECYCLE_QUANTILES.newDays),
      atRiskDays: derive(p.atRiskDays, LIFECYCLE_QUANTILES.atRiskDays),
      churnDays: derive(p.churnDays, LIFECYCLE_QUANTILES.churnDays),
      gapCustomers: gaps.length,
    };
    checkOrder(state.atRiskDays, state.churnDays);
    this.#state = state;
    return this;
  }

  /** The lifecycle stage of every row. */
  predict(table: ColumnTable): LifecycleStage[] {
    const s = requireFitted(this.#state, TYPE);
    const p = this.params;
    const mask = buyerMask(table, p.hasTransactions, [p.recency]);
    const recency = getNumeric(table, p.recency);
    const tenure = getNumeric(table, p.tenure);
    const out: LifecycleStage[] = new Array<LifecycleStage>(recency.length);
    for (let i = 0; i < recency.length; i++) {
      const r = recency[i] as number;
      if (mask[i] === 0) out[i] = 'prospect';
      else if (r > s.churnDays) out[i] = 'churned';
      else if (r > s.atRiskDays) out[i] = 'at-risk';
      else if ((tenure[i] as number) <= s.newDays) out[i] = 'new';
      else out[i] = 'active';
    }
    return out;
  }

  /** The fitted model as plain JSON. */
  toJSON(): ModelJSON<LifecycleParams, LifecycleState> {
    return modelJSON(TYPE, 1, this.params, requireFitted(this.#state, TYPE));
  }

  /** Restores a fitted model from {@link Lifecycle.toJSON} output (object or string). */
  static fromJSON(json: unknown): Lifecycle {
    const model = readModelJSON<LifecycleParams, unknown>(json, TYPE, 1);
    if (!isPlainObject(model.params)) throw invalidModel(TYPE, 'params must be an object');
    const lifecycle = new Lifecycle(model.params);
    const s = model.state;
    const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    if (
      !isPlainObject(s) ||
      !finite(s.newDays) ||
      !finite(s.atRiskDays) ||
      !finite(s.churnDays) ||
      !finite(s.gapCustomers)
    ) {
      throw invalidModel(TYPE, 'state needs newDays, atRiskDays, churnDays and gapCustomers');
    }
    lifecycle.#state = {
      newDays: s.newDays,
      atRiskDays: s.atRiskDays,
      churnDays: s.churnDays,
      gapCustomers: s.gapCustomers,
    };
    return lifecycle;
  }
}

function checkOrder(atRiskDays: number, churnDays: number): void {
  if (atRiskDays > churnDays) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `atRiskDays (${atRiskDays}) must not exceed churnDays (${churnDays})`,
    );
  }
}

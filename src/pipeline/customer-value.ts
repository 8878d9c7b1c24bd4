/**
 * Customer value ahead as a pipeline component: the Gamma-Gamma spend model fitted next to
 * BG/NBD on the same week summary, and the discounted value over a horizon (`clv_<H>`).
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { buyerFlags } from '../features/purchasers.js';
import type { BgNbd } from '../predict/bg-nbd/bg-nbd.js';
import type { RfmSummary } from '../predict/bg-nbd/rfm-summary.js';
import {
  checkClvOptions,
  clvColumn,
  customerLifetimeValue,
  MONTH_IN_WEEKS,
} from '../predict/clv.js';
import type { ModelJSON } from '../model/estimator.js';
import { GammaGamma } from '../predict/gamma-gamma/gamma-gamma.js';
import { getText, rowCount, type Column, type ColumnTable } from '../table/column-table.js';

/** Horizon of `clv_<H>` by default: 12 months. */
export const DEFAULT_CLV_MONTHS = 12;
/** Monthly discount rate of the CLV by default: 1 % a month (about 12.7 % a year). */
export const DEFAULT_CLV_DISCOUNT = 0.01;

/** The horizon and discount of the pipeline's CLV. */
export interface ClvSettings {
  /** Horizon of `clv_<H>` in months (whole, ≥ 1). */
  readonly horizonMonths: number;
  /** Discount rate per month (≥ 0). */
  readonly discountRate: number;
}

/** The fitted spend model of a pipeline and how its CLV is computed. */
export interface PipelineValue extends ClvSettings {
  readonly model: GammaGamma;
  /**
   * Length of a month in the summary's unit: weeks (365.25/12/7), as the pipeline's BG/NBD
   * summary is in weeks.
   */
  readonly monthLength: number;
}

/** The week summary with each customer's mean repeat-purchase value. */
export type ValueSummary = RfmSummary & { readonly monetaryValue: Float64Array };

/**
 * Fewest repeat buyers the pipeline fits Gamma-Gamma on: three parameters from a handful of
 * customers give a fit that neither converges nor means anything.
 */
export const MIN_REPEAT_BUYERS = 20;

/** Column of the Gamma-Gamma expected spend per purchase. */
export const EXPECTED_SPEND_COLUMN = 'expected_spend';

/**
 * Fits Gamma-Gamma on the repeat buyers of `summary` with a positive mean repeat value.
 * Returns the component, or a note instead when it cannot be fitted (fewer than
 * {@link MIN_REPEAT_BUYERS} such customers, or the fit diverges); customers left out for a zero mean value are counted in `dropped`.
 */
export function fitCustomerValue(
  summary: ValueSummary,
  settings: ClvSettings,
): { value?: PipelineValue; note?: string; dropped: number } {
  const frequency: number[] = [];
  const monetaryValue: number[] = [];
  let dropped = 0;
  summary.frequency.forEach((x, i) => {
    const m = summary.monetaryValue[i] as number;
    if (x > 0 && m > 0) {
      frequency.push(x);
      monetaryValue.push(m);
    } else if (x > 0) dropped++;
  });
  if (frequency.length < MIN_REPEAT_BUYERS) {
    return {
      note:
        `customer value skipped: Gamma-Gamma needs at least ${MIN_REPEAT_BUYERS} repeat buyers ` +
        `with a positive mean repeat spend; found ${frequency.length}`,
      dropped,
    };
  }
  try {
    const model = new GammaGamma().fit({ frequency, monetaryValue });
    return { value: { ...settings, model, monthLength: MONTH_IN_WEEKS }, dropped };
  } catch (error) {
    if (!(error instanceof CohortlabError)) throw error;
    return { note: `customer value skipped: ${error.message}`, dropped };
  }
}

/** The spend model's own warnings (correlation, convergence), and one for zero-value buyers. */
export function customerValueWarnings(value: PipelineValue, dropped: number): CohortlabWarning[] {
  const out = [...value.model.warnings];
  if (dropped > 0) {
    out.push(
      cohortlabWarning(
        'ROWS_DROPPED',
        `Gamma-Gamma was fitted without ${dropped} repeat ${dropped === 1 ? 'buyer' : 'buyers'} ` +
          'with repeat purchases worth 0 in total (they still get a predicted spend)',
        { count: dropped, stage: 'gamma-gamma' },
      ),
    );
  }
  return out;
}

/**
 * `expected_spend` (E[M | x, m̄]) and `clv_<H>` for every row of `features`, matched by
 * customer_id to the summary rows; NaN for customers without a purchase day before the as-of
 * date and for customers without an order of positive value (`buyerFlags`), as `p_alive`.
 */
export function customerValueColumns(
  features: ColumnTable,
  bgNbd: BgNbd,
  value: PipelineValue,
  summary: ValueSummary,
): Record<string, Column> {
  const spend = value.model.predictSpend(summary);
  const clv = customerLifetimeValue(bgNbd.parameters, value.model.parameters, summary, value);
  const rowOf = new Map(summary.customerId.map((id, i) => [id, i]));
  const ids = getText(features, 'customer_id');
  const n = rowCount(features);
  const spendColumn = new Float64Array(n).fill(NaN);
  const clvValues = new Float64Array(n).fill(NaN);
  // As p_alive: no value ahead is extrapolated for a customer who never bought anything.
  const buyers = buyerFlags(features);
  for (let i = 0; i < n; i++) {
    const j = rowOf.get(String(ids[i]));
    if (j === undefined || buyers[i] === 0) continue;
    spendColumn[i] = spend[j] as number;
    clvValues[i] = clv[j] as number;
  }
  return { [EXPECTED_SPEND_COLUMN]: spendColumn, [clvColumn(value.horizonMonths)]: clvValues };
}

/** The spend part of the model document (`bgNbd.value`). */
export interface PipelineValueJSON extends ClvSettings {
  readonly monthLength: number;
  readonly model: ModelJSON;
}

/** {@link PipelineValue} as plain JSON. */
export function customerValueToJSON(value: PipelineValue): PipelineValueJSON {
  return {
    horizonMonths: value.horizonMonths,
    discountRate: value.discountRate,
    monthLength: value.monthLength,
    model: JSON.parse(JSON.stringify(value.model.toJSON())) as ModelJSON,
  };
}

/** Restores `bgNbd.value` of a model document (undefined when absent); INVALID_MODEL otherwise. */
export function readCustomerValue(value: unknown): PipelineValue | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value as Record<string, unknown>;
  try {
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    const settings = checkClvOptions({
      horizonMonths: v['horizonMonths'] as number,
      discountRate: v['discountRate'] as number,
      monthLength: v['monthLength'] as number,
    });
    return { ...settings, model: GammaGamma.fromJSON(v['model']) };
  } catch (cause) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `pipeline model: "bgNbd.value" needs horizonMonths, discountRate, monthLength and a GammaGamma model (${(cause as Error).message})`,
    );
  }
}

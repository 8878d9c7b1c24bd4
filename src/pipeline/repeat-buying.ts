/**
 * The BG/NBD repeat-buying model as a pipeline component: fitted on the week summary of the
 * transactions, it adds P(alive) and expected purchases over a horizon to the cohort table.
 *
 * @module
 */
import { buyerFlags } from '../features/purchasers.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { BgNbd } from '../predict/bg-nbd/bg-nbd.js';
import { degenerateFitMessage } from '../predict/bg-nbd/degeneracy.js';
import { rfmSummary, type RfmSummary } from '../predict/bg-nbd/rfm-summary.js';
import { repeatPurchaseValue } from '../predict/gamma-gamma/repeat-spend.js';
import { getText, rowCount, type Column, type ColumnTable } from '../table/column-table.js';
import type { PipelineProgress } from '../util/progress.js';
import {
  customerValueColumns,
  customerValueWarnings,
  DEFAULT_CLV_DISCOUNT,
  DEFAULT_CLV_MONTHS,
  fitCustomerValue,
  type ClvSettings,
  type PipelineValue,
  type ValueSummary,
} from './customer-value.js';

/** The fitted BG/NBD model of a pipeline and the horizon of its expected purchases. */
export interface PipelineRepeatBuying {
  /** Fitted on `rfmSummary(tx, { unit: 'week', asOf })` of the fit's as-of date. */
  readonly model: BgNbd;
  /** Horizon of `expected_purchases_<H>w`, in weeks. */
  readonly horizonWeeks: number;
  /**
   * The Gamma-Gamma spend model and the CLV settings (`expected_spend`, `clv_<H>`); absent
   * when it could not be fitted, and in models saved before it existed.
   */
  readonly value?: PipelineValue | undefined;
  /** What fitting the spend model noted (skipped, rows left out); not saved with the model. */
  readonly valueReport?:
    | { readonly notes: readonly string[]; readonly warnings: readonly CohortlabWarning[] }
    | undefined;
}

/** Default horizon of the expected purchases: one year. */
export const DEFAULT_BG_NBD_WEEKS = 52;

/** Column name of the expected purchases over `weeks` weeks: `expected_purchases_52w`. */
export function expectedPurchasesColumn(weeks: number): string {
  return `expected_purchases_${weeks}w`;
}

/**
 * The week summary BG/NBD is fitted and applied on (purchase days, as in the paper), with
 * each customer's mean repeat-purchase value for Gamma-Gamma ({@link repeatPurchaseValue}).
 */
export async function repeatBuyingSummary(tx: Transactions, asOf: string): Promise<ValueSummary> {
  const summary = await rfmSummary(tx, { unit: 'week', asOf });
  const values = await repeatPurchaseValue(tx, asOf);
  const monetaryValue = Float64Array.from(summary.customerId, (id) => values.get(id) ?? 0);
  return { ...summary, monetaryValue };
}

/**
 * Fits BG/NBD on the week summary (`progress` hears the optimiser runs, step "bg-nbd fit").
 * INVALID_INPUT (the caller leaves the model out with a note) when no customer bought twice —
 * the dropout process is then not identified — or the fit diverges. A degenerate fit is kept
 * but not {@link repeatBuyingReliable}; {@link repeatBuyingWarnings} says why.
 */
export function fitRepeatBuying(
  summary: RfmSummary,
  horizonWeeks: number,
  progress?: PipelineProgress,
  clv: ClvSettings = { horizonMonths: DEFAULT_CLV_MONTHS, discountRate: DEFAULT_CLV_DISCOUNT },
): PipelineRepeatBuying {
  if (!summary.frequency.some((x) => x > 0)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      'BG/NBD needs customers with repeat purchases; none bought on two days',
    );
  }
  const model = new BgNbd().fit(summary, { progress });
  if (!hasMonetaryValue(summary)) return { model, horizonWeeks };
  // Value ahead needs both models: Gamma-Gamma on the same summary's repeat buyers.
  const { value, note, dropped } = fitCustomerValue(summary, clv);
  return {
    model,
    horizonWeeks,
    value,
    valueReport: {
      notes: note === undefined ? [] : [note],
      warnings: value === undefined ? [] : customerValueWarnings(value, dropped),
    },
  };
}

function hasMonetaryValue(summary: RfmSummary): summary is ValueSummary {
  return (summary as Partial<ValueSummary>).monetaryValue instanceof Float64Array;
}

/**
 * False when the BG/NBD fit is degenerate ({@link BgNbd.reliable}): its p_alive is ≈ 1 for
 * everyone or otherwise says nothing, so no report, class or advice may rest on it (the
 * column is still written, and `expected_purchases_<H>w` stays usable when r and α are).
 */
export function repeatBuyingReliable(repeatBuying: PipelineRepeatBuying): boolean {
  return repeatBuying.model.reliable;
}

/**
 * The warnings of a fitted BG/NBD part: one `DEGENERATE_FIT` (stage 'bg-nbd', count = the
 * customers fitted on) with the parameters and the rules that fired when the fit is not
 * reliable; none otherwise.
 */
export function repeatBuyingWarnings(repeatBuying: PipelineRepeatBuying): CohortlabWarning[] {
  const { model } = repeatBuying;
  if (model.reliable) return [];
  return [
    cohortlabWarning(
      'DEGENERATE_FIT',
      degenerateFitMessage(model.parameters, model.state.degeneracy),
      {
        count: model.state.customers,
        stage: 'bg-nbd',
      },
    ),
  ];
}

/**
 * `p_alive` and `expected_purchases_<H>w` (then `expected_spend` and `clv_<H>` when the
 * spend model is present and the summary has mean repeat values) for every row of `features`, matched by
 * customer_id to the summary rows; NaN for customers without a purchase day before the
 * as-of date (prospects, customers with only returns) and for customers without an order of
 * positive value (only zero amounts: {@link buyerFlags}), who bought nothing to extrapolate.
 */
export function repeatBuyingColumns(
  features: ColumnTable,
  repeatBuying: PipelineRepeatBuying,
  summary: RfmSummary,
): Record<string, Column> {
  const alive = repeatBuying.model.predictAlive(summary);
  const expected = repeatBuying.model.predictPurchases(repeatBuying.horizonWeeks, summary);
  const rowOf = new Map(summary.customerId.map((id, i) => [id, i]));
  const ids = getText(features, 'customer_id');
  const n = rowCount(features);
  const buyers = buyerFlags(features);
  const pAlive = new Float64Array(n).fill(NaN);
  const purchases = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const j = rowOf.get(String(ids[i]));
    if (j === undefined || buyers[i] === 0) continue;
    pAlive[i] = alive[j] as number;
    purchases[i] = expected[j] as number;
  }
  const value =
    repeatBuying.value !== undefined && hasMonetaryValue(summary)
      ? customerValueColumns(features, repeatBuying.model, repeatBuying.value, summary)
      : {};
  return {
    p_alive: pAlive,
    [expectedPurchasesColumn(repeatBuying.horizonWeeks)]: purchases,
    ...value,
  };
}

/**
 * Customer lifetime value over a horizon from BG/NBD (how often) × Gamma-Gamma (how much),
 * discounted month by month.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { expectedPurchases } from './bg-nbd/expectations.js';
import type { BgNbdParameters } from './bg-nbd/summary.js';
import { conditionalExpectedSpend, type GammaGammaParameters } from './gamma-gamma/likelihood.js';

/** Options of {@link customerLifetimeValue}; all explicit, none defaulted. */
export interface ClvOptions {
  /** Horizon in months (a whole number ≥ 1): the value of the next `horizonMonths` months. */
  readonly horizonMonths: number;
  /**
   * Length of one month in the time unit of recency and T (e.g. 365.25 / 12 / 7 ≈ 4.348 for
   * weeks, 365.25 / 12 ≈ 30.44 for days).
   */
  readonly monthLength: number;
  /** Discount rate per month (≥ 0; 0.01 = 1 % a month). */
  readonly discountRate: number;
}

/** One customer per index: the BG/NBD history and the mean value of the repeat purchases. */
export interface ClvCustomers {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** Mean value of the repeat purchases; ignored where frequency is 0. */
  readonly monetaryValue: ArrayLike<number>;
}

/** Length of a month in days (a Julian year / 12) and in weeks. */
export const MONTH_IN_DAYS = 365.25 / 12;
/** {@link MONTH_IN_DAYS} / 7. */
export const MONTH_IN_WEEKS = MONTH_IN_DAYS / 7;

/** Column name of the value over `months` months: `clv_12`. */
export function clvColumn(months: number): string {
  return `clv_${months}`;
}

/**
 * The discounted expected value of each customer over the next H months:
 *
 * CLV_H = E[M | x, m̄] · Σ_{k=1..H} (E[Y(k·L) | x, tₓ, T] − E[Y((k−1)·L) | x, tₓ, T]) / (1 + d)^k
 *
 * with E[M | x, m̄] the Gamma-Gamma expected spend per transaction (eq. 5 of Fader, Hardie &
 * Lee 2005, "RFM and CLV"), E[Y(t) | …] the BG/NBD expected purchases in the next t (eq. 10
 * of "Counting Your Customers the Easy Way"), L = `monthLength` and d = `discountRate`: the
 * purchases expected in month k are discounted as if paid at its end, as the lifetimes
 * package's `customer_lifetime_value` does. Spend and purchases are taken as independent
 * (the Gamma-Gamma assumption). Customers without a repeat purchase get the population mean
 * spend pγ/(q − 1).
 */
export function customerLifetimeValue(
  bgNbd: BgNbdParameters,
  gammaGamma: GammaGammaParameters,
  customers: ClvCustomers,
  options: ClvOptions,
): Float64Array {
  const { horizonMonths, monthLength, discountRate } = checkClvOptions(options);
  const n = customers.frequency.length;
  for (const key of ['recency', 'T', 'monetaryValue'] as const) {
    if (customers[key].length !== n) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `CLV: frequency has ${n} values, ${key} ${customers[key].length}`,
      );
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = customers.frequency[i] as number;
    const tx = customers.recency[i] as number;
    const T = customers.T[i] as number;
    const spend = conditionalExpectedSpend(
      gammaGamma,
      x,
      x > 0 ? (customers.monetaryValue[i] as number) : 0,
    );
    let value = 0;
    let before = 0;
    for (let k = 1; k <= horizonMonths; k++) {
      const upTo = expectedPurchases(bgNbd, k * monthLength, x, tx, T);
      value += (upTo - before) / (1 + discountRate) ** k;
      before = upTo;
    }
    out[i] = spend * value;
  }
  return out;
}

/** Checks {@link ClvOptions} (INVALID_OPTION naming the option) and returns them. */
export function checkClvOptions(options: ClvOptions): ClvOptions {
  const { horizonMonths, monthLength, discountRate } = options as Partial<ClvOptions>;
  if (!(
    typeof horizonMonths === 'number' &&
    Number.isInteger(horizonMonths) &&
    horizonMonths >= 1
  )) {
    throw new CohortlabError('INVALID_OPTION', 'CLV: horizonMonths must be a whole number ≥ 1');
  }
  if (!(typeof monthLength === 'number' && Number.isFinite(monthLength) && monthLength > 0)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'CLV: monthLength must be > 0 (one month in the time unit of recency and T)',
    );
  }
  if (!(typeof discountRate === 'number' && Number.isFinite(discountRate) && discountRate >= 0)) {
    throw new CohortlabError('INVALID_OPTION', 'CLV: discountRate must be ≥ 0 (per month)');
  }
  return { horizonMonths, monthLength, discountRate };
}

/**
 * Helpers shared by the predefined class schemes: option validation, the "has purchases" mask,
 * count limits that are robust to decimal fractions, and JSON-state checks.
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { getNumeric, rowCount, type ColumnTable } from '../table/column-table.js';

/** True for a non-null, non-array object (a parsed JSON object). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `value` when it is a non-empty string; INVALID_OPTION naming `option` otherwise. */
export function requireName(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new CohortlabError('INVALID_OPTION', `${option} must be a non-empty string`);
  }
  return value;
}

/** Like {@link requireName}, but `null` is allowed too (meaning "not used"). */
export function requireNameOrNull(value: unknown, option: string): string | null {
  return value === null ? null : requireName(value, option);
}

/** Throws INVALID_OPTION when `labels` contains a duplicate. */
export function requireDistinct(labels: readonly string[], option: string): void {
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) {
      throw new CohortlabError('INVALID_OPTION', `${option} contains "${label}" twice`);
    }
    seen.add(label);
  }
}

/**
 * The order-count column the class schemes read to tell buyers from customers whose every
 * order was a return or of zero value (README: `frequency` counts orders of positive value).
 */
export const ORDERS_COLUMN = 'frequency';

/**
 * Which rows are customers with a usable purchase history: the `hasTransactions` column (when
 * not null) is neither 0 nor NaN, every column in `required` is non-NaN, and the `orders`
 * column (when not null and in the table) is above 0 — at least one order of positive value.
 * 1 = buyer.
 */
export function buyerMask(
  table: ColumnTable,
  hasTransactions: string | null,
  required: readonly string[],
  orders: string | null = ORDERS_COLUMN,
): Uint8Array {
  const n = rowCount(table);
  const mask = new Uint8Array(n).fill(1);
  if (hasTransactions !== null) {
    const flag = getNumeric(table, hasTransactions);
    for (let i = 0; i < n; i++) {
      const v = flag[i] as number;
      if (v === 0 || Number.isNaN(v)) mask[i] = 0;
    }
  }
  for (const name of required) {
    const column = getNumeric(table, name);
    for (let i = 0; i < n; i++) if (Number.isNaN(column[i] as number)) mask[i] = 0;
  }
  if (orders !== null && Object.prototype.hasOwnProperty.call(table, orders)) {
    const count = getNumeric(table, orders);
    for (let i = 0; i < n; i++) if (!((count[i] as number) > 0)) mask[i] = 0;
  }
  return mask;
}

/**
 * `fraction × n`, snapped to the nearest integer when within floating-point noise of it, so
 * that a cut of 0.07 on 100 customers means exactly 7 (plain `0.07 * 100` is 7.000000000000001).
 */
export function countLimit(fraction: number, n: number): number {
  const limit = fraction * n;
  const nearest = Math.round(limit);
  return Math.abs(limit - nearest) <= 1e-9 * Math.max(1, Math.abs(limit)) ? nearest : limit;
}

/** INVALID_MODEL for a model JSON whose state or params do not have the expected shape. */
export function invalidModel(type: string, detail: string): CohortlabError {
  return new CohortlabError('INVALID_MODEL', `${type} model: ${detail}`);
}

/** True for an array of finite numbers. */
export function isFiniteNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * Retention of acquisition cohorts per group of customers, pooled over the cohorts: the share
 * of a group's customers still buying a given number of periods after their first purchase.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { getNumeric, getText } from '../table/column-table.js';
import type { AcquisitionCohorts } from './acquisition-cohorts.js';

/** One group's pooled retention. */
export interface GroupRetention {
  readonly group: string;
  /** Customers of the group (all its cohorts). */
  readonly customers: number;
  /**
   * For each asked period p: Σ active / Σ cohort customers over the group's cohorts observed
   * p periods after acquisition (NaN when none is).
   */
  readonly retention: readonly number[];
}

/**
 * Pools the cohorts of a grouped {@link AcquisitionCohorts} table (made with `groups`) per
 * group: customers, and the retention at each of `periods` weighted by the cohorts' sizes.
 * INVALID_INPUT for a table without a `group` column.
 */
export function retentionByGroup(
  cohorts: AcquisitionCohorts,
  periods: readonly number[],
): GroupRetention[] {
  const t = cohorts.table;
  if (t['group'] === undefined) {
    throw new CohortlabError(
      'INVALID_INPUT',
      'retentionByGroup needs acquisition cohorts made with groups',
    );
  }
  const group = getText(t, 'group');
  const period = getNumeric(t, 'period');
  const size = getNumeric(t, 'cohort_customers');
  const active = getNumeric(t, 'active_customers');
  const acc = new Map<string, { customers: number; active: number[]; base: number[] }>();
  for (let i = 0; i < group.length; i++) {
    const key = String(group[i]);
    const a = acc.get(key) ?? {
      customers: 0,
      active: periods.map(() => 0),
      base: periods.map(() => 0),
    };
    if (period[i] === 0) a.customers += size[i] as number;
    const k = periods.indexOf(period[i] as number);
    if (k >= 0) {
      a.active[k]! += active[i] as number;
      a.base[k]! += size[i] as number;
    }
    acc.set(key, a);
  }
  return [...acc].map(([key, a]) => ({
    group: key,
    customers: a.customers,
    retention: a.base.map((b, k) => (b === 0 ? NaN : (a.active[k] as number) / b)),
  }));
}

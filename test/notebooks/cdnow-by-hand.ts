/**
 * CDNOW rebuilt by hand from the raw file, for the notebook checks: each customer's days with
 * transactions, the lifecycle thresholds and stages of the rules, the BG/NBD summary, and
 * migration tables and rates counted from paired labels.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { BgNbdSummary } from '../../src/predict/bg-nbd/summary.js';
import { quantileSorted } from '../../src/util/stats.js';
import { formatCell } from '../../src/util/text-table.js';
import { countBy } from './outputs.js';

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** A customer's days with transactions (days since 1970, ascending). */
export interface CustomerDays {
  /** Every day with a transaction: a BG/NBD purchase (net amount ≥ 0 — none is negative). */
  readonly all: number[];
  /** Days with a positive net amount: the orders of customerFeatures. */
  readonly paid: number[];
}

/** The days of every customer, read from the raw file here; ids sorted. */
export function purchaseDays(root: string): Map<string, CustomerDays> {
  const text = readFileSync(path.join(root, 'data/cdnow_master.txt'), 'utf8');
  const net = new Map<string, Map<number, number>>();
  let rows = 0;
  let negative = 0;
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [id, date, , amount] = line.trim().split(/\s+/);
    if (id === undefined || id === '' || date === undefined) continue;
    rows++;
    if (Number(amount) < 0) negative++;
    const day = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) / DAY_MS;
    let days = net.get(id);
    if (days === undefined) net.set(id, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + Number(amount));
  }
  expect(rows).toBe(69_659);
  // No returns in CDNOW: every day with a transaction has a net amount ≥ 0 (some are 0: free items).
  expect(negative).toBe(0);
  return new Map(
    [...net.keys()].sort().map((id) => {
      const days = [...(net.get(id) as Map<number, number>)].sort((a, b) => a[0] - b[0]);
      return [
        id,
        { all: days.map(([d]) => d), paid: days.filter(([, v]) => v > 0).map(([d]) => d) },
      ];
    }),
  );
}

/** Lifecycle thresholds in days. */
export interface Thresholds {
  newDays: number;
  atRiskDays: number;
  churnDays: number;
}

/** Lifecycle thresholds at `asOf`: quantiles of the mean gap of customers with 2+ orders. */
export function thresholdsByHand(days: Map<string, CustomerDays>, asOf: number): Thresholds {
  const gaps: number[] = [];
  for (const { paid } of days.values()) {
    const before = paid.filter((d) => d < asOf);
    if (before.length >= 2) {
      gaps.push(((before.at(-1) as number) - (before[0] as number)) / (before.length - 1));
    }
  }
  gaps.sort((a, b) => a - b);
  return {
    newDays: quantileSorted(gaps, 0.5),
    atRiskDays: quantileSorted(gaps, 0.8),
    churnDays: quantileSorted(gaps, 0.95),
  };
}

/**
 * Lifecycle stage per customer (id order) at `asOf` under thresholds `t`, by the rules:
 * recency and tenure from the first and last paid order; a customer without one (every order
 * $0, or none yet) is a prospect: they have bought nothing.
 */
export function stagesByHand(
  days: Map<string, CustomerDays>,
  asOf: number,
  t: Thresholds,
): string[] {
  return [...days.values()].map(({ paid }) => {
    const before = paid.filter((d) => d < asOf);
    if (before.length === 0) return 'prospect';
    const recency = asOf - (before.at(-1) as number);
    if (recency > t.churnDays) return 'churned';
    if (recency > t.atRiskDays) return 'at-risk';
    return asOf - (before[0] as number) <= t.newDays ? 'new' : 'active';
  });
}

/** Counts of (from, to) pairs. */
export function pairCounts(from: readonly string[], to: readonly string[]): Map<string, number> {
  return countBy(from.map((f, i) => `${f}→${to[i]}`));
}

/**
 * The migration table the notebook shows, built here from paired labels: non-empty classes of
 * `classes` (rows: earlier, columns: later), counts, row total, share that stayed.
 */
export function migrationTableByHand(
  from: readonly string[],
  to: readonly string[],
  classes: readonly string[],
): string[][] {
  const pairs = pairCounts(from, to);
  const rows = classes.filter((c) => from.includes(c));
  const columns = classes.filter((c) => to.includes(c));
  return rows.map((r) => {
    const total = from.filter((f) => f === r).length;
    const stayed = pairs.get(`${r}→${r}`) ?? 0;
    return [
      r,
      ...columns.map((c) => formatCell(pairs.get(`${r}→${c}`) ?? 0, 1)),
      formatCell(total, 1),
      formatCell((stayed / total) * 100, 1),
    ];
  });
}

/** Upgrade / downgrade / retention rates (in %) by a ranking, counted here. */
export function ratesByHand(
  from: readonly string[],
  to: readonly string[],
  order: readonly string[],
) {
  let up = 0;
  let down = 0;
  let same = 0;
  from.forEach((f, i) => {
    const a = order.indexOf(f);
    const b = order.indexOf(to[i] as string);
    if (a < 0 || b < 0) return;
    if (b < a) up++;
    else if (b > a) down++;
    else same++;
  });
  const ranked = up + down + same;
  return [ranked, (up / ranked) * 100, (down / ranked) * 100, (same / ranked) * 100];
}

/** The BG/NBD summary (weeks) of every customer, by hand, with holdout purchase days. */
export function summaryByHand(
  days: Map<string, CustomerDays>,
  calibrationEnd: number,
  end: number,
) {
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  const holdout: number[] = [];
  for (const { all } of days.values()) {
    const cal = all.filter((d) => d < calibrationEnd);
    if (cal.length === 0) continue;
    frequency.push(cal.length - 1);
    recency.push(((cal.at(-1) as number) - (cal[0] as number)) / 7);
    T.push((calibrationEnd - 1 - (cal[0] as number)) / 7);
    holdout.push(all.filter((d) => d >= calibrationEnd && d < end).length);
  }
  const summary: BgNbdSummary = {
    frequency: Float64Array.from(frequency),
    recency: Float64Array.from(recency),
    T: Float64Array.from(T),
  };
  return { summary, holdout };
}

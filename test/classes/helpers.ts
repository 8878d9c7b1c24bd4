/**
 * Test helpers for the class schemes: a seeded PRNG and synthetic customer feature tables.
 */
import type { ColumnTable } from '../../src/table/column-table.js';

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options for {@link syntheticFeatures}. */
export interface SyntheticOptions {
  /** Share of customers without transactions (default 0.05). */
  readonly nonBuyers?: number;
  /** Round monetary to whole units, creating ties (default false). */
  readonly roundMonetary?: boolean;
}

/**
 * A per-customer feature table shaped like the feature stage's output: heavy ties in
 * frequency (about half the buyers bought once), log-normal-ish monetary, some customers
 * without transactions (recency/tenure/gap NaN, frequency and monetary 0), a text region.
 */
export function syntheticFeatures(
  n: number,
  seed: number,
  options: SyntheticOptions = {},
): ColumnTable {
  const random = seededRandom(seed);
  const nonBuyers = options.nonBuyers ?? 0.05;
  const regions = ['north', 'south', 'east', 'west'];
  const id: string[] = [];
  const region: (string | null)[] = [];
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const monetaryMean = new Float64Array(n);
  const tenure = new Float64Array(n);
  const gap = new Float64Array(n);
  const has = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    id.push(`c${i + 1}`);
    region.push(random() < 0.05 ? null : (regions[Math.floor(random() * 4)] as string));
    if (random() < nonBuyers) {
      recency[i] = NaN;
      tenure[i] = NaN;
      gap[i] = NaN;
      monetaryMean[i] = NaN;
      continue;
    }
    has[i] = 1;
    let f = 1;
    while (random() < 0.5 && f < 40) f++;
    frequency[i] = f;
    let m = 0;
    for (let k = 0; k < f; k++) m += Math.exp(2.5 + random() * 2);
    monetary[i] = options.roundMonetary === true ? Math.round(m) : m;
    monetaryMean[i] = monetary[i]! / f;
    const t = Math.floor(random() * 540);
    tenure[i] = t;
    recency[i] = f === 1 ? t : Math.floor(random() * (t + 1));
    gap[i] = f >= 2 ? (t - recency[i]!) / (f - 1) : NaN;
  }
  return {
    customer_id: id,
    recency_days: recency,
    frequency,
    monetary,
    monetary_mean: monetaryMean,
    tenure_days: tenure,
    mean_days_between_orders: gap,
    has_transactions: has,
    region,
  };
}

/** Counts of each label. */
export function countLabels(labels: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

/** JSON round trip through a string, as a saved model file would do. */
export function viaJSONString(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

import { describe, expect, it } from 'vitest';
import { chooseK } from '../../src/cluster/choose-k.js';
import { clusterCustomers } from '../../src/cluster/cluster-customers.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { matrixFromTable } from '../../src/cluster/kmeans/matrix.js';
import type { PipelineProgress } from '../../src/pipeline/config.js';

/** 40 customers in two obvious groups, plus one without purchases (NaN recency). */
function table() {
  const n = 41;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const has = new Float64Array(n).fill(1);
  for (let i = 0; i < 40; i++) {
    const recent = i % 2 === 0;
    recency[i] = recent ? 10 + (i % 5) : 400 + (i % 7);
    frequency[i] = recent ? 8 + (i % 3) : 1;
    monetary[i] = recent ? 300 + i : 20 + (i % 4);
  }
  recency[40] = NaN;
  has[40] = 0;
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  return { customer_id: ids, recency_days: recency, frequency, monetary, has_transactions: has };
}

describe('clusterCustomers', () => {
  it('clusters purchasers, names clusters, and measures distances in scaled units', () => {
    const data = table();
    const result = clusterCustomers(data, { k: 2, seed: 0 });
    expect(result.labels[40]).toBe(-1);
    expect(result.names[40]).toBe('');
    expect(Number.isNaN(result.distance[40]!)).toBe(true);
    // The two groups are recovered exactly.
    const even = new Set(Array.from({ length: 20 }, (_, i) => result.labels[2 * i]));
    const odd = new Set(Array.from({ length: 20 }, (_, i) => result.labels[2 * i + 1]));
    expect(even.size).toBe(1);
    expect(odd.size).toBe(1);
    expect([...even][0]).not.toBe([...odd][0]);
    expect(result.names[0]).toMatch(/recent/);
    expect(result.names[1]).toMatch(/lapsed/);
    // Distance = Euclidean distance of the scaled row to its centroid, recomputed here.
    const rows = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.slice(0, 40)]));
    const scaled = result.scaler.transform(rows as typeof data);
    const centroids = result.model.centroids;
    for (const i of [0, 1, 17]) {
      const c = result.labels[i]!;
      let ss = 0;
      result.features.forEach((name, j) => {
        const v = (scaled[name] as Float64Array)[i]!;
        ss += (v - centroids.data[c * centroids.cols + j]!) ** 2;
      });
      expect(result.distance[i]).toBeCloseTo(Math.sqrt(ss), 12);
    }
  });

  it('chooses k when asked, and refuses too few customers', () => {
    const result = clusterCustomers(table(), {
      seed: 0,
      chooseK: { gapReferences: 3, stabilityResamples: 3 },
    });
    expect(result.k).toBe(2);
    expect(result.choice?.reasons[0]).toMatch(/^k = 2/);
    const tiny = {
      customer_id: ['a', 'b'],
      recency_days: Float64Array.of(1, 2),
      frequency: Float64Array.of(1, 2),
      monetary: Float64Array.of(3, 4),
      has_transactions: Float64Array.of(1, 1),
    };
    expect(() => clusterCustomers(tiny)).toThrow(/at least 3 customers/);
  });

  it('reports the final fit run by run, after the k search when k is chosen on a sample', () => {
    const steps: string[] = [];
    const progress: PipelineProgress = {
      start: () => undefined,
      end: () => undefined,
      advance: (step, done, total, unit) => void steps.push(`${step} ${done}/${total} ${unit}`),
    };
    const given = clusterCustomers(table(), { k: 2, nInit: 4, seed: 0, progress });
    expect(steps).toEqual([
      'k-means 1/4 runs',
      'k-means 2/4 runs',
      'k-means 3/4 runs',
      'k-means 4/4 runs',
    ]);
    expect(given.model.inertia).toBe(
      clusterCustomers(table(), { k: 2, nInit: 4, seed: 0 }).model.inertia,
    );

    steps.length = 0;
    const search = { gapReferences: 1, stabilityResamples: 1, auxiliaryNInit: 1, ks: [2, 3] };
    clusterCustomers(table(), {
      seed: 3,
      nInit: 2,
      chooseK: search,
      chooseKSampleSize: 15,
      progress,
    });
    // 2 k × (2 main runs + 1 run for each of 2 gap fits and 1 bootstrap fit) = 10 runs.
    const searched = Array.from({ length: 10 }, (_, i) => `k search ${i + 1}/10 runs`);
    expect(steps).toEqual([
      ...searched,
      'measures 1/2 k',
      'measures 2/2 k',
      'k-means 1/2 runs',
      'k-means 2/2 runs',
    ]);
  });

  it('chooses k on a seeded sample of a large base, then fits the final model on everyone', () => {
    const data = table();
    const search = { gapReferences: 3, stabilityResamples: 3, ks: [2, 3, 4] };
    const sampled = clusterCustomers(data, { seed: 3, chooseK: search, chooseKSampleSize: 15 });
    const full = clusterCustomers(data, { seed: 3, chooseK: search, chooseKSampleSize: null });
    expect(sampled.choice?.reasons.at(-1)).toBe(
      'k was chosen on a seeded sample of 15 of 40 customers; the final model is fitted on all of them',
    );
    expect(full.choice?.reasons.join('\n')).not.toMatch(/chosen on a seeded sample/);
    // The k search saw 15 rows: its scores differ from the search on all 40 ...
    expect(sampled.choice?.rows.map((r) => r.inertia)).not.toEqual(
      full.choice?.rows.map((r) => r.inertia),
    );
    // ... and the seeded sample makes the search reproducible.
    const again = clusterCustomers(data, { seed: 3, chooseK: search, chooseKSampleSize: 15 });
    expect(again.choice?.rows).toEqual(sampled.choice?.rows);
    // The final model is one KMeans fit on all 40 purchasers with the chosen k.
    const rows = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.slice(0, 40)]));
    const x = matrixFromTable(sampled.scaler.transform(rows as typeof data), sampled.features);
    const direct = new KMeans({ k: sampled.k, nInit: 10, seed: 3 }).fit(x);
    expect(Array.from(sampled.model.labels)).toEqual(Array.from(direct.labels));
    expect(sampled.model.inertia).toBe(direct.inertia);
    expect(sampled.labels.slice(0, 40)).toEqual(direct.labels);
    // Sample size 40 or more: the search runs on everyone, as with null.
    const whole = clusterCustomers(data, { seed: 3, chooseK: search, chooseKSampleSize: 40 });
    expect(whole.choice?.rows).toEqual(full.choice?.rows);
    expect(chooseK(x, { seed: 3, nInit: 10, ...search }).rows).toEqual(full.choice?.rows);
    expect(() => clusterCustomers(data, { chooseKSampleSize: 2.5 })).toThrow(/chooseKSampleSize/);
  });
});

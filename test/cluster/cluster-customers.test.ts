import { describe, expect, it } from 'vitest';
import { clusterCustomers } from '../../src/cluster/cluster-customers.js';

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
});

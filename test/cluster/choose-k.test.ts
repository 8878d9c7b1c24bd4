import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseK } from '../../src/cluster/choose-k.js';
import type { Matrix } from '../../src/cluster/kmeans/matrix.js';
import type { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { calinskiHarabaszScore } from '../../src/cluster/metrics/calinski-harabasz.js';
import { daviesBouldinScore } from '../../src/cluster/metrics/davies-bouldin.js';
import { silhouetteScore } from '../../src/cluster/metrics/silhouette.js';
import type { PipelineProgress } from '../../src/pipeline/config.js';

/** Wholesale spend, log1p then z-scored with the population std (the preparation). */
function wholesale(): Matrix {
  const lines = readFileSync('data/wholesale_customers.csv', 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((l) =>
    l
      .split(',')
      .slice(2)
      .map((v) => Math.log1p(Number(v))),
  );
  const cols = 6;
  const data = new Float64Array(rows.length * cols);
  for (let j = 0; j < cols; j++) {
    const column = rows.map((r) => r[j] as number);
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
    rows.forEach((r, i) => (data[i * cols + j] = ((r[j] as number) - mean) / std));
  }
  return { data, rows: rows.length, cols };
}

/** Four tight, well separated 2-D blobs of 60 points (seeded, no library code). */
function blobs(): Matrix {
  let state = 12345;
  const uniform = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
    [10, 10],
  ];
  const data = new Float64Array(240 * 2);
  for (let i = 0; i < 240; i++) {
    const c = centres[i % 4] as number[];
    data[2 * i] = (c[0] as number) + uniform() - 0.5;
    data[2 * i + 1] = (c[1] as number) + uniform() - 0.5;
  }
  return { data, rows: 240, cols: 2 };
}

/** A progress that records every advance as [step, done, total, unit]. */
function recorder(): { progress: PipelineProgress; calls: [string, number, number, string][] } {
  const calls: [string, number, number, string][] = [];
  const progress: PipelineProgress = {
    start: () => undefined,
    end: () => undefined,
    advance: (step, done, total, unit) => void calls.push([step, done, total, unit ?? '']),
  };
  return { progress, calls };
}

describe('chooseK', () => {
  it('reports each k-means run of the search, 1…total, then each k measured', () => {
    const x = blobs();
    const options = {
      ks: [2, 3, 4, 5],
      nInit: 3,
      gapReferences: 2,
      stabilityResamples: 2,
      auxiliaryNInit: 2,
      seed: 1,
    };
    const { progress, calls } = recorder();
    const reported = chooseK(x, { ...options, progress });
    // Per k: 3 main runs, then 2 runs for each of 1 + 2 gap fits and 2 bootstrap fits.
    const total = 4 * (3 + 2 * (1 + 2 + 2));
    const runs = Array.from({ length: total }, (_, i): [string, number, number, string] => [
      'k search',
      i + 1,
      total,
      'runs',
    ]);
    const measured = [1, 2, 3, 4].map((done): [string, number, number, string] => [
      'measures',
      done,
      4,
      'k',
    ]);
    expect(calls).toEqual([...runs, ...measured]);
    // Reporting changes nothing of the result.
    const plain = chooseK(x, options);
    expect(reported.rows).toEqual(plain.rows);
    expect(reported.k).toBe(plain.k);
  });

  it('finds four obvious blobs by every criterion, stably', () => {
    const result = chooseK(blobs(), {
      ks: [2, 3, 4, 5, 6],
      gapReferences: 5,
      stabilityResamples: 5,
    });
    expect(result.k).toBe(4);
    expect(result.votes.filter((v) => v.k === 4).map((v) => v.criterion)).toEqual([
      'knee',
      'silhouette',
      'calinskiHarabasz',
      'daviesBouldin',
      'gap',
    ]);
    expect(result.rows.find((r) => r.k === 4)?.stability).toBeCloseTo(1, 10);
    expect(result.reasons[0]).toBe('k = 4: 5 of 5 criteria agree');
  });

  it('reports measures equal to the metric functions on the chosen labels, deterministically', () => {
    const x = wholesale();
    const options = {
      ks: [2, 3, 4, 5, 6, 7, 8],
      nInit: 10,
      gapReferences: 4,
      stabilityResamples: 4,
      seed: 7,
    };
    const result = chooseK(x, options);
    for (const row of result.rows) {
      const labels = result.models.get(row.k)!.labels;
      expect(row.silhouette).toBe(silhouetteScore(x, labels));
      expect(row.calinskiHarabasz).toBe(calinskiHarabaszScore(x, labels));
      expect(row.daviesBouldin).toBe(daviesBouldinScore(x, labels));
      expect(row.stability).toBeGreaterThan(0);
      expect(row.stability).toBeLessThanOrEqual(1);
    }
    // Inertia falls with k and is close to scikit-learn's best (issue figures; nInit 10 here).
    const sklearnBest = [1844.064, 1553.34, 1386.823, 1266.149, 1173.932, 1086.908, 1022.321];
    result.rows.forEach((row, i) => {
      expect(row.inertia / sklearnBest[i]!).toBeLessThan(1.01);
      if (i > 0) expect(row.inertia).toBeLessThan(result.rows[i - 1]!.inertia);
    });
    expect(result.votes.find((v) => v.criterion === 'knee')?.k).toBe(4);
    const again = chooseK(x, options);
    expect(again.rows).toEqual(result.rows);
    expect([again.k, again.reasons]).toEqual([result.k, result.reasons]);
  });

  it('validates the k range', () => {
    expect(() => chooseK(blobs(), { ks: [1, 2] })).toThrow(
      /ks must be increasing whole numbers ≥ 2/,
    );
    expect(() => chooseK(blobs(), { ks: [3, 2] })).toThrow(/INVALID_OPTION|ks must be/);
  });
});

describe('chooseK gates', () => {
  /** The four blobs and one point at (at, at): 1 of 241 points, below 1 %. */
  function blobsAndOutlier(at = 25): Matrix {
    const b = blobs();
    const data = new Float64Array((b.rows + 1) * 2);
    data.set(b.data);
    data[b.rows * 2] = at;
    data[b.rows * 2 + 1] = at;
    return { data, rows: b.rows + 1, cols: 2 };
  }
  const options = { ks: [2, 3, 4, 5, 6], gapReferences: 5, stabilityResamples: 5 };

  it('never chooses a k whose fit has a cluster below minClusterShare', () => {
    const x = blobsAndOutlier();
    const gated = chooseK(x, options);
    for (const row of gated.rows) {
      // smallestCluster is the smallest count of the main fit's labels, counted here.
      const counts = new Map<number, number>();
      for (const l of (gated.models.get(row.k) as KMeans).labels) {
        counts.set(l, (counts.get(l) ?? 0) + 1);
      }
      expect(row.smallestCluster).toBe(Math.min(...counts.values()));
    }
    const chosen = gated.rows.find((r) => r.k === gated.k);
    expect(chosen?.smallestCluster).toBeGreaterThanOrEqual(0.01 * 241);
    const tiny = gated.rows.filter((r) => (r.smallestCluster ?? 0) < 2.41).map((r) => r.k);
    expect(tiny.length).toBeGreaterThan(0);
    expect(gated.excluded.map((e) => e.k)).toEqual(expect.arrayContaining(tiny));
    expect(gated.support).toBe(gated.votes.filter((v) => v.k === gated.k).length);
    // Without the gate nothing is excluded for size.
    const open = chooseK(x, { ...options, minClusterShare: 0 });
    expect(open.excluded.filter((e) => e.reason.includes('has a cluster of'))).toEqual([]);
  });

  it('lifts the size gate when every k has a tiny cluster (clusterCustomers then warns)', () => {
    // So far away that every k from 2 up puts the point alone.
    const result = chooseK(blobsAndOutlier(1000), options);
    expect(result.rows.map((r) => r.smallestCluster)).toEqual([1, 1, 1, 1, 1]);
    expect(result.excluded.filter((e) => e.reason.includes('has a cluster of'))).toEqual([]);
  });
});

/**
 * surrogateRules: a shallow tree explains clusters; fidelity 1 when the clusters are boxes,
 * and a reported, sane fidelity on k-means clusters of the wholesale data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { surrogateRules } from '../../src/classify/surrogate.js';
import { Xoshiro128 } from '../../src/cluster/kmeans/random.js';
import type { ColumnTable } from '../../src/table/column-table.js';
import { expectError, tableOf, wholesaleFixture } from './tree/helpers.js';

function boxes(): { table: ColumnTable; labels: number[] } {
  const rng = new Xoshiro128(7);
  const n = 600;
  const recency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    recency[i] = Math.round(rng.nextFloat() * 365);
    monetary[i] = Math.round(rng.nextFloat() * 5000);
    labels.push(recency[i]! > 180 ? 2 : monetary[i]! > 2500 ? 0 : 1);
  }
  return { table: { recency, monetary }, labels };
}

describe('surrogateRules', () => {
  it('explains rule-separable clusters with fidelity 1', () => {
    const { table, labels } = boxes();
    const result = surrogateRules(table, labels);
    expect(result.fidelity).toBe(1);
    expect(result.clusters.map((c) => c.cluster)).toEqual(['0', '1', '2']);
    for (const cluster of result.clusters) {
      expect(cluster.coverage).toBe(1);
      expect(cluster.precision).toBe(1);
      expect(result.fidelityByCluster[cluster.cluster]).toBe(1);
      expect(cluster.rules.reduce((s, r) => s + r.hits, 0)).toBe(cluster.size);
    }
    const old = result.clusters[2]?.rules.map((r) => r.text);
    expect(old).toHaveLength(1);
    expect(old?.[0]).toMatch(/^IF recency > 18\d\.?5? THEN cluster '2' \(n = \d+, 100%\)$/);
    expect(result.tree.depth).toBeLessThanOrEqual(3);
    expect(result.predictions).toEqual(labels.map(String));
  });

  it('reports fidelity on k-means clusters of the wholesale data', () => {
    const fixture = wholesaleFixture();
    const kmeans = JSON.parse(
      readFileSync(new URL('../fixtures/cluster/kmeans-wholesale.json', import.meta.url), 'utf8'),
    ) as { sameInit: { name: string; lloyd: { labels: number[] } }[] };
    const table = tableOf(fixture.columns);
    for (const run of kmeans.sameInit.filter((r) =>
      ['k3-rows-default-tol', 'k5-tol0'].includes(r.name),
    )) {
      const labels = run.lloyd.labels;
      const result = surrogateRules(table, labels, { maxDepth: 3 });
      // k-means clusters of log spend are not boxes, but depth 3 describes most customers.
      expect(result.fidelity).toBeGreaterThan(0.8); // 0.855 (k = 3) and 0.834 (k = 5)
      const agree = result.predictions.filter((p, i) => p === String(labels[i])).length;
      expect(result.fidelity).toBe(agree / labels.length);
      for (const cluster of result.clusters) {
        const covered = cluster.rules.reduce((s, r) => s + r.coverage, 0);
        expect(cluster.coverage).toBeCloseTo(covered, 12);
        for (const rule of cluster.rules) {
          expect(rule.precision).toBeGreaterThan(0);
          expect(rule.hits).toBeLessThanOrEqual(rule.rows);
        }
      }
      const deeper = surrogateRules(table, labels, { maxDepth: 6 });
      expect(deeper.fidelity).toBeGreaterThanOrEqual(result.fidelity);
    }
  });

  it('refuses bad labels and options', () => {
    const { table, labels } = boxes();
    expectError(() => surrogateRules(table, labels.slice(1)), 'INVALID_INPUT');
    const withNaN: number[] = [...labels];
    withNaN[4] = Number.NaN;
    expect(expectError(() => surrogateRules(table, withNaN), 'INVALID_INPUT').row).toBe(5);
    expectError(() => surrogateRules(table, labels, { maxDepth: 0 }), 'INVALID_OPTION');
    expectError(
      () => surrogateRules(table, labels, { depth: 3 } as unknown as { maxDepth: number }),
      'INVALID_OPTION',
    );
    expectError(() => surrogateRules(table, labels, { features: ['nope'] }), 'UNKNOWN_FEATURE');
  });
});

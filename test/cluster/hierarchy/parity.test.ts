/**
 * Parity with scipy's `linkage` (merge heights, children, sizes) and scikit-learn's
 * `AgglomerativeClustering` labels (k = 2..8, its own numbering) on Wholesale (log1p, z) and
 * Mall (z), for each linkage (fixture: scripts/fixtures/hierarchy.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgglomerativeClustering, type Linkage } from '../../../src/cluster/hierarchy/index.js';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';

interface HierarchyCase {
  data: string;
  linkage: Linkage;
  children: number[];
  heights: number[];
  sizes: number[];
  labels: Record<string, number[]>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/cluster/hierarchy.json', import.meta.url), 'utf8'),
) as {
  sklearn: string;
  scipy: string;
  data: Record<string, { rows: number; cols: number; values: number[] }>;
  cases: HierarchyCase[];
};

function matrix(name: string): Matrix {
  const d = fixture.data[name]!;
  return { data: Float64Array.from(d.values), rows: d.rows, cols: d.cols };
}

describe('AgglomerativeClustering parity with scipy and scikit-learn', () => {
  it('the fixture was written by scikit-learn 1.2.1', () => {
    expect(fixture.sklearn).toBe('1.2.1');
  });

  it.each(fixture.cases.map((c) => [c.data, c.linkage, c] as const))(
    '%s, %s: heights to 1e-10, same merges; labels identical for k = 2..8',
    (data, linkage, c) => {
      const x = matrix(data);
      const model = new AgglomerativeClustering({ k: 2, linkage }).fit(x);
      const z = model.linkageMatrix();
      let worst = 0;
      z.forEach((row, m) => {
        worst = Math.max(
          worst,
          Math.abs(row[2]! - c.heights[m]!) / Math.max(1e-300, c.heights[m]!),
        );
      });
      expect(worst).toBeLessThan(1e-10);
      // scipy writes the smaller child first; single linkage keeps scikit-learn's order.
      const pairs = z.map((row) => [Math.min(row[0]!, row[1]!), Math.max(row[0]!, row[1]!)]);
      expect(pairs.flat()).toEqual(c.children);
      expect(z.map((row) => row[3])).toEqual(c.sizes);
      for (let k = 2; k <= 8; k++) expect(Array.from(model.cut(k))).toEqual(c.labels[String(k)]);
      expect(Array.from(model.labels)).toEqual(c.labels['2']);
    },
  );
});

/**
 * AgglomerativeClustering beyond the fixture: cuts by height, the two-step method against
 * the Ward criterion computed from its clusters, the memory bound, predict, errors.
 */
import { describe, expect, it } from 'vitest';
import { AgglomerativeClustering } from '../../../src/cluster/hierarchy/index.js';
import { blobs, expectError, samePartition } from '../kmeans/helpers.js';

const { x } = blobs(120, 4, 3, 1.5, 21);

describe('AgglomerativeClustering', () => {
  it('cutting at a height keeps the merges at or below it (scipy fcluster "distance")', () => {
    const model = new AgglomerativeClustering({ linkage: 'average' }).fit(x);
    const heights = model.linkageMatrix().map((row) => row[2]!);
    for (const k of [2, 3, 5, 9]) {
      // Between the (n − k)-th and the next height: exactly k clusters.
      const h = (heights[x.rows - k - 1]! + heights[x.rows - k]!) / 2;
      const labels = model.cutAtHeight(h);
      expect(new Set(labels).size).toBe(k);
      expect(Array.from(labels)).toEqual(Array.from(model.cut(k)));
    }
    expect(new Set(model.cutAtHeight(heights.at(-1)!)).size).toBe(1);
    expect(new Set(model.cutAtHeight(-1)).size).toBe(x.rows);
    const byThreshold = new AgglomerativeClustering({
      linkage: 'average',
      distanceThreshold: (heights[x.rows - 5]! + heights[x.rows - 4]!) / 2,
    }).fit(x);
    expect(byThreshold.learned.nClusters).toBe(4);
    expect(Array.from(byThreshold.labels)).toEqual(Array.from(model.cut(4)));
  });

  it('each cut is nested in the coarser one, and the heights never decrease', () => {
    const model = new AgglomerativeClustering({ linkage: 'complete' }).fit(x);
    const heights = model.linkageMatrix().map((row) => row[2]!);
    for (let m = 1; m < heights.length; m++)
      expect(heights[m]).toBeGreaterThanOrEqual(heights[m - 1]!);
    for (let k = 2; k <= 8; k++) {
      const fine = model.cut(k);
      const coarse = model.cut(k - 1);
      const parent = new Map<number, number>();
      fine.forEach((c, i) => {
        expect(parent.get(c) ?? coarse[i]).toBe(coarse[i]);
        parent.set(c, coarse[i]!);
      });
    }
  });

  it('two-step: a typed warning, and every merge height is the Ward distance of the merged customers', () => {
    const model = new AgglomerativeClustering({ k: 4, maxExactRows: 100, twoStepGroups: 30 });
    model.fit(x);
    expect(model.learned.method).toBe('two-step');
    expect(model.warnings.map((w) => w.code)).toEqual(['PART_SKIPPED']);
    expect(model.warnings[0]!.message).toContain('30 k-means groups');
    const { tree, leafOf } = model.learned;
    expect(tree.leaves).toBe(30);
    // Members of every node, then Ward's criterion from their means and sizes.
    const members: number[][] = Array.from({ length: 2 * tree.leaves - 1 }, () => []);
    leafOf.forEach((leaf, i) => members[leaf]!.push(i));
    const mean = (rows: number[]): number[] =>
      [0, 1, 2].map((t) => rows.reduce((s, i) => s + x.data[i * 3 + t]!, 0) / rows.length);
    for (let m = 0; m < tree.leaves - 1; m++) {
      const a = members[tree.children[2 * m]!]!;
      const b = members[tree.children[2 * m + 1]!]!;
      const ca = mean(a);
      const cb = mean(b);
      const dist = Math.hypot(ca[0]! - cb[0]!, ca[1]! - cb[1]!, ca[2]! - cb[2]!);
      const ward = Math.sqrt((2 * a.length * b.length) / (a.length + b.length)) * dist;
      expect(tree.heights[m]).toBeCloseTo(ward, 9);
      expect(tree.sizes[m]).toBe(a.length + b.length);
      members[tree.leaves + m] = [...a, ...b];
    }
    // Customers of one k-means group always share a cluster.
    const labels = model.labels;
    leafOf.forEach((leaf, i) => expect(labels[i]).toBe(labels[leafOf.indexOf(leaf)]));
  });

  it('recovers well-separated blobs with every linkage; predict uses the nearest cluster mean', () => {
    const sep = blobs(200, 4, 2, 0.3, 3);
    for (const linkage of ['ward', 'complete', 'average', 'single'] as const) {
      const model = new AgglomerativeClustering({ k: 4, linkage }).fit(sep.x);
      expect(samePartition(model.labels, sep.truth)).toBe(true);
      expect(Array.from(model.predict(sep.x))).toEqual(Array.from(model.labels));
    }
  });

  it('JSON round trip: the same tree, cuts, predictions and warnings', () => {
    for (const options of [
      { k: 3, linkage: 'average' as const },
      { k: 4, maxExactRows: 100, twoStepGroups: 30 },
    ]) {
      const model = new AgglomerativeClustering(options).fit(x);
      const back = AgglomerativeClustering.fromJSON(JSON.stringify(model.toJSON()));
      expect(back.params).toEqual(model.params);
      expect(back.linkageMatrix()).toEqual(model.linkageMatrix());
      expect(Array.from(back.cut(6))).toEqual(Array.from(model.cut(6)));
      expect(Array.from(back.predict(x))).toEqual(Array.from(model.predict(x)));
      expect(back.warnings).toEqual(model.warnings);
      expect(back.toJSON()).toEqual(model.toJSON());
    }
    const json = new AgglomerativeClustering({ k: 2 }).fit(x).toJSON() as unknown as {
      state: Record<string, unknown>;
    };
    const children = json.state['children'] as number[];
    const broken = { ...json, state: { ...json.state, children: [500, ...children.slice(1)] } };
    expectError(() => AgglomerativeClustering.fromJSON(broken), 'INVALID_MODEL');
  });

  it('refuses complete and average linkage above the memory bound, and bad options', () => {
    const error = expectError(
      () => new AgglomerativeClustering({ linkage: 'complete', maxExactRows: 50 }).fit(x),
      'INVALID_INPUT',
    );
    expect(error.message).toContain('maxExactRows = 50');
    expectError(
      () => new AgglomerativeClustering({ k: 2, distanceThreshold: 1 }),
      'INVALID_OPTION',
    );
    expectError(
      () => new AgglomerativeClustering({ linkage: 'centroid' as never }),
      'INVALID_OPTION',
    );
    expectError(() => new AgglomerativeClustering({ k: 500 }).fit(x), 'INVALID_INPUT');
    expectError(() => new AgglomerativeClustering().labels, 'NOT_FITTED');
    const fitted = new AgglomerativeClustering().fit(x);
    expectError(() => fitted.cut(0), 'INVALID_OPTION');
    expectError(() => fitted.predict([[1, 2]]), 'INVALID_INPUT');
  });
});

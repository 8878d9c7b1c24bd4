/**
 * BisectingKMeans: inertia against scikit-learn's BisectingKMeans on Wholesale (k = 2..8,
 * both strategies, nInit 10 per split, mean of 20 seeds each side), the split tree, errors.
 */
import { describe, expect, it } from 'vitest';
import { BisectingKMeans, type BisectingStrategy } from '../../../src/cluster/bisecting/index.js';
import { blobs, bytes, expectError } from '../kmeans/helpers.js';
import { densityFixture, densityMatrix } from '../density/helpers.js';

const fixture = densityFixture();
const wholesale = densityMatrix('wholesale');

describe('BisectingKMeans', () => {
  it.each(fixture.bisecting.map((c) => [c.strategy, c.k, c] as const))(
    '%s, k = %i: mean inertia of 20 seeds within 0.1%% of scikit-learn',
    (strategy, k, c) => {
      const ours: number[] = [];
      for (let seed = 0; seed < 20; seed++) {
        const model = new BisectingKMeans({
          k,
          nInit: 10,
          seed,
          strategy: strategy.replace('_', '-') as BisectingStrategy,
        }).fit(wholesale);
        ours.push(model.inertia);
      }
      const mean = ours.reduce((s, v) => s + v, 0) / ours.length;
      expect(Math.abs(mean - c.mean) / c.mean).toBeLessThan(1e-3);
      expect(Math.min(...ours)).toBeLessThanOrEqual(c.min * 1.001);
    },
  );

  it('keeps the split tree: sizes and inertias add up, leaves are the clusters', () => {
    const model = new BisectingKMeans({ k: 6, nInit: 3, seed: 4 }).fit(wholesale);
    const { nodes, labels, inertia } = model.learned;
    expect(nodes).toHaveLength(11);
    expect(nodes[0]!.size).toBe(440);
    let leafInertia = 0;
    nodes.forEach((node, id) => {
      if (node.children === null) {
        expect(labels.filter((l) => l === node.label)).toHaveLength(node.size);
        leafInertia += node.inertia;
      } else {
        const [a, b] = node.children;
        expect(nodes[a]!.parent).toBe(id);
        expect(nodes[a]!.size + nodes[b]!.size).toBe(node.size);
        // A split never increases the sum of squares.
        expect(nodes[a]!.inertia + nodes[b]!.inertia).toBeLessThanOrEqual(node.inertia);
      }
    });
    expect(inertia).toBeCloseTo(leafInertia, 9);
    expect(
      nodes
        .map((n) => n.splitOrder)
        .filter((o) => o >= 0)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    const again = new BisectingKMeans({ k: 6, nInit: 3, seed: 4 }).fit(wholesale);
    expect(bytes(again.learned.centroids.data)).toEqual(bytes(model.learned.centroids.data));
  });

  it('predict descends the tree: separated blobs are recovered and predicted', () => {
    const { x, truth } = blobs(300, 3, 2, 0.3, 6);
    const model = new BisectingKMeans({ k: 3, seed: 0 }).fit(x);
    const map = new Map<number, number>();
    model.labels.forEach((l, i) => {
      expect(map.get(truth[i]!) ?? l).toBe(l);
      map.set(truth[i]!, l);
    });
    expect(Array.from(model.predict(x))).toEqual(Array.from(model.labels));
  });

  it('JSON round trip: the same tree, labels and predictions', () => {
    const model = new BisectingKMeans({ k: 5, nInit: 2, seed: 3 }).fit(wholesale);
    const back = BisectingKMeans.fromJSON(JSON.stringify(model.toJSON()));
    expect(back.params).toEqual(model.params);
    expect(back.learned.nodes).toEqual(model.learned.nodes);
    expect(Array.from(back.predict(wholesale))).toEqual(Array.from(model.predict(wholesale)));
    expect(back.inertia).toBe(model.inertia);
    expect(back.toJSON()).toEqual(model.toJSON());
    const json = model.toJSON() as unknown as { state: Record<string, unknown> };
    expectError(
      () => BisectingKMeans.fromJSON({ ...json, state: { ...json.state, nodes: [] } }),
      'INVALID_MODEL',
    );
  });

  it('refuses bad options and data', () => {
    expectError(() => new BisectingKMeans({} as never), 'INVALID_OPTION');
    expectError(() => new BisectingKMeans({ k: 2, strategy: 'x' as never }), 'INVALID_OPTION');
    expectError(() => new BisectingKMeans({ k: 3 }).fit([[1], [2]]), 'INVALID_INPUT');
    expectError(() => new BisectingKMeans({ k: 2 }).learned, 'NOT_FITTED');
  });
});

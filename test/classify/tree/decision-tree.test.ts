/**
 * DecisionTreeClassifier behaviour: stopping rules, pruning, weights, feature subsampling,
 * determinism, JSON round trip, probabilities and errors.
 */
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../../../src/classify/tree/decision-tree.js';
import { LEAF, type TreeNodes } from '../../../src/classify/tree/nodes.js';
import { takeRows, type ColumnTable } from '../../../src/table/column-table.js';
import { expectError, smallFixture, tableOf, wholesaleFixture } from './helpers.js';

const small = smallFixture();
const smallTable = tableOf(small.columns);
const wholesale = wholesaleFixture();
const wholesaleTable = tableOf(wholesale.columns);

function leaves(nodes: TreeNodes): number[] {
  const out: number[] = [];
  for (let i = 0; i < nodes.nodeCount; i++) if (nodes.childrenLeft[i] === LEAF) out.push(i);
  return out;
}

/** Σ over leaves of W_t / W · impurity: the quantity of the pruning path. */
function leafImpurity(nodes: TreeNodes): number {
  const w = nodes.weightedNNodeSamples;
  return leaves(nodes).reduce(
    (sum, i) => sum + ((w[i] as number) * (nodes.impurity[i] as number)) / (w[0] as number),
    0,
  );
}

/**
 * Brute-force CART for unit weights and Gini: every feature in column order, every midpoint
 * between distinct values, strictly better wins — the documented tie rule. Returns the nodes in
 * pre-order as [feature, threshold, rows] (feature −1 for leaves).
 */
function bruteForce(
  columns: number[][],
  y: number[],
  rows: number[],
  depth: number,
  maxDepth: number,
  minLeaf: number,
): [number, number, number][] {
  const counts = (subset: number[]): number[] => {
    const c = [0, 0, 0];
    for (const i of subset) c[y[i] as number]! += 1;
    return c;
  };
  const sq = (c: number[]): number => c.reduce((s, v) => s + v * v, 0);
  const m = rows.length;
  const impurity = 1 - sq(counts(rows)) / (m * m);
  const leaf: [number, number, number][] = [[-1, Number.NaN, m]];
  if (depth >= maxDepth || m < 2 || m < 2 * minLeaf || impurity <= 2.220446049250313e-16)
    return leaf;
  let best = Number.NEGATIVE_INFINITY;
  let split: [number, number] | null = null as [number, number] | null;
  columns.forEach((column, f) => {
    const values = [...new Set(rows.map((i) => column[i] as number))].sort((a, b) => a - b);
    for (let j = 1; j < values.length; j++) {
      const t = (values[j - 1] as number) / 2 + (values[j] as number) / 2;
      const left = rows.filter((i) => (column[i] as number) <= t);
      const right = rows.filter((i) => (column[i] as number) > t);
      if (left.length < minLeaf || right.length < minLeaf) continue;
      const proxy = sq(counts(left)) / left.length + sq(counts(right)) / right.length;
      if (proxy > best) {
        best = proxy;
        split = [f, t];
      }
    }
  });
  if (split === null) return leaf;
  const [f, t]: [number, number] = split;
  const column = columns[f] as number[];
  return [
    [f, t, m],
    ...bruteForce(
      columns,
      y,
      rows.filter((i) => (column[i] as number) <= t),
      depth + 1,
      maxDepth,
      minLeaf,
    ),
    ...bruteForce(
      columns,
      y,
      rows.filter((i) => (column[i] as number) > t),
      depth + 1,
      maxDepth,
      minLeaf,
    ),
  ];
}

describe('split search', () => {
  it('matches a brute-force CART on data full of ties', () => {
    // Few distinct values per feature and a noisy target: many equal rows and tied splits.
    const n = 300;
    const columns = [0, 1, 2, 3].map((f) =>
      Array.from({ length: n }, (_, i) => ((i * (7 + 4 * f)) % (5 + f)) - 2),
    );
    const y = Array.from({ length: n }, (_, i) => {
      const [a, b, c, d] = columns.map((column) => column[i] as number) as [
        number,
        number,
        number,
        number,
      ];
      return (((a + c + (b > 1 ? 1 : 0) + (d === 0 ? 2 : 0) + (i % 7 === 0 ? 1 : 0)) % 3) + 3) % 3;
    });
    const table: ColumnTable = Object.fromEntries(
      columns.map((c, f) => [`f${f}`, Float64Array.from(c)]),
    );
    const target = y.map((k) => ['a', 'b', 'c'][k] as string);
    for (const [maxDepth, minLeaf] of [
      [3, 1],
      [6, 1],
      [8, 5],
      [20, 2],
    ] as const) {
      const tree = new DecisionTreeClassifier({ maxDepth, minSamplesLeaf: minLeaf }).fit(
        table,
        target,
      );
      const expected = bruteForce(
        columns,
        y,
        Array.from({ length: n }, (_, i) => i),
        0,
        maxDepth,
        minLeaf,
      );
      const { nodes } = tree;
      const actual = Array.from({ length: nodes.nodeCount }, (_, i) => [
        nodes.feature[i] as number,
        nodes.threshold[i] as number,
        nodes.nNodeSamples[i] as number,
      ]);
      expect(actual).toEqual(expected);
    }
  });
});

describe('stopping rules', () => {
  it('maxDepth bounds the depth', () => {
    for (const maxDepth of [1, 2, 3, 6]) {
      const tree = new DecisionTreeClassifier({ maxDepth }).fit(smallTable, small.target);
      expect(tree.depth).toBeLessThanOrEqual(maxDepth);
    }
    const full = new DecisionTreeClassifier().fit(smallTable, small.target);
    // Grown until pure: every training row is predicted right (all rows are distinct).
    expect(full.predict(smallTable)).toEqual(small.target);
  });

  it('minSamplesLeaf keeps at least that many rows in every leaf', () => {
    for (const minSamplesLeaf of [1, 5, 17, 0.1]) {
      const tree = new DecisionTreeClassifier({ minSamplesLeaf }).fit(smallTable, small.target);
      const limit = minSamplesLeaf < 1 ? Math.ceil(minSamplesLeaf * 240) : minSamplesLeaf;
      const sizes = leaves(tree.nodes).map((i) => tree.nodes.nNodeSamples[i] as number);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(limit);
    }
  });

  it('minSamplesSplit leaves nodes smaller than it unsplit', () => {
    const tree = new DecisionTreeClassifier({ minSamplesSplit: 40 }).fit(smallTable, small.target);
    const { nodes } = tree;
    for (let i = 0; i < nodes.nodeCount; i++) {
      if (nodes.childrenLeft[i] !== LEAF) expect(nodes.nNodeSamples[i]).toBeGreaterThanOrEqual(40);
    }
  });

  it('minImpurityDecrease: every split decreases weighted impurity by at least that much', () => {
    const minImpurityDecrease = 0.02;
    const tree = new DecisionTreeClassifier({ minImpurityDecrease }).fit(smallTable, small.target);
    const { nodes } = tree;
    const w = nodes.weightedNNodeSamples;
    const total = w[0] as number;
    let splits = 0;
    for (let i = 0; i < nodes.nodeCount; i++) {
      const l = nodes.childrenLeft[i] as number;
      if (l === LEAF) continue;
      const r = nodes.childrenRight[i] as number;
      const decrease =
        ((w[i] as number) / total) *
        ((nodes.impurity[i] as number) -
          ((w[r] as number) / (w[i] as number)) * (nodes.impurity[r] as number) -
          ((w[l] as number) / (w[i] as number)) * (nodes.impurity[l] as number));
      expect(decrease).toBeGreaterThanOrEqual(minImpurityDecrease - 1e-15);
      splits++;
    }
    expect(splits).toBeGreaterThan(0);
    const unlimited = new DecisionTreeClassifier().fit(smallTable, small.target);
    expect(tree.nodes.nodeCount).toBeLessThan(unlimited.nodes.nodeCount);
  });
});

describe('cost-complexity pruning', () => {
  it('pruning at each alpha of the path leaves the subtree with the path impurity', () => {
    const params = { maxDepth: 6, minSamplesLeaf: 4 };
    const path = new DecisionTreeClassifier(params).costComplexityPruningPath(
      smallTable,
      small.target,
    );
    expect(path.ccpAlphas[0]).toBe(0);
    let previousNodes = Number.POSITIVE_INFINITY;
    path.ccpAlphas.forEach((ccpAlpha) => {
      const tree = new DecisionTreeClassifier({ ...params, ccpAlpha }).fit(
        smallTable,
        small.target,
      );
      // Weakest links with equal alphas are pruned together: the last step with this alpha.
      const last = path.ccpAlphas.lastIndexOf(ccpAlpha);
      expect(Math.abs(leafImpurity(tree.nodes) - (path.impurities[last] as number))).toBeLessThan(
        1e-12,
      );
      expect(tree.nodes.nodeCount).toBeLessThanOrEqual(previousNodes);
      previousNodes = tree.nodes.nodeCount;
    });
    // The last alpha prunes the root.
    const last = path.ccpAlphas[path.ccpAlphas.length - 1] as number;
    const stump = new DecisionTreeClassifier({ ...params, ccpAlpha: last }).fit(
      smallTable,
      small.target,
    );
    expect(stump.nodes.nodeCount).toBe(1);
    expect(stump.featureImportances.every((v) => v === 0)).toBe(true);
  });

  it('the path does not change a fitted model', () => {
    const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(smallTable, small.target);
    const before = JSON.stringify(tree.toJSON());
    tree.costComplexityPruningPath(wholesaleTable, wholesale.channel);
    expect(JSON.stringify(tree.toJSON())).toBe(before);
  });
});

describe('weights', () => {
  it('a sample weight of 2 predicts like a duplicated row', () => {
    const rows = Array.from({ length: 240 }, (_, i) => i);
    const doubled = rows.filter((i) => i % 3 === 0);
    const weights = rows.map((i) => (i % 3 === 0 ? 2 : 1));
    const weighted = new DecisionTreeClassifier({ maxDepth: 4 }).fit(smallTable, small.target, {
      sampleWeight: weights,
    });
    const duplicated = new DecisionTreeClassifier({ maxDepth: 4 }).fit(
      takeRows(smallTable, [...rows, ...doubled]),
      [...rows, ...doubled].map((i) => small.target[i] as string),
    );
    expect(weighted.predict(smallTable)).toEqual(duplicated.predict(smallTable));
    expect(Array.from(weighted.nodes.threshold)).toEqual(Array.from(duplicated.nodes.threshold));
    expect(Array.from(weighted.nodes.value)).toEqual(Array.from(duplicated.nodes.value));
  });

  it('classWeight as a map equals the same sample weights', () => {
    const byMap = new DecisionTreeClassifier({ maxDepth: 3, classWeight: { c: 3 } }).fit(
      smallTable,
      small.target,
    );
    const bySample = new DecisionTreeClassifier({ maxDepth: 3 }).fit(smallTable, small.target, {
      sampleWeight: small.target.map((label) => (label === 'c' ? 3 : 1)),
    });
    expect(byMap.toJSON().state).toEqual(bySample.toJSON().state);
  });

  it("'balanced' gives every class the same total weight at the root", () => {
    const tree = new DecisionTreeClassifier({ maxDepth: 1, classWeight: 'balanced' }).fit(
      smallTable,
      small.target,
    );
    const root = Array.from(tree.nodes.value.subarray(0, 3));
    for (const v of root) expect(v).toBeCloseTo(80, 10);
  });
});

describe('determinism and feature subsampling', () => {
  it('the same data and parameters give the same tree', () => {
    const a = new DecisionTreeClassifier({ maxDepth: 5 }).fit(wholesaleTable, wholesale.channel);
    const b = new DecisionTreeClassifier({ maxDepth: 5 }).fit(wholesaleTable, wholesale.channel);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
  });

  it('maxFeatures draws features with the seed', () => {
    const fit = (seed: number): string =>
      JSON.stringify(
        new DecisionTreeClassifier({ maxFeatures: 2, seed })
          .fit(wholesaleTable, wholesale.channel)
          .toJSON().state,
      );
    expect(fit(1)).toBe(fit(1));
    const trees = new Set([1, 2, 3, 4, 5].map(fit));
    expect(trees.size).toBeGreaterThan(1);
    const all = JSON.stringify(
      new DecisionTreeClassifier({ maxFeatures: 6, seed: 9 })
        .fit(wholesaleTable, wholesale.channel)
        .toJSON().state,
    );
    const none = JSON.stringify(
      new DecisionTreeClassifier().fit(wholesaleTable, wholesale.channel).toJSON().state,
    );
    expect(all).toBe(none);
  });

  it("'sqrt', 'log2' and fractions resolve like scikit-learn", () => {
    for (const maxFeatures of ['sqrt', 'log2', 0.5] as const) {
      const tree = new DecisionTreeClassifier({ maxFeatures, maxDepth: 3 }).fit(
        wholesaleTable,
        wholesale.channel,
      );
      expect(tree.nodes.nodeCount).toBeGreaterThan(1);
    }
  });
});

describe('prediction and JSON', () => {
  it('predictProba rows sum to 1 and predict is their argmax', () => {
    const tree = new DecisionTreeClassifier({ maxDepth: 3 }).fit(smallTable, small.target);
    const { classes, probabilities } = tree.predictProba(smallTable);
    expect(classes).toEqual(['a', 'b', 'c']);
    const predicted = tree.predict(smallTable);
    for (let i = 0; i < 240; i++) {
      const row = Array.from(probabilities.subarray(i * 3, i * 3 + 3));
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(predicted[i]).toBe(classes[row.indexOf(Math.max(...row))]);
    }
  });

  it('round-trips through JSON with identical predictions', () => {
    const tree = new DecisionTreeClassifier({ maxDepth: 6, criterion: 'entropy' }).fit(
      wholesaleTable,
      wholesale.channel,
    );
    const text = JSON.stringify(tree);
    const restored = DecisionTreeClassifier.fromJSON(text);
    expect(restored.predict(wholesaleTable)).toEqual(tree.predict(wholesaleTable));
    expect(restored.predictProba(wholesaleTable).probabilities).toEqual(
      tree.predictProba(wholesaleTable).probabilities,
    );
    expect(restored.params).toEqual(tree.params);
    expect(restored.featureImportances).toEqual(tree.featureImportances);
    expect(JSON.stringify(DecisionTreeClassifier.fromJSON(JSON.parse(text)))).toBe(text);
    expect(tree.toJSON().type).toBe('DecisionTreeClassifier');
  });

  it('refuses damaged JSON', () => {
    const json = new DecisionTreeClassifier({ maxDepth: 2 })
      .fit(smallTable, small.target)
      .toJSON() as unknown as { state: { nodes: Record<string, unknown> } };
    const damage = (edit: (nodes: Record<string, unknown[]>) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(json)) as {
        state: { nodes: Record<string, unknown[]> };
      };
      edit(copy.state.nodes);
      return copy;
    };
    expectError(
      () => DecisionTreeClassifier.fromJSON(damage((n) => (n['childrenLeft']![0] = 0))),
      'INVALID_MODEL',
    );
    expectError(
      () => DecisionTreeClassifier.fromJSON(damage((n) => n['value']!.pop())),
      'INVALID_MODEL',
    );
    expectError(
      () => DecisionTreeClassifier.fromJSON(damage((n) => (n['feature']![0] = 7))),
      'INVALID_MODEL',
    );
    expectError(
      () => DecisionTreeClassifier.fromJSON(damage((n) => (n['threshold']![0] = null))),
      'INVALID_MODEL',
    );
    expectError(
      () => DecisionTreeClassifier.fromJSON('{"format":"cohortlab-model"}'),
      'INVALID_MODEL',
    );
    expectError(() => DecisionTreeClassifier.fromJSON('not json'), 'INVALID_MODEL');
  });

  it('a single class gives a single leaf', () => {
    const tree = new DecisionTreeClassifier().fit(
      smallTable,
      small.target.map(() => 'only'),
    );
    expect(tree.nodes.nodeCount).toBe(1);
    expect(tree.predict(smallTable).every((l) => l === 'only')).toBe(true);
    expect(tree.predictProba(smallTable).probabilities.every((p) => p === 1)).toBe(true);
  });
});

describe('errors', () => {
  it('refuses invalid options', () => {
    expectError(() => new DecisionTreeClassifier({ maxDepth: 0 }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ maxDepth: 2.5 }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ minSamplesSplit: 1 }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ minSamplesLeaf: 0 }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ minImpurityDecrease: -1 }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ ccpAlpha: Number.NaN }), 'INVALID_OPTION');
    expectError(
      () => new DecisionTreeClassifier({ criterion: 'log_loss' as 'gini' }),
      'INVALID_OPTION',
    );
    expectError(() => new DecisionTreeClassifier({ maxFeatures: 0 }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ classWeight: { a: -1 } }), 'INVALID_OPTION');
    expectError(() => new DecisionTreeClassifier({ seed: 0.5 }), 'INVALID_OPTION');
    expectError(
      () => new DecisionTreeClassifier({ maxdepth: 3 } as unknown as { maxDepth: number }),
      'INVALID_OPTION',
    );
    expectError(
      () => new DecisionTreeClassifier({ maxFeatures: 9 }).fit(wholesaleTable, wholesale.channel),
      'INVALID_OPTION',
    );
    expectError(
      () => new DecisionTreeClassifier({ classWeight: { zzz: 2 } }).fit(smallTable, small.target),
      'INVALID_OPTION',
    );
  });

  it('refuses bad targets', () => {
    const tree = new DecisionTreeClassifier();
    const nanTarget = [...small.target] as unknown[];
    nanTarget[5] = Number.NaN;
    const error = expectError(() => tree.fit(smallTable, nanTarget as string[]), 'INVALID_INPUT');
    expect(error.row).toBe(6);
    expectError(() => tree.fit(smallTable, small.target.slice(1)), 'INVALID_INPUT');
    const nullTarget = [...small.target] as unknown[];
    nullTarget[0] = null;
    expectError(() => tree.fit(smallTable, nullTarget as string[]), 'INVALID_INPUT');
  });

  it('refuses unknown features, missing values and wrong column types', () => {
    const tree = new DecisionTreeClassifier();
    const unknown = expectError(
      () => tree.fit(smallTable, small.target, { features: ['x0', 'nope'] }),
      'UNKNOWN_FEATURE',
    );
    expect(unknown.column).toBe('nope');
    const x1 = Float64Array.from(small.columns['x1'] as number[]);
    x1[10] = Number.NaN;
    x1[20] = Number.NaN;
    const withNaN: ColumnTable = { ...smallTable, x1 };
    const missing = expectError(() => tree.fit(withNaN, small.target), 'INVALID_INPUT');
    expect([missing.column, missing.row, missing.count]).toEqual(['x1', 11, 2]);
    const text: ColumnTable = {
      ...smallTable,
      region: small.target.map((t, i) => (i === 3 ? null : t)),
    };
    const nullText = expectError(
      () => tree.fit(text, small.target, { features: ['x0', 'region'] }),
      'INVALID_INPUT',
    );
    expect([nullText.column, nullText.row]).toEqual(['region', 4]);
    expectError(
      () => tree.fit(smallTable, small.target, { features: ['x0', 'x0'] }),
      'INVALID_OPTION',
    );
    expectError(
      () => tree.fit(smallTable, small.target, { sampleWeight: [1, 2] }),
      'INVALID_INPUT',
    );
    expectError(
      () => tree.fit(smallTable, small.target, { sampleWeight: small.target.map(() => -1) }),
      'INVALID_INPUT',
    );
    expectError(
      () => tree.fit(smallTable, small.target, { sampleWeight: small.target.map(() => 0) }),
      'INVALID_INPUT',
    );
    expectError(() => tree.fit({ x: new Float64Array(0) }, []), 'NO_ROWS');

    tree.fit(smallTable, small.target);
    expectError(() => tree.predict({ x0: smallTable['x0']! }), 'UNKNOWN_FEATURE');
    expectError(() => tree.predict(withNaN), 'INVALID_INPUT');
    expectError(() => tree.predict({ ...smallTable, x2: small.target }), 'INVALID_INPUT');
  });

  it('refuses use before fit', () => {
    const tree = new DecisionTreeClassifier();
    expect(tree.isFitted).toBe(false);
    expectError(() => tree.predict(smallTable), 'NOT_FITTED');
    expectError(() => tree.classes, 'NOT_FITTED');
    expectError(() => tree.toJSON(), 'NOT_FITTED');
  });
});

/**
 * Categorical (text) features: Breiman's ordering finds the best subset split for two
 * classes, per-class orderings for more, unseen categories go right, and such trees survive
 * JSON and export to rules.
 */
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../../../src/classify/tree/decision-tree.js';
import { toRules } from '../../../src/classify/tree/rules.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

// Share of "yes" per region (out of 10 customers each).
const YES_PER_10: Record<string, number> = {
  central: 5,
  east: 8,
  north: 9,
  south: 2,
  west: 1,
  harbour: 4,
};

function binaryTable(): { table: ColumnTable; target: string[] } {
  const region: string[] = [];
  const target: string[] = [];
  const spend: number[] = [];
  for (const [name, yes] of Object.entries(YES_PER_10)) {
    for (let i = 0; i < 10; i++) {
      region.push(name);
      target.push(i < yes ? 'yes' : 'no');
      spend.push((i * 37) % 11); // unrelated to the target
    }
  }
  return { table: { region, spend: Float64Array.from(spend) }, target };
}

function gini(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return n === 0 ? 0 : 1 - counts.reduce((s, c) => s + (c / n) ** 2, 0);
}

describe('categorical features', () => {
  it('two classes: the split is the best of all category subsets (Breiman)', () => {
    const { table, target } = binaryTable();
    const tree = new DecisionTreeClassifier({ maxDepth: 1 }).fit(table, target, {
      features: ['region', 'spend'],
    });
    const { nodes, features } = tree;
    expect(nodes.feature[0]).toBe(0);
    const feature = features[0];
    const categories = feature?.type === 'categorical' ? feature.categories : [];
    const chosen = new Set(
      (nodes.categoriesLeft[0] as number[]).map((c) => categories[c] as string),
    );
    // Brute force over every subset of the six regions.
    const names = Object.keys(YES_PER_10);
    const score = (left: Set<string>): number => {
      const l = [0, 0];
      const r = [0, 0];
      for (const name of names) {
        const yes = YES_PER_10[name] as number;
        const side = left.has(name) ? l : r;
        side[0]! += 10 - yes;
        side[1]! += yes;
      }
      return ((l[0]! + l[1]!) / 60) * gini(l) + ((r[0]! + r[1]!) / 60) * gini(r);
    };
    let best = Number.POSITIVE_INFINITY;
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const left = new Set(names.filter((_, i) => (mask >> i) & 1));
      if (left.size === names.length) continue;
      best = Math.min(best, score(left));
    }
    expect(score(chosen)).toBeCloseTo(best, 12);
    // The listed side is the smaller one.
    expect(chosen).toEqual(new Set(['east', 'north']));
    const rules = toRules(tree);
    expect(rules.map((r) => r.text)).toEqual([
      "IF region in ('east', 'north') THEN yes (n = 20, 85%)",
      "IF region not in ('east', 'north') THEN no (n = 40, 70%)",
    ]);
  });

  it('more classes: a category that determines the class is learned exactly', () => {
    const shops = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const classOf: Record<string, string> = {
      a: 'x',
      b: 'y',
      c: 'z',
      d: 'x',
      e: 'y',
      f: 'z',
      g: 'x',
    };
    const shop: string[] = [];
    const target: string[] = [];
    for (let i = 0; i < 140; i++) {
      const s = shops[(i * 3) % 7] as string;
      shop.push(s);
      target.push(classOf[s] as string);
    }
    const table: ColumnTable = { shop, noise: Float64Array.from(shop, (_, i) => (i * 13) % 5) };
    const tree = new DecisionTreeClassifier().fit(table, target, { features: ['noise', 'shop'] });
    expect(tree.predict(table)).toEqual(target);
    expect(Array.from(tree.featureImportances)).toEqual([0, 1]);
    expect(tree.leafCount).toBe(3);
  });

  it('categories not seen at fit take the right branch; JSON keeps the categories', () => {
    const { table, target } = binaryTable();
    const tree = new DecisionTreeClassifier({ maxDepth: 1 }).fit(table, target, {
      features: ['region'],
    });
    const restored = DecisionTreeClassifier.fromJSON(JSON.stringify(tree));
    // The split lists {east, north}: "atlantis" is not in it.
    const fresh: ColumnTable = { region: ['west', 'north', 'atlantis'] };
    expect(tree.predict(fresh)).toEqual(['no', 'yes', 'no']);
    expect(restored.predict(fresh)).toEqual(['no', 'yes', 'no']);
    expect(restored.features).toEqual(tree.features);
  });

  it('text columns are features only when named', () => {
    const { table, target } = binaryTable();
    const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(table, target);
    expect(tree.featureNames).toEqual(['spend']);
  });

  it('mixes numeric and categorical splits along a path', () => {
    const region: string[] = [];
    const spend: number[] = [];
    const target: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = ['north', 'south', 'east', 'west'][i % 4] as string;
      const s = (i * 7919) % 1000;
      region.push(r);
      spend.push(s);
      target.push((r === 'north' || r === 'east') && s > 500 ? 'big' : 'small');
    }
    const table: ColumnTable = { region, spend: Float64Array.from(spend) };
    const tree = new DecisionTreeClassifier().fit(table, target, { features: ['region', 'spend'] });
    expect(tree.predict(table)).toEqual(target);
    const big = toRules(tree).filter((r) => r.label === 'big');
    expect(big.length).toBeGreaterThanOrEqual(1);
    // 507.5: the midpoint of the spend values 501 and 514 (rows at 501 are split off lower down).
    expect(big.find((r) => r.samples > 10)?.conditions).toEqual([
      { kind: 'numeric', feature: 'spend', op: '>', value: 507.5 },
      { kind: 'categorical', feature: 'region', op: 'in', values: ['east', 'north'] },
    ]);
  });
});

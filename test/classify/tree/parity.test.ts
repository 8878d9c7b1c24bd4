/**
 * Parity with scikit-learn 1.2.1 (fixtures from scripts/fixtures/tree.py): exact trees on a
 * dataset without tied splits, pruning paths, feature importances, class weights, and 10-fold
 * stratified CV accuracy on the wholesale data using scikit-learn's own folds.
 */
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../../../src/classify/tree/decision-tree.js';
import { takeRows } from '../../../src/table/column-table.js';
import { maxScaledDiff, smallFixture, tableOf, wholesaleFixture } from './helpers.js';

describe('exact trees on a dataset without ties', () => {
  const fixture = smallFixture();
  const table = tableOf(fixture.columns);

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const tree = new DecisionTreeClassifier(c.params).fit(table, fixture.target);
    const nodes = tree.nodes;
    const expected = c.tree;
    expect(nodes.nodeCount).toBe(expected.childrenLeft.length);
    expect(Array.from(nodes.childrenLeft)).toEqual(expected.childrenLeft);
    expect(Array.from(nodes.childrenRight)).toEqual(expected.childrenRight);
    // scikit-learn marks leaves with feature −2 and threshold −2; cohortlab with −1 and NaN.
    expect(Array.from(nodes.feature, (f) => (f < 0 ? -2 : f))).toEqual(expected.feature);
    expect(Array.from(nodes.threshold, (t) => (Number.isNaN(t) ? -2 : t))).toEqual(
      expected.threshold,
    );
    expect(Array.from(nodes.nNodeSamples)).toEqual(expected.nNodeSamples);
    expect(maxScaledDiff(nodes.weightedNNodeSamples, expected.weightedNNodeSamples)).toBeLessThan(
      1e-12,
    );
    expect(maxScaledDiff(nodes.impurity, expected.impurity)).toBeLessThan(1e-12);
    expect(maxScaledDiff(nodes.value, expected.value.flat())).toBeLessThan(1e-12);
    expect(maxScaledDiff(tree.featureImportances, c.featureImportances)).toBeLessThan(1e-12);
    expect(tree.predict(table)).toEqual(c.predictions);
    expect(maxScaledDiff(tree.predictProba(table).probabilities, c.probabilities)).toBeLessThan(
      1e-12,
    );
    expect(tree.depth).toBe(c.depth);
    expect(tree.leafCount).toBe(c.leaves);
  });

  it.each(fixture.paths.map((p) => [p.name, p] as const))('pruning path %s', (_name, p) => {
    const path = new DecisionTreeClassifier(p.params).costComplexityPruningPath(
      table,
      fixture.target,
    );
    expect(path.ccpAlphas.length).toBe(p.ccpAlphas.length);
    expect(maxScaledDiff(path.ccpAlphas, p.ccpAlphas)).toBeLessThan(1e-12);
    expect(maxScaledDiff(path.impurities, p.impurities)).toBeLessThan(1e-12);
  });
});

describe('wholesale customers: Channel from the six spend columns', () => {
  const fixture = wholesaleFixture();
  const table = tableOf(fixture.columns);
  const n = fixture.channel.length;

  it.each(fixture.cv.map((c) => [c.maxDepth, c] as const))(
    '10-fold stratified CV accuracy, maxDepth %i, within 1.5 points of scikit-learn',
    (maxDepth, expected) => {
      const accuracies = fixture.folds.map((test) => {
        const inTest = new Set(test);
        const train = Array.from({ length: n }, (_, i) => i).filter((i) => !inTest.has(i));
        const tree = new DecisionTreeClassifier({ maxDepth }).fit(
          takeRows(table, train),
          train.map((i) => fixture.channel[i] as string),
        );
        const predicted = tree.predict(takeRows(table, test));
        return (
          predicted.filter((label, j) => label === fixture.channel[test[j] as number]).length /
          test.length
        );
      });
      const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      expect(Math.abs(mean - expected.mean)).toBeLessThanOrEqual(0.015);
      // Per fold, ties between equally good splits may be broken differently; most folds agree.
      const same = accuracies.filter(
        (a, k) => Math.abs(a - (expected.foldAccuracy[k] as number)) < 1e-12,
      );
      expect(same.length).toBeGreaterThanOrEqual(7);
    },
  );

  it.each(fixture.balanced.map((b) => [b.params.maxDepth, b] as const))(
    "class_weight 'balanced', maxDepth %i: the same predictions",
    (_depth, b) => {
      const tree = new DecisionTreeClassifier(b.params).fit(table, fixture.channel);
      expect(tree.predict(table)).toEqual(b.predictions);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo } from '../../src/compare/adjusted-mutual-info.js';
import { adjustedRand } from '../../src/compare/adjusted-rand.js';
import { compareLabelings } from '../../src/compare/compare-labelings.js';
import { contingencyTable, formatContingencyTable } from '../../src/compare/contingency.js';
import { disagreements } from '../../src/compare/disagreements.js';
import { fowlkesMallows } from '../../src/compare/fowlkes-mallows.js';
import { homogeneityCompletenessVMeasure } from '../../src/compare/homogeneity.js';
import { hungarianMatch } from '../../src/compare/hungarian.js';
import { mutualInfo, normalizedMutualInfo } from '../../src/compare/mutual-info.js';
import { purity } from '../../src/compare/purity.js';
import * as compare from '../../src/compare/index.js';
import { expectError } from './helpers.js';

const classes = ['gold', 'gold', 'gold', 'silver', 'silver', 'bronze', 'bronze', 'bronze'];
const clusters = [2, 2, 0, 0, 0, 1, 1, 2];
const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];

describe('contingencyTable', () => {
  it('counts label pairs with totals and shares', () => {
    const table = contingencyTable(classes, clusters);
    expect(table.rowLabels).toEqual(['bronze', 'gold', 'silver']);
    expect(table.colLabels).toEqual([0, 1, 2]);
    expect(table.counts).toEqual([
      [0, 2, 1],
      [1, 0, 2],
      [2, 0, 0],
    ]);
    expect(table.rowTotals).toEqual([3, 3, 2]);
    expect(table.colTotals).toEqual([3, 2, 3]);
    expect(table.total).toBe(8);
    for (const row of table.rowShares) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    for (let j = 0; j < 3; j++) {
      expect(table.colShares.reduce((s, row) => s + (row[j] as number), 0)).toBeCloseTo(1, 15);
    }
    expect(table.rowShares[0]).toEqual([0, 2 / 3, 1 / 3]);
    expect(table.colShares[2]).toEqual([2 / 3, 0, 0]);
  });

  it('formats counts and shares', () => {
    const table = contingencyTable(classes, clusters);
    const text = formatContingencyTable(table, { names: ['class', 'cluster'] });
    expect(text.split('\n')[0]).toMatch(/^class \\ cluster\s+0\s+1\s+2\s+total$/);
    expect(text).toContain('total');
    expect(formatContingencyTable(table, { show: 'rowShares' })).toContain('66.7');
  });

  it('refuses labellings of different lengths or mixed kinds', () => {
    expectError(() => contingencyTable([1, 2], [1]), 'INVALID_INPUT');
    expectError(() => contingencyTable([1, 'a'], [1, 2]), 'INVALID_INPUT');
    expectError(() => contingencyTable([1, NaN], [1, 2]), 'INVALID_INPUT');
  });
});

describe('agreement indices', () => {
  it('are 1 for identical partitions under renaming, whatever the label kinds', () => {
    const a = ['x', 'x', 'y', 'z', 'z', 'z'];
    const b = [7, 7, -1, 3, 3, 3];
    expect(adjustedRand(a, b)).toBe(1);
    expect(adjustedMutualInfo(a, b)).toBeCloseTo(1, 14);
    expect(normalizedMutualInfo(a, b)).toBeCloseTo(1, 14);
    expect(fowlkesMallows(a, b)).toBeCloseTo(1, 14);
    expect(purity(a, b)).toBe(1);
    expect(purity(b, a)).toBe(1);
    const hcv = homogeneityCompletenessVMeasure(a, b);
    expect(hcv.homogeneity).toBeCloseTo(1, 14);
    expect(hcv.completeness).toBeCloseTo(1, 14);
  });

  it('follow scikit-learn on the limit cases', () => {
    // No rows: scikit-learn returns 1 for ARI, AMI, NMI and homogeneity/completeness/V.
    expect(adjustedRand([], [])).toBe(1);
    expect(adjustedMutualInfo([], [])).toBe(1);
    expect(normalizedMutualInfo([], [])).toBe(1);
    expect(homogeneityCompletenessVMeasure([], [])).toEqual({
      homogeneity: 1,
      completeness: 1,
      vMeasure: 1,
    });
    expect(fowlkesMallows([], [])).toBe(0);
    expect(mutualInfo([1, 1], [2, 3])).toBe(0);
    expectError(() => purity([], []), 'NO_ROWS');
    expectError(() => compareLabelings([], []), 'NO_ROWS');
  });

  it('refuses an unknown average method', () => {
    expectError(
      () => adjustedMutualInfo([0, 1], [0, 1], { averageMethod: 'median' as 'min' }),
      'INVALID_OPTION',
    );
    expectError(
      () => normalizedMutualInfo([0, 1], [0, 1], { averageMethod: 'median' as 'min' }),
      'INVALID_OPTION',
    );
  });

  it('handles a million rows', () => {
    const n = 1_000_000;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    let state = 1;
    for (let i = 0; i < n; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      a[i] = state % 7;
      b[i] = (state >>> 8) % 5 === 0 ? (state >>> 12) % 6 : (state % 7) % 6;
    }
    const result = compareLabelings(a, b);
    expect(result.rows).toBe(n);
    for (const value of Object.values(result.scores)) expect(Number.isFinite(value)).toBe(true);
    expect(result.scores.adjustedMutualInfo).toBeGreaterThan(0.5);
  });
});

describe('disagreements', () => {
  it('lists the rows whose cluster is not their class’s matched cluster', () => {
    const matching = hungarianMatch(contingencyTable(classes, clusters));
    const result = disagreements(classes, clusters, matching, { ids });
    // gold ↔ 2, silver ↔ 0, bronze ↔ 1: rows 2 (gold in 0) and 7 (bronze in 2) disagree.
    expect([...result.indices]).toEqual([2, 7]);
    expect(result.ids).toEqual(['c3', 'c8']);
    expect(result.classes).toEqual(['gold', 'bronze']);
    expect(result.clusters).toEqual([0, 2]);
    expect(result.expectedClusters).toEqual([2, 1]);
    expect(result.count).toBe(2);
    expect(result.rate).toBe(0.25);
    expect(result.rate).toBe(1 - matching.agreement);
  });

  it('counts rows of unmatched classes as disagreements', () => {
    const a = ['a', 'a', 'b', 'c'];
    const b = [0, 0, 0, 1];
    const result = disagreements(a, b, hungarianMatch(contingencyTable(a, b)));
    expect([...result.indices]).toEqual([2]);
    expect(result.expectedClusters).toEqual([undefined]);
  });

  it('refuses mismatched lengths', () => {
    const matching = hungarianMatch(contingencyTable(classes, clusters));
    expectError(() => disagreements(classes, clusters.slice(1), matching), 'INVALID_INPUT');
    expectError(() => disagreements(classes, clusters, matching, { ids: ['x'] }), 'INVALID_INPUT');
  });
});

describe('compareLabelings', () => {
  it('gathers every index, the matching and the disagreements', () => {
    const result = compareLabelings(classes, clusters, { names: ['class', 'cluster'], ids });
    expect(result.names).toEqual(['class', 'cluster']);
    expect(result.rows).toBe(8);
    expect(result.contingency).toEqual(contingencyTable(classes, clusters));
    expect(result.scores.adjustedRand).toBe(adjustedRand(classes, clusters));
    expect(result.scores.matchedAgreement).toBe(0.75);
    expect(result.disagreements.ids).toEqual(['c3', 'c8']);
    expect(result.text).toContain('class vs cluster: 8 rows, 3 class labels, 3 cluster labels');
    expect(result.text).toContain('adjusted Rand index');
    expect(result.text).toContain('agreement 75.0%, 2 rows disagree');
    expect(result.text).toContain('Contingency table:');
  });

  it('is exported from the module index', () => {
    expect(typeof compare.compareLabelings).toBe('function');
    expect(typeof compare.hungarianMatch).toBe('function');
  });
});

/**
 * Segmenting on attributes, proved on real customer tables: Mall customers (the five income ×
 * spending-score groups; gender and age as well) and Wholesale (Channel and Region as
 * categories), plus the decisions it reports.
 */
import { describe, expect, it } from 'vitest';
import { segmentAttributes } from '../../../src/cluster/attributes/index.js';
import { KPrototypes, gowerSilhouetteScore } from '../../../src/cluster/kprototypes/index.js';
import { adjustedRandScore } from '../../../src/cluster/metrics/adjusted-rand.js';
import { readTable } from '../../../src/data/read-table.js';
import { getNumeric, getText, type ColumnTable } from '../../../src/table/column-table.js';

const mall = await readTable('data/mall_customers.csv');
const wholesale = await readTable('data/wholesale_customers.csv');

describe('segmentAttributes on Mall customers (a customer table, no transactions)', () => {
  it('income × spending score gives the five well-known groups', () => {
    const seg = segmentAttributes(mall, { features: ['Annual*', 'Spending*'], k: 5 });
    // Neither column is skewed: no log, z-score only, k-means.
    expect(seg.features.map((f) => f.transform)).toEqual(['none', 'none']);
    // The published five groups (k-means on income and score): size, mean income, mean score.
    const groups = seg.profiles
      .map((p) => [
        p.size,
        Math.round(p.features['Annual Income (k$)']!.mean * 100) / 100,
        Math.round(p.features['Spending Score (1-100)']!.mean * 100) / 100,
      ])
      .sort((a, b) => a[0]! - b[0]!);
    expect(groups).toEqual([
      [22, 25.73, 79.36],
      [23, 26.3, 20.91],
      [35, 88.2, 17.11],
      [39, 86.54, 82.13],
      [81, 55.3, 49.52],
    ]);
    expect(new Set(seg.names).size).toBe(5);
    expect(seg.warnings).toEqual([]);
  });

  it('with gender and age: k-prototypes, gender shares in the profiles, better Gower silhouette', () => {
    const features = ['Genre', 'Age', 'Annual*', 'Spending*'];
    const seg = segmentAttributes(mall, { features, k: 5 });
    expect(seg.model).toBeInstanceOf(KPrototypes);
    // Auto γ: z-scored numbers (variance 1) against Genre's impurity 1 − (0.56² + 0.44²).
    expect((seg.model as KPrototypes).gamma).toBeCloseTo(2 / (1 - (0.56 ** 2 + 0.44 ** 2)), 12);
    for (const p of seg.profiles) {
      const shares = p.categories['Genre']!;
      expect(shares.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
      expect(shares.find((c) => c.category === 'Female')!.baseShare).toBe(0.56);
    }
    // On the attributes it was given, it separates better than the income × score groups.
    const input = {
      numeric: Array.from({ length: 200 }, (_, i) => [
        getNumeric(mall, 'Age')[i]!,
        getNumeric(mall, 'Annual Income (k$)')[i]!,
        getNumeric(mall, 'Spending Score (1-100)')[i]!,
      ]),
      categorical: { Genre: getText(mall, 'Genre') as string[] },
    };
    const five = segmentAttributes(mall, { features: ['Annual*', 'Spending*'], k: 5 }).labels;
    expect(gowerSilhouetteScore(input, seg.labels)).toBeGreaterThan(
      gowerSilhouetteScore(input, five),
    );
  });
});

describe('segmentAttributes on Wholesale (Channel and Region as categories)', () => {
  const seg = segmentAttributes(wholesale, {
    features: ['Channel', 'Region', 'Fresh', 'Milk', 'Grocery', 'Frozen', 'Det*', 'Deli*'],
    k: 2,
    transforms: { Channel: 'categorical', Region: 'categorical' },
  });

  it('logs the skewed spends and finds the retail channel', () => {
    expect(seg.features.map((f) => f.transform)).toEqual([
      'categorical',
      'categorical',
      'log',
      'log',
      'log',
      'log',
      'log',
      'log',
    ]);
    const channel = Array.from(getNumeric(wholesale, 'Channel'));
    expect(adjustedRandScore(channel, seg.labels)).toBeGreaterThan(0.85);
    const retail = seg.profiles.find((p) => p.distinguishingCategories[0]?.category === '2');
    expect(retail?.name).toMatch(/^Channel 2 /);
    expect(retail!.categories['Channel']![0]!.share).toBeGreaterThan(0.9);
  });
});

describe('segmentAttributes: decisions and errors', () => {
  const table: ColumnTable = {
    age: Float64Array.of(20, 22, NaN, 60, 62, 64, 21),
    flat: Float64Array.of(1, 1, 1, 1, 1, 1, 1),
    country: ['DE', 'DE', 'FR', 'FR', null, 'FR', 'DE'],
  };

  it('leaves out rows with a missing value and constant features, with warnings', () => {
    const seg = segmentAttributes(table, { features: ['age', 'flat', 'country'], k: 2 });
    expect(Array.from(seg.labels).map((l) => l >= 0)).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
    expect(seg.warnings.map((w) => [w.code, w.count ?? w.example])).toEqual([
      ['ROWS_DROPPED', 2],
      ['TRANSFORM_CHANGED', 'flat'],
    ]);
    expect(seg.warnings[0]!.example).toBe('row 3');
    expect(seg.names[2]).toBe('');
    expect(seg.scaling.map((s) => s.feature)).toEqual(['age']);
  });

  it('names unknown features', () => {
    expect(() => segmentAttributes(table, { features: ['income'], k: 2 })).toThrow(
      /"income" matches no column/,
    );
  });
});

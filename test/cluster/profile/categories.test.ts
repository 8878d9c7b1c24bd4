/** Category shares, base-rate indices and category-led names in cluster profiles (worked by hand). */
import { describe, expect, it } from 'vitest';
import { describeCategory, formatProfiles } from '../../../src/cluster/profile/index.js';
import { clusterProfiles } from '../../../src/cluster/profile/profiles.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

// Ten customers. Cluster 1 (rows 0-4): 4 of 5 in Germany, big spenders. Cluster 0 (rows 5-9):
// 1 German, 2 French, 2 British, small spenders. Germany overall: 5/10.
const table: ColumnTable = {
  monetary: Float64Array.of(900, 1000, 1100, 950, 1050, 50, 60, 40, 55, 45),
  Country: [
    'Germany',
    'Germany',
    'Germany',
    'Germany',
    'France',
    'Germany',
    'France',
    'France',
    'UK',
    'UK',
  ],
  Region: Float64Array.of(1, 1, 1, 1, 1, 2, 2, 3, 3, NaN),
};
const labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];

describe('clusterProfiles with categorical attributes', () => {
  const profiles = clusterProfiles(table, labels, {
    features: ['monetary'],
    categorical: ['Country', 'Region'],
  });

  it('gives each category share and its index against the base rate', () => {
    const [low, high] = profiles;
    // Germany: 4/5 = 80 % of cluster 1 against 5/10 = 50 % overall → index 1.6.
    expect(high!.categories['Country']![0]).toEqual({
      category: 'Germany',
      count: 4,
      share: 0.8,
      baseShare: 0.5,
      index: 1.6,
    });
    // Cluster 0: France 2/5 (base 3/10), UK 2/5 (base 2/10), Germany 1/5, most frequent first.
    expect(low!.categories['Country']!.map((s) => [s.category, s.count, s.index])).toEqual([
      ['France', 2, 0.4 / 0.3],
      ['UK', 2, 2],
      ['Germany', 1, 0.4],
    ]);
    // Numbers are labels; NaN is "(missing)". Absent categories are listed with count 0.
    expect(high!.categories['Region']!.map((s) => [s.category, s.count])).toEqual([
      ['1', 5],
      ['(missing)', 0],
      ['2', 0],
      ['3', 0],
    ]);
  });

  it('leads the name with the most over-represented majority category', () => {
    const [low, high] = profiles;
    // Region 1 is 100 % of cluster 1 at index 2 > Germany's 1.6; cluster 0 has no category
    // with ≥ 50 % of its rows.
    expect(high!.distinguishingCategories.map((c) => [c.attribute, c.category])).toEqual([
      ['Region', '1'],
      ['Country', 'Germany'],
    ]);
    expect(high!.name).toBe('Region 1 high spenders');
    expect(low!.name).toBe('low spenders');
    const onlyCountry = clusterProfiles(table, labels, {
      features: ['monetary'],
      categorical: ['Country'],
    });
    expect(onlyCountry[1]!.name).toBe('Germany high spenders');
    expect(describeCategory(onlyCountry[1]!.distinguishingCategories[0]!)).toBe(
      '80 % Germany, 1.6× the base rate',
    );
    expect(formatProfiles(onlyCountry)).toMatch(/80 % Germany, 1\.6× the base rate/);
  });

  it('profiles categories alone, and honours the thresholds', () => {
    const only = clusterProfiles(table, labels, { features: [], categorical: ['Country'] });
    expect(only.map((p) => p.name)).toEqual(['typical customers', 'Germany customers']);
    const strict = clusterProfiles(table, labels, {
      features: [],
      categorical: ['Country'],
      nameMinIndex: 1.7,
    });
    expect(strict[1]!.distinguishingCategories).toEqual([]);
    expect(() => clusterProfiles(table, labels, { features: [], categorical: ['Nope'] })).toThrow(
      /Nope/,
    );
  });
});

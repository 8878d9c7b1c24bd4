import { describe, expect, it } from 'vitest';
import { phraseFor, TYPICAL_NAME, uniqueNames } from '../../../src/cluster/profile/naming.js';
import { clusterProfiles } from '../../../src/cluster/profile/profiles.js';
import { DEFAULT_VOCABULARY } from '../../../src/cluster/profile/vocabulary.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

/**
 * Three synthetic segments of 40 customers each, with a little deterministic spread:
 * A recent, frequent, big spenders; B lapsed one-timers with average spend and tenure;
 * C new, low-spending customers with average recency and frequency.
 */
function segments(): { table: ColumnTable; labels: Int32Array } {
  const per = 40;
  const spec = [
    { recency_days: 20, frequency: 12, monetary: 3000, tenure_days: 500 },
    { recency_days: 400, frequency: 1, monetary: 1550, tenure_days: 300 },
    { recency_days: 210, frequency: 6.5, monetary: 100, tenure_days: 30 },
  ];
  const names = ['recency_days', 'frequency', 'monetary', 'tenure_days'] as const;
  const columns = Object.fromEntries(names.map((n) => [n, new Float64Array(per * 3)]));
  const labels = new Int32Array(per * 3);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < per; i++) {
      const row = c * per + i;
      labels[row] = c;
      const wiggle = ((i % 5) - 2) / 20; // -10 % .. +10 %
      for (const n of names) {
        const base = (spec[c] as Record<string, number>)[n] as number;
        // B's frequency stays exactly 1 (one purchase each).
        (columns[n] as Float64Array)[row] = n === 'frequency' && c === 1 ? 1 : base * (1 + wiggle);
      }
    }
  }
  return { table: columns, labels };
}

describe('cluster names', () => {
  it('names clearly different segments', () => {
    const { table, labels } = segments();
    const profiles = clusterProfiles(table, labels, {
      features: ['recency_days', 'frequency', 'monetary', 'tenure_days'],
    });
    expect(profiles.map((p) => p.name)).toEqual([
      'recent frequent high spenders',
      'lapsed one-timers',
      'new low spenders',
    ]);
  });

  it('builds phrases from the vocabulary', () => {
    const f = (feature: string, z: number, median = 5) => ({ feature, z, median });
    const v = DEFAULT_VOCABULARY;
    expect(phraseFor([f('monetary', 2), f('recency_days', -1), f('frequency', 1)], v)).toBe(
      'recent frequent high spenders',
    );
    expect(phraseFor([f('frequency', -1, 1), f('recency_days', 1)], v)).toBe('lapsed one-timers');
    expect(phraseFor([f('frequency', -1, 2), f('recency_days', 1)], v)).toBe(
      'lapsed infrequent customers',
    );
    expect(phraseFor([f('tenure_days', -1), f('monetary', -1)], v)).toBe('new low spenders');
    expect(phraseFor([f('tenure_days', 1), f('monetary_mean', 1)], v)).toBe(
      'long-standing big-basket customers',
    );
    expect(phraseFor([f('frequency', -2, 1), f('monetary', -1)], v)).toBe('one-time low spenders');
    expect(phraseFor([f('Grocery', 1.2), f('recency_days', -1), f('Fresh', -0.7)], v)).toBe(
      'recent customers, high Grocery, low Fresh',
    );
    expect(phraseFor([f('Grocery', 1.2), f('Fresh', -0.7)], v)).toBe('high Grocery, low Fresh');
    expect(phraseFor([], v)).toBe(TYPICAL_NAME);
  });

  it('makes names unique: next feature first, then a number', () => {
    const f = (feature: string, z: number) => ({ feature, z, median: 5 });
    const v = DEFAULT_VOCABULARY;
    // Two clusters share "recent high spenders"; their third features differ.
    const names = uniqueNames(
      [
        [f('recency_days', -1.5), f('monetary', 1.2), f('frequency', 0.2)],
        [f('recency_days', -1.4), f('monetary', 1.1), f('Milk', 0.1)],
        [f('recency_days', 1.3)],
      ],
      3,
      0.5,
      v,
    );
    expect(names).toEqual([
      'recent frequent high spenders',
      'recent high spenders, high Milk',
      'lapsed customers',
    ]);
    // Identical profiles: numbered in cluster order.
    const same = [f('monetary', 1)];
    expect(uniqueNames([same, same, same], 3, 0.5, v)).toEqual([
      'high spenders',
      'high spenders (2)',
      'high spenders (3)',
    ]);
    // Nothing above the threshold: typical customers, told apart by their strongest feature.
    expect(uniqueNames([[f('monetary', 0.1)], [f('monetary', -0.1)]], 3, 0.5, v)).toEqual([
      'high spenders',
      'low spenders',
    ]);
    expect(uniqueNames([[f('monetary', 0.1)]], 3, 0.5, v)).toEqual([TYPICAL_NAME]);
  });

  it('accepts a custom vocabulary', () => {
    const { table, labels } = segments();
    const [first] = clusterProfiles(table, labels, {
      features: ['recency_days', 'frequency', 'monetary'],
      vocabulary: {
        monetary: {
          order: 4,
          high: { adjective: 'VIP', noun: 'VIPs' },
          low: { adjective: 'budget' },
        },
      },
    });
    expect(first?.name).toBe('recent frequent VIPs');
  });
});

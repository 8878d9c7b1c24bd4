import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterProfiles } from '../../../src/cluster/profile/profiles.js';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

function table(columns: Record<string, number[]>): ColumnTable {
  const out: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(columns)) out[name] = Float64Array.from(values);
  return out;
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CohortlabError ? error.code : 'not a CohortlabError';
  }
  return undefined;
}

/** Population mean and std (ddof 0) by plain loops. */
function population(values: number[]): { mean: number; std: number } {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean: m, std: Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length) };
}

// Six customers: three recent, frequent, big ones (label 1) and three lapsed small ones (0).
const recency = [10, 20, 30, 300, 400, 500];
const frequency = [10, 8, 12, 1, 1, 2];
const monetary = [1000, 800, 1200, 50, 30, 70];
const handMade = table({ recency_days: recency, frequency, monetary, other: [1, 1, 1, 1, 1, 1] });
const labels = [1, 1, 1, 0, 0, 0];

describe('clusterProfiles', () => {
  const features = ['recency_days', 'frequency', 'monetary'];

  it('gives sizes, shares, means, medians and z in original units', () => {
    const profiles = clusterProfiles(handMade, labels, { features });
    expect(profiles.map((p) => p.cluster)).toEqual([0, 1]);
    const [lapsed, recent] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    expect(lapsed.size).toBe(3);
    expect(lapsed.customerShare).toBe(0.5);
    // Revenue from the monetary column (present, so used by default).
    expect(lapsed.revenue).toBe(150);
    expect(recent.revenue).toBe(3000);
    expect(lapsed.revenueShare).toBeCloseTo(150 / 3150, 15);
    expect(recent.revenueShare).toBeCloseTo(3000 / 3150, 15);

    expect(lapsed.features['frequency']?.mean).toBeCloseTo(4 / 3, 15);
    expect(lapsed.features['frequency']?.median).toBe(1);
    expect(recent.features['recency_days']?.mean).toBe(20);
    expect(recent.features['recency_days']?.median).toBe(20);
    expect(lapsed.features['monetary']?.median).toBe(50);
    for (const [name, values] of [
      ['recency_days', recency],
      ['frequency', frequency],
      ['monetary', monetary],
    ] as const) {
      const p = population(values);
      expect(recent.features[name]?.z).toBeCloseTo(
        (values.slice(0, 3).reduce((s, v) => s + v, 0) / 3 - p.mean) / p.std,
        12,
      );
      expect(lapsed.features[name]?.z).toBeCloseTo(
        (values.slice(3).reduce((s, v) => s + v, 0) / 3 - p.mean) / p.std,
        12,
      );
    }
    // recency z = ±190 / √39466.67 = ±0.9564
    expect(recent.features['recency_days']?.z).toBeCloseTo(-190 / Math.sqrt(236800 / 6), 12);
  });

  it('lists the distinguishing features by |z| and names the clusters', () => {
    const [lapsed, recent] = clusterProfiles(handMade, labels, { features, top: 2 });
    expect(recent?.distinguishing).toHaveLength(2);
    const zs = features.map((f) => Math.abs(recent?.features[f]?.z ?? 0)).sort((a, b) => b - a);
    expect(recent?.distinguishing.map((d) => Math.abs(d.z))).toEqual(zs.slice(0, 2));
    expect(recent?.distinguishing.every((d) => d.direction === (d.z > 0 ? 'high' : 'low'))).toBe(
      true,
    );
    expect(recent?.name).toBe('recent frequent high spenders');
    // Median frequency 1: one-timers; the noun of the spend term heads the name.
    expect(lapsed?.name).toBe('lapsed one-time low spenders');
    // Two terms: frequency and monetary have the largest |z| here (recency the smallest).
    expect(clusterProfiles(handMade, labels, { features, nameTerms: 2 })[0]?.name).toBe(
      'one-time low spenders',
    );
  });

  it('gives a constant feature z = 0 and keeps it out of names', () => {
    const [first] = clusterProfiles(handMade, labels, { features: ['other', 'frequency'] });
    expect(first?.features['other']?.z).toBe(0);
    expect(first?.distinguishing.map((d) => d.feature)).toEqual(['frequency']);
  });

  it('takes labels as Int32Array, any integers, ascending order', () => {
    const a = clusterProfiles(handMade, Int32Array.from([5, 5, 5, -1, -1, -1]), { features });
    expect(a.map((p) => p.cluster)).toEqual([-1, 5]);
    expect(a.map((p) => p.name)).toEqual(
      clusterProfiles(handMade, labels, { features }).map((p) => p.name),
    );
  });

  it('handles the revenue column option', () => {
    const noMonetary = table({ spend: [5, 5, 10, 0, 0, 0], frequency });
    const none = clusterProfiles(noMonetary, labels, { features: ['frequency'] });
    expect(none[0]?.revenue).toBeNull();
    expect(none[0]?.revenueShare).toBeNull();
    const spend = clusterProfiles(noMonetary, labels, {
      features: ['frequency'],
      revenue: 'spend',
    });
    expect(spend.map((p) => p.revenueShare)).toEqual([0, 1]);
    expect(clusterProfiles(handMade, labels, { features, revenue: null })[0]?.revenue).toBeNull();
    expect(
      code(() =>
        clusterProfiles(noMonetary, labels, { features: ['frequency'], revenue: 'monetary' }),
      ),
    ).toBe('UNKNOWN_FEATURE');
  });

  it('ignores NaN in means and medians', () => {
    const t = table({ a: [1, NaN, 3, 10, 20, 30] });
    const [first] = clusterProfiles(t, [0, 0, 0, 1, 1, 1], { features: ['a'] });
    expect(first?.features['a']?.mean).toBe(2);
    expect(first?.features['a']?.median).toBe(2);
  });

  it('validates its input and options', () => {
    expect(code(() => clusterProfiles(handMade, [0, 1], { features }))).toBe('INVALID_INPUT');
    expect(code(() => clusterProfiles(handMade, labels, { features: [] }))).toBe('INVALID_OPTION');
    expect(
      code(() => clusterProfiles(handMade, labels, { features: ['frequency', 'frequency'] })),
    ).toBe('INVALID_OPTION');
    expect(code(() => clusterProfiles(handMade, labels, { features: ['nope'] }))).toBe(
      'UNKNOWN_FEATURE',
    );
    expect(code(() => clusterProfiles(handMade, labels, { features, top: -1 }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => clusterProfiles(handMade, labels, { features, nameMinZ: NaN }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => clusterProfiles(handMade, labels, { features, colour: 1 } as never))).toBe(
      'INVALID_OPTION',
    );
    expect(
      code(() =>
        clusterProfiles(handMade, labels, {
          features,
          vocabulary: { frequency: { order: 1 } } as never,
        }),
      ),
    ).toBe('INVALID_OPTION');
  });
});

describe('clusterProfiles on the wholesale data', () => {
  interface Input {
    numeric: Record<string, (number | null)[]>;
  }
  interface Metrics {
    internal: { labelings: { name: string; labels: number[] }[] }[];
  }
  const read = <T>(path: string): T =>
    JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
  const spend = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];
  const input = read<Input>('../../fixtures/preprocess/wholesale-input.json');
  const raw = table(
    Object.fromEntries(spend.map((name) => [name, (input.numeric[name] ?? []).map(Number)])),
  );
  const k4 =
    read<Metrics>('../../fixtures/cluster/metrics.json').internal[0]?.labelings[2]?.labels ?? [];

  it('profiles the k = 4 clusters in original units with unique names', () => {
    const profiles = clusterProfiles(raw, k4, { features: spend });
    expect(profiles).toHaveLength(4);
    expect(profiles.reduce((s, p) => s + p.size, 0)).toBe(440);
    expect(new Set(profiles.map((p) => p.name)).size).toBe(4);
    // No monetary column: no revenue share. Names use the column names.
    expect(profiles.every((p) => p.revenueShare === null)).toBe(true);
    for (const p of profiles)
      expect(p.name).toMatch(/^(typical customers|(high|low) \w+(, (high|low) \w+)*)$/);
    // Means are in original units: the size-weighted cluster means give the column mean.
    const fresh = profiles.reduce((s, p) => s + (p.features['Fresh']?.mean ?? 0) * p.size, 0) / 440;
    const column = (raw['Fresh'] as Float64Array).reduce((s, v) => s + v, 0) / 440;
    expect(fresh).toBeCloseTo(column, 8);
  });
});

describe('names follow the medians', () => {
  it('does not call a cluster "recent" when its median recency is above the population’s', () => {
    // Cluster 0: two very recent customers pull its mean recency (210) below the population
    // mean (322.7), but its median (350) is above the population median (300).
    const recency = [0, 0, 350, 350, 350, 300, 300, 300, 300, 300, 1000];
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const profiles = clusterProfiles(table({ recency_days: recency }), labels, {
      features: ['recency_days'],
      nameMinZ: 0.1,
    });
    const zero = profiles.find((p) => p.cluster === 0);
    expect(zero?.features['recency_days']).toMatchObject({ mean: 210, median: 350 });
    expect(zero?.features['recency_days']?.z).toBeLessThan(-0.1);
    expect(profiles.map((p) => p.name)).toEqual(['typical customers', 'lapsed customers']);
  });
});

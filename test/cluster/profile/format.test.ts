import { describe, expect, it } from 'vitest';
import { formatProfiles } from '../../../src/cluster/profile/format.js';
import { clusterProfiles } from '../../../src/cluster/profile/profiles.js';

const table = {
  recency_days: Float64Array.from([10, 20, 30, 300, 400, 500]),
  frequency: Float64Array.from([10, 8, 12, 1, 1, 2]),
  monetary: Float64Array.from([1000, 800, 1200, 50, 30, 70]),
};
const labels = [1, 1, 1, 0, 0, 0];

describe('formatProfiles', () => {
  it('renders a plain-text table', () => {
    const text = formatProfiles(
      clusterProfiles(table, labels, { features: ['recency_days', 'monetary'] }),
    );
    expect(text).toMatchInlineSnapshot(`
      "cluster  name                  customers  customers %  revenue %  recency_days mean (z)  monetary mean (z)
      ───────  ────────────────────  ─────────  ───────────  ─────────  ─────────────────────  ─────────────────
      0        lapsed low spenders           3         50.0        4.8         400.00 (+0.96)      50.00 (-0.97)
      1        recent high spenders          3         50.0       95.2          20.00 (-0.96)    1000.00 (+0.97)"
    `);
  });

  it('adds medians on request and leaves out revenue when unknown', () => {
    const profiles = clusterProfiles(table, labels, { features: ['frequency'], revenue: null });
    expect(formatProfiles(profiles, { medians: true, digits: 1 }).split('\n')).toEqual([
      'cluster  name                customers  customers %  frequency mean (z)  frequency median',
      '───────  ──────────────────  ─────────  ───────────  ──────────────────  ────────────────',
      '0        one-timers                  3         50.0         1.3 (-0.96)               1.0',
      '1        frequent customers          3         50.0        10.0 (+0.96)              10.0',
    ]);
    expect(formatProfiles([])).toBe(
      'cluster  name  customers  customers %\n───────  ────  ─────────  ───────────',
    );
  });
});

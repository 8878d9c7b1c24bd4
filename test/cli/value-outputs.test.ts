import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/pipeline/playbook.js';
import { captureOutput, cli, parseCsv, tempDir } from './helpers.js';

captureOutput();

// One run of the main job on CDNOW: acquisition.csv, value.json and the report's value section.
type Row = [
  cohort: string,
  period: number,
  size: number,
  active: number,
  rate: number,
  revenue: number,
  perCustomer: number,
];
const fixture = JSON.parse(readFileSync('test/fixtures/value/cdnow.json', 'utf8')) as {
  acquisition: Row[];
};
interface SegmentRow {
  segment: string;
  action: string | null;
  priority: number | null;
  customers: number;
  revenue: number;
  predictedValue: number;
  predictedShare: number;
}
interface ValueDoc {
  asOf: string;
  acquisition: {
    retentionByCluster: {
      months: number[];
      clusters: { group: string; customers: number; retention: number[] }[];
    };
  };
  clv: {
    column: string;
    horizonMonths: number;
    discountRate: number;
    monthLength: number;
    gammaGamma: { p: number; q: number; gamma: number; customers: number; correlation: number };
    segments: Record<string, SegmentRow[]>;
    predictedTiers: { rows: string[]; columns: string[]; counts: number[][] };
  };
}

let out: string;
let cohorts: string[][];
let value: ValueDoc;
beforeAll(async () => {
  const dir = tempDir();
  out = join(dir, 'out');
  // A playbook file (YAML) that replaces the RFM entries by one; the value tiers keep theirs.
  const playbook = join(dir, 'playbook.yaml');
  writeFileSync(
    playbook,
    'rfm_segment:\n  Champions:\n    action: "thank you call"\n    owner: "founder"\n' +
      '    rhythm: "quarterly"\n    priority: 1\n',
  );
  expect(await cli('run', '--out', out, '-q', '--playbook', playbook)).toBe(0);
  cohorts = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8'));
  value = JSON.parse(readFileSync(join(out, 'value.json'), 'utf8')) as ValueDoc;
}, 240_000);

describe('cohortlab run: value outputs', () => {
  it('acquisition.csv is the pandas cohort table of CDNOW', () => {
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'acquisition.csv'), 'utf8'));
    expect(header).toEqual([
      'cohort',
      'period',
      'cohort_customers',
      'active_customers',
      'retention_rate',
      'revenue',
      'revenue_per_customer',
    ]);
    expect(rows).toHaveLength(fixture.acquisition.length);
    fixture.acquisition.forEach(([cohort, ...numbers], i) => {
      expect(rows[i]![0]).toBe(cohort);
      numbers.forEach((v, k) => expect(Number(rows[i]![k + 1])).toBeCloseTo(v, 8));
    });
  });

  it('value.json sums per segment to the cohort table’s customers, revenue and clv_12', () => {
    const [header, ...rows] = cohorts as [string[], ...string[][]];
    const clvAt = header.indexOf('clv_12');
    const monetaryAt = header.indexOf('monetary');
    expect(clvAt).toBeGreaterThan(0);
    const clvTotal = rows.reduce((s, r) => s + (r[clvAt] === '' ? 0 : Number(r[clvAt])), 0);
    const revenue = rows.reduce((s, r) => s + Number(r[monetaryAt]), 0);
    const { clv } = value;
    expect(clv.column).toBe('clv_12');
    expect([clv.horizonMonths, clv.discountRate]).toEqual([12, 0.01]);
    expect(clv.monthLength).toBeCloseTo(365.25 / 12 / 7, 14);
    expect(clv.gammaGamma.q).toBeGreaterThan(1);
    for (const scheme of ['rfm_segment', 'value_tier', 'lifecycle', 'cluster_name']) {
      const segments = clv.segments[scheme]!;
      expect(
        segments.reduce((s, r) => s + r.customers, 0),
        scheme,
      ).toBe(23570);
      expect(segments.reduce((s, r) => s + r.revenue, 0)).toBeCloseTo(revenue, 4);
      expect(segments.reduce((s, r) => s + r.predictedValue, 0)).toBeCloseTo(clvTotal, 4);
      expect(segments.reduce((s, r) => s + r.predictedShare, 0)).toBeCloseTo(1, 12);
    }
    // Every customer with a value is in the migration between past and predicted tiers.
    const tiers = clv.predictedTiers;
    expect(tiers.rows).toEqual(['A', 'B', 'C']);
    const withValue = rows.filter((r) => r[clvAt] !== '').length;
    expect(tiers.counts.flat().reduce((s, v) => s + v, 0)).toBe(withValue);
  });

  it('each customer carries the most urgent playbook entry of their segments', () => {
    const [header, ...rows] = cohorts as [string[], ...string[][]];
    expect(header.slice(-5)).toEqual([
      'playbook_segment',
      'action',
      'owner',
      'contact_rhythm',
      'priority',
    ]);
    const at = (name: string) => header.indexOf(name);
    let champions = 0;
    for (const row of rows) {
      const tier = DEFAULT_PLAYBOOK['value_tier']![row[at('value_tier')]!]!;
      // Champions (priority 1) win over every tier; a tie with A goes to the file's column.
      const champion = row[at('rfm_segment')] === 'Champions';
      const expected = champion
        ? ['rfm_segment Champions', 'thank you call', 'founder', 'quarterly', '1']
        : [
            `value_tier ${row[at('value_tier')]}`,
            tier.action,
            tier.owner,
            tier.rhythm,
            String(tier.priority),
          ];
      expect(row.slice(-5)).toEqual(expected);
      if (champion) champions++;
    }
    expect(champions).toBeGreaterThan(0);
    const rfm = value.clv.segments['rfm_segment']!;
    expect(rfm.find((r) => r.segment === 'Champions')).toMatchObject({
      action: 'thank you call',
      priority: 1,
    });
    expect(rfm.find((r) => r.segment === 'Loyal')).toMatchObject({ action: null, priority: null });
    const tiers = value.clv.segments['value_tier']!;
    expect(tiers.map((r) => r.action)).toEqual(
      ['A', 'B', 'C', 'no purchases'].map((t) => DEFAULT_PLAYBOOK['value_tier']![t]!.action),
    );
  });

  it('value.json pools retention per cluster; over the clusters it is pandas’ month 1', () => {
    const { months, clusters } = value.acquisition.retentionByCluster;
    expect(months).toEqual([1, 2, 3, 6, 12]);
    expect(clusters.reduce((s, c) => s + c.customers, 0)).toBe(23570);
    const month1 = fixture.acquisition.filter((r) => r[1] === 1);
    const active = month1.reduce((s, r) => s + r[3], 0);
    const pooled = clusters.reduce((s, c) => s + c.retention[0]! * c.customers, 0);
    expect(pooled).toBeCloseTo(active, 6);
  });

  it('the report has the retention heatmap and the value tables', () => {
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Value ahead and acquisition cohorts');
    expect(report).toContain('Retention by acquisition month');
    expect(report).toContain('Value ahead by rfm_segment');
    expect(report).toContain('thank you call');
    expect(report).toContain('Retention by cluster');
    expect(report).toContain('Cumulative repeat purchases, actual and expected');
    expect(report).toContain('P(alive) by frequency and recency');
    expect(report).toContain('Tiers by past value (rows) and by clv_12 (columns), customers');
  });
});

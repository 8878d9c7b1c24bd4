import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { classSummary, formatClassSummary } from '../../src/classes/summary.js';
import type { ColumnTable } from '../../src/table/column-table.js';

const table: ColumnTable = {
  customer_id: ['a', 'b', 'c', 'd', 'e'],
  monetary: new Float64Array([100, 300, 50, 50, 0]),
  recency_days: new Float64Array([10, 20, NaN, 40, NaN]),
  frequency: new Float64Array([1, 3, 2, 2, 0]),
};
const labels = ['gold', 'gold', 'silver', 'silver', 'none'];

describe('classSummary', () => {
  it('computes sizes, revenue and means per class in first-appearance order', () => {
    const rows = classSummary(table, labels);
    expect(rows.map((row) => row.class)).toEqual(['gold', 'silver', 'none']);
    expect(rows[0]).toEqual({
      class: 'gold',
      customers: 2,
      customerShare: 0.4,
      revenue: 400,
      revenueShare: 0.8,
      means: { monetary: 200, recency_days: 15, frequency: 2 },
    });
    expect(rows[1]).toMatchObject({ customers: 2, revenue: 100, revenueShare: 0.2 });
    expect(rows[1]!.means.recency_days).toBe(40);
    expect(rows[2]!.means.recency_days).toBeNaN();
    expect(rows.reduce((s, row) => s + row.customers, 0)).toBe(5);
  });

  it('follows the given class order, keeps empty classes and appends unlisted labels', () => {
    const rows = classSummary(table, labels, {
      classes: ['silver', 'bronze', 'gold'],
      features: ['frequency'],
      revenue: 'frequency',
    });
    expect(rows.map((row) => [row.class, row.customers])).toEqual([
      ['silver', 2],
      ['bronze', 0],
      ['gold', 2],
      ['none', 1],
    ]);
    expect(rows[1]!.means.frequency).toBeNaN();
    expect(rows[1]!.revenue).toBe(0);
    expect(rows[2]!.revenueShare).toBeCloseTo(0.5, 12);
    expect(Object.keys(rows[0]!.means)).toEqual(['frequency']);
  });

  it('rejects mismatched labels and unknown columns', () => {
    expect(() => classSummary(table, ['a'])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    let error: unknown;
    try {
      classSummary(table, labels, { revenue: 'spend' });
    } catch (e) {
      error = e;
    }
    expect(isCohortlabError(error, 'UNKNOWN_FEATURE')).toBe(true);
  });
});

describe('formatClassSummary', () => {
  it('renders an aligned plain-text table', () => {
    const text = formatClassSummary(classSummary(table, labels, { features: ['recency_days'] }));
    expect(text).toBe(
      [
        'class   customers  customers %  revenue  revenue %  recency_days',
        '──────  ─────────  ───────────  ───────  ─────────  ────────────',
        'gold            2         40.0   400.00       80.0         15.00',
        'silver          2         40.0   100.00       20.0         40.00',
        'none            1         20.0     0.00        0.0             -',
      ].join('\n'),
    );
  });

  it('honours digits and renders an empty summary as a header', () => {
    const text = formatClassSummary(classSummary(table, labels, { features: [] }), { digits: 0 });
    expect(text.split('\n')[2]).toBe('gold            2         40.0      400       80.0');
    expect(formatClassSummary([]).split('\n')).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { AcquisitionCohorts } from '../../src/dynamics/acquisition-cohorts.js';
import { retentionByGroup } from '../../src/dynamics/retention-by-group.js';

const grouped: AcquisitionCohorts = {
  period: 'month',
  asOf: '2024-04-01',
  cohorts: ['2024-01', '2024-02'],
  table: {
    group: ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y'],
    cohort: [
      '2024-01',
      '2024-01',
      '2024-01',
      '2024-02',
      '2024-02',
      '2024-01',
      '2024-01',
      '2024-01',
    ],
    period: Float64Array.of(0, 1, 2, 0, 1, 0, 1, 2),
    cohort_customers: Float64Array.of(10, 10, 10, 30, 30, 5, 5, 5),
    active_customers: Float64Array.of(10, 3, 2, 30, 6, 5, 0, 1),
    retention_rate: Float64Array.of(1, 0.3, 0.2, 1, 0.2, 1, 0, 0.2),
    revenue: Float64Array.of(0, 0, 0, 0, 0, 0, 0, 0),
    revenue_per_customer: Float64Array.of(0, 0, 0, 0, 0, 0, 0, 0),
  },
};

describe('retentionByGroup', () => {
  it('pools the cohorts of each group, weighted by their sizes', () => {
    expect(retentionByGroup(grouped, [1, 2, 3])).toEqual([
      // month 1: (3 + 6) / (10 + 30); month 2 only the January cohort: 2 / 10; month 3 none.
      { group: 'x', customers: 40, retention: [9 / 40, 0.2, NaN] },
      { group: 'y', customers: 5, retention: [0, 0.2, NaN] },
    ]);
  });

  it('needs a grouped table', () => {
    const plain = Object.fromEntries(
      Object.entries(grouped.table).filter(([name]) => name !== 'group'),
    );
    expect(() => retentionByGroup({ ...grouped, table: plain }, [1])).toThrow(/made with groups/);
  });
});

import { describe, expect, it } from 'vitest';
import type { AcquisitionCohorts } from '../../src/dynamics/acquisition-cohorts.js';
import { retentionHeatmapFigure } from '../../src/plot/retention-heatmap.js';

// Two monthly cohorts: the first followed for three months, the second for two.
const cohorts: AcquisitionCohorts = {
  period: 'month',
  asOf: '2024-04-01',
  cohorts: ['2024-01', '2024-02'],
  table: {
    cohort: ['2024-01', '2024-01', '2024-01', '2024-02', '2024-02'],
    period: Float64Array.of(0, 1, 2, 0, 1),
    cohort_customers: Float64Array.of(10, 10, 10, 4, 4),
    active_customers: Float64Array.of(10, 3, 2, 4, 1),
    retention_rate: Float64Array.of(1, 0.3, 0.2, 1, 0.25),
    revenue: Float64Array.of(100, 30, 20, 40, 10),
    revenue_per_customer: Float64Array.of(10, 3, 2, 10, 2.5),
  },
};

describe('retentionHeatmapFigure', () => {
  it('puts each cohort’s rates in its row, null after the as-of date', () => {
    const figure = retentionHeatmapFigure(cohorts);
    const trace = figure.data[0] as {
      type: string;
      x: string[];
      y: string[];
      z: (number | null)[][];
      text: string[][];
      zmax: number;
    };
    expect(trace.type).toBe('heatmap');
    expect(trace.x).toEqual(['0', '1', '2']);
    expect(trace.y).toEqual(['2024-01', '2024-02']);
    expect(trace.z).toEqual([
      [1, 0.3, 0.2],
      [1, 0.25, null],
    ]);
    expect(trace.text[0]![1]).toBe('30.0%<br>3');
    expect(trace.text[1]![2]).toBe('');
    // The colour scale tops at the best rate after period 0, not at the 100 % of period 0.
    expect(trace.zmax).toBe(0.3);
    expect(JSON.stringify(figure.layout)).toContain('months since first purchase');
  });
});

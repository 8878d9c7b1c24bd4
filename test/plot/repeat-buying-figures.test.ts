import { describe, expect, it } from 'vitest';
import {
  calibrationHoldoutFigure,
  cumulativeRepeatFigure,
  frequencyRecencyHeatmap,
} from '../../src/plot/repeat-buying-figures.js';
import { frequencyRecencyGrid } from '../../src/predict/diagnostics/grid.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('repeat-buying figures', () => {
  it('calibration vs holdout: one point per group, the last labelled k+', () => {
    const figure = calibrationHoldoutFigure([
      { frequency: 0, orMore: false, customers: 10, actual: 0.2, predicted: 0.25 },
      { frequency: 1, orMore: true, customers: 5, actual: 1.5, predicted: 1.2 },
    ]);
    const [actual, model] = figure.data as unknown as { x: string[]; y: number[]; name: string }[];
    expect(actual!.x).toEqual(['0', '1+']);
    expect(actual!.y).toEqual([0.2, 1.5]);
    expect(model!.name).toBe('BG/NBD');
    expect(model!.y).toEqual([0.25, 1.2]);
  });

  it('cumulative: the two series by week, with an optional calibration line', () => {
    const figure = cumulativeRepeatFigure(
      {
        start: '1997-01-01',
        weeks: Float64Array.of(1, 2, 3),
        actual: Float64Array.of(0, 4, 9),
        predicted: Float64Array.of(1, 3, 8),
      },
      { calibrationWeeks: 2 },
    );
    const [actual, model] = figure.data as unknown as { x: number[]; y: number[] }[];
    expect(actual!.x).toEqual([1, 2, 3]);
    expect(actual!.y).toEqual([0, 4, 9]);
    expect(model!.y).toEqual([1, 3, 8]);
    expect(JSON.stringify(figure.layout)).toContain('weeks since 1997-01-01');
    expect((figure.layout as { shapes: { x0: number }[] }).shapes[0]!.x0).toBe(2);
  });

  it('heatmaps carry the grid’s matrices exactly', () => {
    const grid = frequencyRecencyGrid(params, { T: 39, t: 52, maxFrequency: 3, steps: 2 });
    const alive = frequencyRecencyHeatmap(grid, 'alive').data[0] as unknown as {
      z: unknown;
      y: number[];
      zmax: number;
    };
    expect(alive.z).toEqual(grid.alive);
    expect(alive.y).toEqual([0, 1, 2, 3]);
    expect(alive.zmax).toBe(1);
    const expected = frequencyRecencyHeatmap(grid, 'expected').data[0] as unknown as {
      z: unknown;
      x: number[];
    };
    expect(expected.z).toEqual(grid.expected);
    expect(expected.x).toEqual([0, 19.5, 39]);
  });
});

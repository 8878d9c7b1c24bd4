import { describe, expect, it } from 'vitest';
import type { ChooseKResult, ChooseKRow, KVote } from '../../src/cluster/choose-k.js';
import { CHOSEN_K_COLOR, elbowFigure, metricsByKFigure } from '../../src/plot/index.js';
import { expectOfflineJson, field, traceOf, types } from './helpers.js';

function row(k: number, over: Partial<ChooseKRow> = {}): ChooseKRow {
  return {
    k,
    inertia: 1000 / k,
    silhouette: 0.3 + 0.01 * k,
    calinskiHarabasz: 200 - k,
    daviesBouldin: 1 + 0.1 * k,
    gap: 0.5 + 0.05 * k,
    gapSk: 0.01 * k,
    stability: 0.9 - 0.02 * k,
    stabilityStd: 0.05,
    ...over,
  };
}

const rows = [2, 3, 4, 5, 6].map((k) => row(k));
const votes: KVote[] = [{ criterion: 'knee', k: 3, reason: 'the curve bends at k = 3' }];
const result: Pick<ChooseKResult, 'rows' | 'k' | 'votes'> = { rows, k: 4, votes };

describe('elbowFigure', () => {
  it('plots inertia against k, marks the chosen k and annotates the knee', () => {
    const fig = elbowFigure({ result });
    expect(types(fig)).toEqual(['scatter', 'scatter']);
    const curve = traceOf(fig, 0, 'scatter');
    expect(curve.x).toEqual([2, 3, 4, 5, 6]);
    expect(curve.y).toEqual([500, 1000 / 3, 250, 200, 1000 / 6]);
    const chosen = traceOf(fig, 1, 'scatter');
    expect(chosen.x).toEqual([4]);
    expect(chosen.y).toEqual([250]);
    const shapes = fig.layout['shapes'] as { x0: number; x1: number; line: { color: string } }[];
    expect(shapes).toHaveLength(1);
    expect(shapes[0]).toMatchObject({ x0: 4, x1: 4, line: { color: CHOSEN_K_COLOR } });
    const annotations = fig.layout['annotations'] as { x: number; y: number; text: string }[];
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatchObject({ x: 3, y: 1000 / 3 });
    expect(annotations[0]?.text).toContain('k = 3');
    expectOfflineJson(fig);
  });

  it('has no knee annotation when Kneedle found none; refuses an unknown chosen k', () => {
    const fig = elbowFigure({
      result: { rows, k: 2, votes: [{ criterion: 'knee', k: null, reason: '' }] },
    });
    expect(fig.layout['annotations']).toEqual([]);
    expect(() => elbowFigure({ result: { rows, k: 9, votes } })).toThrow(/k = 9/);
  });
});

describe('metricsByKFigure', () => {
  it('one panel per measure on its own axes, chosen k marked in each, error bars for gap and stability', () => {
    const fig = metricsByKFigure({ result });
    expect(types(fig)).toEqual(Array(5).fill('scatter'));
    const keys: (keyof ChooseKRow)[] = [
      'silhouette',
      'calinskiHarabasz',
      'daviesBouldin',
      'gap',
      'stability',
    ];
    keys.forEach((key, i) => {
      const t = traceOf(fig, i, 'scatter');
      expect(t.name).toBe(key);
      expect(t.x).toEqual([2, 3, 4, 5, 6]);
      expect(t.y).toEqual(rows.map((r) => r[key]));
      expect(t.xaxis).toBe(i === 0 ? 'x' : `x${i + 1}`);
      expect(t.yaxis).toBe(i === 0 ? 'y' : `y${i + 1}`);
      // The chosen k's point is red, the others not.
      expect((t.marker?.color as string[])[2]).toBe(CHOSEN_K_COLOR);
      expect((t.marker?.color as string[]).filter((c) => c === CHOSEN_K_COLOR)).toHaveLength(1);
    });
    expect(traceOf(fig, 3, 'scatter').error_y?.array).toEqual(rows.map((r) => r.gapSk));
    expect(traceOf(fig, 4, 'scatter').error_y?.array).toEqual(rows.map((r) => r.stabilityStd));
    expect(traceOf(fig, 0, 'scatter').error_y).toBeUndefined();
    const shapes = fig.layout['shapes'] as { x0: number; xref: string; yref: string }[];
    expect(shapes.map((s) => s.x0)).toEqual([4, 4, 4, 4, 4]);
    expect(shapes.map((s) => s.xref)).toEqual(['x', 'x2', 'x3', 'x4', 'x5']);
    expect(shapes[1]?.yref).toBe('y2 domain');
    // Panels do not overlap.
    const domains = [1, 2, 3, 4, 5].map(
      (i) => field(fig, i === 1 ? 'yaxis' : `yaxis${i}`)['domain'] as number[],
    );
    for (let i = 1; i < domains.length; i++)
      expect(domains[i]![1]!).toBeLessThan(domains[i - 1]![0]!);
    expectOfflineJson(fig);
  });

  it('leaves out skipped measures (all NaN) and draws NaN as gaps', () => {
    const partial = [2, 3, 4].map((k) =>
      row(k, {
        gap: NaN,
        gapSk: NaN,
        stability: NaN,
        stabilityStd: NaN,
        silhouette: k === 3 ? NaN : 0.4,
      }),
    );
    const fig = metricsByKFigure({ result: { rows: partial, k: 2 } });
    expect(fig.data.map((t) => t.name)).toEqual([
      'silhouette',
      'calinskiHarabasz',
      'daviesBouldin',
    ]);
    expect(traceOf(fig, 0, 'scatter').y).toEqual([0.4, null, 0.4]);
  });
});

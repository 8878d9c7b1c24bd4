import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier, toRules } from '../../src/classify/tree/index.js';
import {
  ColorScale,
  featureImportanceFigure,
  paretoFigure,
  rfmGridCells,
  rfmGridFigure,
  treeImportances,
  treeRulesFigure,
} from '../../src/plot/index.js';
import { expectOfflineJson, traceOf, types } from './helpers.js';

describe('paretoFigure', () => {
  // 20 customers, values 20, 19, …, 1: total 210.
  const values = Array.from({ length: 20 }, (_, i) => i + 1);

  it('cumulative value share against customer share, with A/B cut points', () => {
    const fig = paretoFigure({ values });
    expect(types(fig)).toEqual(['scatter', 'scatter', 'scatter', 'scatter']);
    const curve = traceOf(fig, 0, 'scatter');
    // Independent: descending values, running sum / 210.
    const desc = [...values].sort((a, b) => b - a);
    let run = 0;
    const expectedY = [0, ...desc.map((v) => (run += v) / 210)];
    expect(curve.x).toEqual(Array.from({ length: 21 }, (_, r) => r / 20));
    (curve.y as number[]).forEach((y, r) => expect(y).toBeCloseTo(expectedY[r] as number, 14));
    // Top 5 % = 1 customer (20 → 20/210); top 20 % = 4 customers (20+19+18+17 = 74).
    const a = traceOf(fig, 2, 'scatter');
    const b = traceOf(fig, 3, 'scatter');
    expect(a.x).toEqual([0.05]);
    expect(a.y[0]).toBeCloseTo(20 / 210, 14);
    expect(b.x).toEqual([0.2]);
    expect(b.y[0]).toBeCloseTo(74 / 210, 14);
    expect(a.name).toBe('end of tier A');
    expectOfflineJson(fig);
  });

  it('ties at a cut stay in the higher tier, so the cut moves right', () => {
    // Top value shared by 2 of 20 customers: A holds both (10 %).
    const tied = [50, 50, ...Array.from({ length: 18 }, () => 1)];
    const fig = paretoFigure({ values: tied });
    expect(traceOf(fig, 2, 'scatter').x).toEqual([0.1]);
    expect(traceOf(fig, 2, 'scatter').y[0]).toBeCloseTo(100 / 118, 14);
  });

  it('leaves out values ≤ 0 (no purchases, net refunds) and says how many', () => {
    // The 20 values above plus three customers who spent nothing or net-refunded.
    const fig = paretoFigure({ values: [0, ...values, -30, 0] });
    const curve = traceOf(fig, 0, 'scatter');
    expect(curve.x).toEqual(Array.from({ length: 21 }, (_, r) => r / 20));
    expect(curve.y.at(-1)).toBeCloseTo(1, 14);
    expect(traceOf(fig, 3, 'scatter').y[0]).toBeCloseTo(74 / 210, 14);
    const layout = fig.layout as { xaxis: { title: { text: string } } };
    expect(layout.xaxis.title.text).toBe(
      'share of customers (largest value first); 3 of value ≤ 0 left out',
    );
  });

  it('thins long curves to maxPoints but keeps the cut points and the end', () => {
    const many = Array.from({ length: 5000 }, (_, i) => (i % 97) + 1);
    const fig = paretoFigure({ values: many, maxPoints: 200 });
    const curve = traceOf(fig, 0, 'scatter');
    expect(curve.x.length).toBeLessThanOrEqual(203);
    expect(curve.x.at(-1)).toBe(1);
    expect(curve.y.at(-1)).toBeCloseTo(1, 12);
    const aEnd = traceOf(fig, 2, 'scatter').x[0];
    expect(curve.x).toContain(aEnd);
  });
});

describe('rfmGridFigure', () => {
  // 8 scored customers and one without purchases (NaN scores).
  const r = [1, 1, 2, 2, 2, 3, 3, 3, NaN];
  const f = [1, 1, 1, 2, 2, 3, 3, 1, NaN];
  const monetary = [10, 30, 5, 100, 200, 1000, 3000, 7, 0];

  it('cells hold counts and mean monetary computed per (R, F)', () => {
    const cells = rfmGridCells({ r, f, monetary });
    expect(cells.bins).toBe(3);
    // count[f-1][r-1]
    expect(cells.count).toEqual([
      [2, 1, 1],
      [0, 2, 0],
      [0, 0, 2],
    ]);
    expect(cells.meanMonetary[0]).toEqual([20, 5, 7]);
    expect(cells.meanMonetary[1]?.[1]).toBe(150);
    expect(cells.meanMonetary[2]?.[2]).toBe(2000);
    expect(Number.isNaN(cells.meanMonetary[1]?.[0])).toBe(true);
  });

  it('heatmap z = mean monetary (gaps for empty cells), markers sized by count', () => {
    const fig = rfmGridFigure({ r, f, monetary, maxMarkerSize: 40 });
    expect(types(fig)).toEqual(['heatmap', 'scatter']);
    const heat = traceOf(fig, 0, 'heatmap');
    expect(heat.z).toEqual([
      [20, 5, 7],
      [null, 150, null],
      [null, null, 2000],
    ]);
    const markers = traceOf(fig, 1, 'scatter');
    expect(markers.x).toEqual([1, 2, 3, 2, 3]);
    expect(markers.y).toEqual([1, 1, 1, 2, 3]);
    expect(markers.text).toEqual(['2', '1', '1', '2', '2']);
    // Area ∝ count: a cell with 1 customer has diameter 40 / √2.
    const sizes = markers.marker?.size as number[];
    [40, 40 / Math.SQRT2, 40 / Math.SQRT2, 40, 40].forEach((v, i) =>
      expect(sizes[i]).toBeCloseTo(v, 12),
    );
    expectOfflineJson(fig);
  });

  it('rejects scores outside 1..bins', () => {
    expect(() => rfmGridFigure({ r: [4], f: [1], monetary: [1], bins: 3 })).toThrow(/1\.\.3/);
  });
});

describe('decision tree figures', () => {
  const table = {
    recency: Float64Array.from([5, 10, 15, 20, 200, 220, 240, 260, 30, 250]),
    frequency: Float64Array.from([9, 8, 7, 9, 1, 1, 2, 1, 1, 8]),
  };
  const target = [
    'loyal',
    'loyal',
    'loyal',
    'loyal',
    'lost',
    'lost',
    'lost',
    'lost',
    'new',
    'lost',
  ];
  const tree = new DecisionTreeClassifier({ maxDepth: 3 }).fit(table, target);
  const rules = toRules(tree);

  it('rules table: one row per leaf, conditions and class, largest leaf first', () => {
    const colors = new ColorScale(['lost', 'loyal', 'new']);
    const fig = treeRulesFigure({ rules, colors });
    expect(types(fig)).toEqual(['table']);
    const t = traceOf(fig, 0, 'table');
    const [numbers, conditions, labels, samples] = t.cells.values as string[][];
    expect(numbers).toHaveLength(rules.length);
    const bySize = [...rules].sort((a, b) => b.samples - a.samples);
    expect(labels).toEqual(bySize.map((r) => r.label));
    expect(samples).toEqual(bySize.map((r) => String(r.samples)));
    expect(samples?.map(Number).reduce((s, v) => s + v, 0)).toBe(10);
    // The conditions column holds each rule's conditions, e.g. "recency ≤ 25".
    bySize.forEach((rule, i) => {
      for (const c of rule.conditions) expect(conditions?.[i]).toContain(c.feature);
    });
    const fill = t.cells.fill?.color as string[][];
    expect(fill[2]).toEqual(bySize.map((r) => colors.translucent(r.label, 0.3)));
    expectOfflineJson(fig);
  });

  it('feature importances: sorted bars equal to the tree’s importances', () => {
    const importances = treeImportances(tree);
    expect([...importances.keys()]).toEqual(['recency', 'frequency']);
    const fig = featureImportanceFigure({ importances });
    const bar = traceOf(fig, 0, 'bar');
    const expected = [...importances.entries()].sort((a, b) => b[1] - a[1]);
    expect(bar.y).toEqual(expected.map(([n]) => n));
    expect(bar.x).toEqual(expected.map(([, v]) => v));
    expect((bar.x as number[]).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('feature importances from a plain map: top-n, NaN dropped', () => {
    const fig = featureImportanceFigure({
      importances: { a: 0.1, b: 0.5, c: NaN, d: 0.3 },
      top: 2,
    });
    const bar = traceOf(fig, 0, 'bar');
    expect(bar.y).toEqual(['b', 'd']);
    expect(bar.x).toEqual([0.5, 0.3]);
  });
});

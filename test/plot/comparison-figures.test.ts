import { describe, expect, it } from 'vitest';
import { contingencyTable } from '../../src/compare/contingency.js';
import { confusionMatrix } from '../../src/evaluate/confusion-matrix.js';
import {
  ColorScale,
  classClusterSankeyFigure,
  confusionMatrixFigure,
  contingencyHeatmapFigure,
  flowSankeyFigure,
  pcaScatterFigure,
  silhouettePlotFigure,
} from '../../src/plot/index.js';
import { expectOfflineJson, traceOf, types } from './helpers.js';

// 12 customers: class → cluster.
const classes = ['A', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'C', 'C', 'C'];
const clusters = [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 0, 1];

describe('contingencyHeatmapFigure', () => {
  it('z equals the counts; text carries the count and the row share', () => {
    const table = contingencyTable(classes, clusters);
    const fig = contingencyHeatmapFigure({ table, colNames: { '2': 'big spenders' } });
    const t = traceOf(fig, 0, 'heatmap');
    // Counted independently.
    const expected = ['A', 'B', 'C'].map((c) =>
      [0, 1, 2].map((k) => classes.filter((x, i) => x === c && clusters[i] === k).length),
    );
    expect(expected).toEqual([
      [2, 1, 0],
      [0, 2, 2],
      [1, 1, 3],
    ]);
    expect(t.z).toEqual(expected);
    expect(t.y).toEqual(['A', 'B', 'C']);
    expect(t.x).toEqual(['0', '1', 'big spenders']);
    const text = t.text as string[][];
    expect(text[0]?.[0]).toBe('2<br>66.7%');
    expect(text[2]?.[2]).toBe('3<br>60.0%');
    expectOfflineJson(fig);
  });
});

describe('Sankey figures', () => {
  it('classes → clusters: nodes, link values summing to n, colours from the palette', () => {
    const colors = new ColorScale(['A', 'B', 'C', 0, 1, 2]);
    const fig = classClusterSankeyFigure({
      classes,
      clusters,
      colors,
      clusterNames: { '0': 'loyal' },
    });
    expect(types(fig)).toEqual(['sankey']);
    const t = traceOf(fig, 0, 'sankey');
    expect(t.node.label).toEqual(['A', 'B', 'C', 'loyal', 'cluster 1', 'cluster 2']);
    expect(t.node.color).toEqual(['A', 'B', 'C', 0, 1, 2].map((l) => colors.color(l)));
    expect(t.link.value.reduce((s, v) => s + v, 0)).toBe(classes.length);
    // Every (source, target) link equals the independent pair count; empty pairs have no link.
    t.link.source.forEach((s, j) => {
      const cls = ['A', 'B', 'C'][s];
      const k = (t.link.target[j] as number) - 3;
      expect(t.link.value[j]).toBe(classes.filter((c, i) => c === cls && clusters[i] === k).length);
      expect(t.link.color[j]).toBe(colors.translucent(cls as string, 0.4));
      expect(t.link.color[j]).toMatch(/^rgba\(/);
    });
    expect(t.link.value).toHaveLength(7);
    expectOfflineJson(fig);
  });

  it('generic flow (migration between snapshots): a label on both sides keeps one colour', () => {
    const before = ['new', 'new', 'loyal', 'loyal', 'lost'];
    const after = ['loyal', 'lost', 'loyal', 'loyal', 'lost'];
    const fig = flowSankeyFigure(before, after, { sides: ['2023', '2024'] });
    const t = traceOf(fig, 0, 'sankey');
    expect(t.node.label).toEqual(['lost', 'loyal', 'new', 'lost', 'loyal']);
    expect(t.node.color[0]).toBe(t.node.color[3]);
    expect(t.node.color[1]).toBe(t.node.color[4]);
    expect(t.link.value.reduce((s, v) => s + v, 0)).toBe(5);
    // loyal → loyal: 2 customers.
    const j = t.link.source.findIndex((s, i) => s === 1 && t.link.target[i] === 4);
    expect(t.link.value[j]).toBe(2);
    expect(() => flowSankeyFigure(['a'], ['a', 'b'])).toThrow(/equally long/);
  });
});

describe('confusionMatrixFigure', () => {
  it('z equals the confusion counts; accuracy in the title', () => {
    const yTrue = ['a', 'a', 'b', 'b', 'b', 'c'];
    const yPred = ['a', 'b', 'b', 'b', 'c', 'c'];
    const fig = confusionMatrixFigure({ matrix: confusionMatrix(yTrue, yPred) });
    const t = traceOf(fig, 0, 'heatmap');
    expect(t.z).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 0, 1],
    ]);
    expect(t.x).toEqual(['a', 'b', 'c']);
    expect((t.text as string[][])[1]?.[1]).toBe('2<br>66.7%');
    expect((fig.layout['title'] as { text: string }).text).toContain('66.7%');
  });
});

describe('colours are consistent across figures of a run', () => {
  it('a cluster has the same colour in the silhouette plot, the PCA scatter and the Sankey', () => {
    const points = clusters.map((k, i) => [k * 3 + (i % 3) * 0.1, k * 2 - (i % 2) * 0.1]);
    const colors = new ColorScale([2, 1, 0, 'A', 'B', 'C']);
    const sil = silhouettePlotFigure({
      samples: clusters.map(() => 0.5),
      labels: clusters,
      colors,
    });
    const pca = pcaScatterFigure({ data: points, clusters, colors });
    const sankey = traceOf(classClusterSankeyFigure({ classes, clusters, colors }), 0, 'sankey');
    for (const k of [0, 1, 2]) {
      const expected = colors.color(k);
      expect(traceOf(sil, k, 'bar').marker?.color).toBe(expected);
      expect(traceOf(pca, k, 'scatter').marker?.color).toBe(expected);
      expect(sankey.node.color[3 + k]).toBe(expected);
    }
    // Without a shared scale, figures with the same labels still agree (sorted label order).
    const a = traceOf(
      silhouettePlotFigure({ samples: clusters.map(() => 0.5), labels: clusters }),
      1,
      'bar',
    );
    const b = traceOf(pcaScatterFigure({ data: points, clusters }), 1, 'scatter');
    expect(a.marker?.color).toBe(b.marker?.color);
  });
});

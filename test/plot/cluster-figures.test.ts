import { describe, expect, it } from 'vitest';
import { silhouetteSamples } from '../../src/cluster/metrics/silhouette.js';
import { clusterProfiles } from '../../src/cluster/profile/profiles.js';
import { matrixFromRows } from '../../src/cluster/kmeans/matrix.js';
import { PCA } from '../../src/decompose/index.js';
import {
  CLASS_SYMBOLS,
  ColorScale,
  centroidParallelFigure,
  centroidRadarFigure,
  pcaScatterFigure,
  profileHeatmapFigure,
  silhouettePlotFigure,
} from '../../src/plot/index.js';
import { expectOfflineJson, field, traceOf, types } from './helpers.js';

// Three small blobs in 2-D, labelled 0/1/2, with classes 'x'/'y' alternating.
const points = [
  [0, 0],
  [0.2, 0.1],
  [0.1, 0.3],
  [-0.1, 0.2],
  [5, 5],
  [5.3, 4.8],
  [4.9, 5.2],
  [0, 6],
  [0.4, 6.1],
  [-0.2, 5.7],
  [0.1, 5.9],
];
const labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const classes = labels.map((_, i) => (i % 2 === 0 ? 'x' : 'y'));
const colors = new ColorScale([0, 1, 2, 'x', 'y']);

describe('silhouettePlotFigure', () => {
  const samples = silhouetteSamples(matrixFromRows(points), labels);

  it('one bar trace per cluster holding its samples sorted high to low, mean line at the score', () => {
    const fig = silhouettePlotFigure({ samples, labels, colors });
    expect(types(fig)).toEqual(['bar', 'bar', 'bar']);
    for (const c of [0, 1, 2]) {
      const t = traceOf(fig, c, 'bar');
      const expected = Array.from(samples)
        .filter((_, i) => labels[i] === c)
        .sort((a, b) => b - a);
      expect(t.x).toEqual(expected);
      expect(t.orientation).toBe('h');
      expect(t.marker?.color).toBe(colors.color(c));
    }
    // Bands do not overlap: every y of cluster 1 lies beyond cluster 0's.
    const y0 = traceOf(fig, 0, 'bar').y as number[];
    const y1 = traceOf(fig, 1, 'bar').y as number[];
    expect(Math.min(...y1)).toBeGreaterThan(Math.max(...y0));
    const mean = Array.from(samples).reduce((s, v) => s + v, 0) / samples.length;
    const shapes = fig.layout['shapes'] as { x0: number }[];
    expect(shapes[0]?.x0).toBeCloseTo(mean, 14);
    expectOfflineJson(fig);
  });

  it('refuses mismatched lengths', () => {
    expect(() => silhouettePlotFigure({ samples: [0.1], labels: [0, 1] })).toThrow(
      /one label per sample/,
    );
  });
});

describe('pcaScatterFigure', () => {
  it('points by cluster at their PCA scores, class symbols, variance % in the axis titles', () => {
    const fig = pcaScatterFigure({ data: points, clusters: labels, classes, colors });
    // 3 cluster traces, then legend-only: 3 cluster circles, 2 class symbols.
    expect(types(fig)).toEqual(Array(8).fill('scatter'));
    const pca = new PCA({ nComponents: 2 }).fit(points);
    const scores = pca.transform(points).data;
    for (const c of [0, 1, 2]) {
      const t = traceOf(fig, c, 'scatter');
      const rows = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0);
      expect(t.x).toEqual(rows.map((i) => scores[2 * i]));
      expect(t.y).toEqual(rows.map((i) => scores[2 * i + 1]));
      expect(t.marker?.color).toBe(colors.color(c));
      expect(t.marker?.symbol).toEqual(
        rows.map((i) => (i % 2 === 0 ? CLASS_SYMBOLS[0] : CLASS_SYMBOLS[1])),
      );
    }
    for (const c of [0, 1, 2]) {
      expect(traceOf(fig, c, 'scatter').showlegend).toBe(false);
      const legend = traceOf(fig, 3 + c, 'scatter');
      expect(legend.x).toEqual([null]);
      expect(legend.marker).toMatchObject({ color: colors.color(c), symbol: 'circle' });
      expect(legend.legendgroup).toBe(traceOf(fig, c, 'scatter').legendgroup);
    }
    expect(traceOf(fig, 6, 'scatter').name).toBe('class x');
    expect(traceOf(fig, 7, 'scatter').marker?.symbol).toBe(CLASS_SYMBOLS[1]);
    const r = pca.explainedVarianceRatio;
    const title = (name: string): string => (field(fig, name)['title'] as { text: string }).text;
    expect(title('xaxis')).toBe(`PC1 (${((r[0] as number) * 100).toFixed(1)}% of variance)`);
    expect(title('yaxis')).toBe(`PC2 (${((r[1] as number) * 100).toFixed(1)}% of variance)`);
    expectOfflineJson(fig);
  });

  it('uses WebGL from webglFrom rows on, and a given fitted PCA', () => {
    const pca = new PCA().fit(points);
    const fig = pcaScatterFigure({ data: points, clusters: labels, pca, webglFrom: 5 });
    expect(types(fig)).toEqual(['scattergl', 'scattergl', 'scattergl']);
    expect(traceOf(fig, 0, 'scattergl').x[0]).toBe(pca.transform(points).data[0]);
  });
});

describe('profile figures', () => {
  const table = {
    recency: Float64Array.from([10, 20, 30, 40, 300, 320, 310, 100, 120, 90, 110]),
    monetary: Float64Array.from([900, 1100, 1000, 1000, 50, 60, 40, 300, 310, 290, 300]),
  };
  const profiles = clusterProfiles(table, labels, { features: ['recency', 'monetary'] });

  it('radar: one closed polygon per cluster, radii = mean / largest |mean| of the feature', () => {
    const fig = centroidRadarFigure({ profiles, colors });
    expect(types(fig)).toEqual(['scatterpolar', 'scatterpolar', 'scatterpolar']);
    const meanRecency = [25, 310, 105];
    const meanMonetary = [1000, 50, 300];
    profiles.forEach((p, c) => {
      const t = traceOf(fig, c, 'scatterpolar');
      expect(t.theta).toEqual(['recency', 'monetary', 'recency']);
      const r = t.r as number[];
      expect(r[0]).toBeCloseTo(meanRecency[c]! / 310, 12);
      expect(r[1]).toBeCloseTo(meanMonetary[c]! / 1000, 12);
      expect(r[2]).toBe(r[0]);
      expect(t.line?.color).toBe(colors.color(p.cluster));
    });
    const raw = centroidRadarFigure({ profiles, scale: 'none' });
    expect((traceOf(raw, 1, 'scatterpolar').r as number[])[1]).toBeCloseTo(50, 12);
  });

  it('parallel coordinates: one dimension per feature holding the cluster means in original units', () => {
    const fig = centroidParallelFigure({ profiles, colors });
    const t = traceOf(fig, 0, 'parcoords');
    expect(t.dimensions.map((d) => d.label)).toEqual(['recency', 'monetary']);
    expect(t.dimensions[0]?.values.map((v) => Number(v.toFixed(9)))).toEqual([25, 310, 105]);
    expect(t.dimensions[1]?.range?.map((v) => Number(v.toFixed(9)))).toEqual([50, 1000]);
    expect(t.line.color).toEqual([0, 1, 2]);
    // Colour stop i is cluster i's palette colour.
    expect(t.line.colorscale.map(([, c]) => c)).toEqual([0, 1, 2].map((c) => colors.color(c)));
    expectOfflineJson(fig);
  });

  it('heatmap: z[cluster][feature] equals the profiles’ z-scores', () => {
    const fig = profileHeatmapFigure({ profiles, features: ['monetary', 'recency'] });
    const t = traceOf(fig, 0, 'heatmap');
    expect(t.x).toEqual(['monetary', 'recency']);
    expect(t.z).toEqual(profiles.map((p) => [p.features['monetary']!.z, p.features['recency']!.z]));
    // Independent z of cluster 0's monetary mean: (1000 - mean) / population std.
    const m = Array.from(table.monetary);
    const mu = m.reduce((s, v) => s + v, 0) / m.length;
    const sd = Math.sqrt(m.reduce((s, v) => s + (v - mu) ** 2, 0) / m.length);
    expect((t.z[0] as number[])[0]).toBeCloseTo((1000 - mu) / sd, 12);
    expect(t.zmid).toBe(0);
    expect(() => profileHeatmapFigure({ profiles, features: ['nope'] })).toThrow(/nope/);
  });
});

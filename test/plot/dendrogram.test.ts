/**
 * The dendrogram figure: a hand-checked small tree, truncation of a large one, colours of
 * the cut.
 */
import { describe, expect, it } from 'vitest';
import { AgglomerativeClustering } from '../../src/cluster/hierarchy/index.js';
import { dendrogramFigure } from '../../src/plot/dendrogram.js';
import type { ScatterTrace } from '../../src/plot/figure.js';
import { UNKNOWN_COLOR } from '../../src/plot/palette.js';
import { blobs } from '../cluster/kmeans/helpers.js';

describe('dendrogramFigure', () => {
  it('draws the U shapes of a hand-checked tree (points 0, 1, 5, 6 on a line)', () => {
    const model = new AgglomerativeClustering({ linkage: 'single' }).fit([[0], [1], [5], [6]]);
    const figure = dendrogramFigure({ tree: model.learned.tree, leafLabels: ['a', 'b', 'c', 'd'] });
    const lines = figure.data[0] as ScatterTrace;
    expect(lines.x).toEqual([5, 5, 15, 15, null, 25, 25, 35, 35, null, 10, 10, 30, 30, null]);
    expect(lines.y).toEqual([0, 1, 1, 0, null, 0, 1, 1, 0, null, 1, 4, 4, 1, null]);
    const xaxis = figure.layout['xaxis'] as { ticktext: string[]; tickvals: number[] };
    expect(xaxis.ticktext).toEqual(['a', 'b', 'c', 'd']);
    expect(xaxis.tickvals).toEqual([5, 15, 25, 35]);
    const tops = figure.data[1] as ScatterTrace;
    expect(tops.y).toEqual([1, 1, 4]);
    expect(tops.customdata).toEqual([2, 2, 4]);
  });

  it('two-step trees: leaves that are k-means groups read their numbers of customers', () => {
    const { x } = blobs(300, 3, 2, 1, 4);
    const model = new AgglomerativeClustering({ k: 3, maxExactRows: 100, twoStepGroups: 12 }).fit(
      x,
    );
    const leafSizes = new Array<number>(12).fill(0);
    for (const leaf of model.learned.leafOf) leafSizes[leaf]! += 1;
    const figure = dendrogramFigure({ tree: model.learned.tree, leafSizes });
    const xaxis = figure.layout['xaxis'] as { ticktext: string[] };
    expect(xaxis.ticktext).toHaveLength(12);
    expect(xaxis.ticktext.reduce((s, t) => s + Number(t.replace(/[(),]/g, '')), 0)).toBe(300);
  });

  it('truncates 2,000 customers to the last p − 1 merges, leaves counting every customer', () => {
    const { x } = blobs(2000, 5, 3, 1, 8);
    const model = new AgglomerativeClustering({ k: 4 }).fit(x);
    const figure = dendrogramFigure({ tree: model.learned.tree, p: 12, k: 4 });
    const xaxis = figure.layout['xaxis'] as { ticktext: string[] };
    expect(xaxis.ticktext).toHaveLength(12);
    const total = xaxis.ticktext.reduce((s, t) => s + Number(t.replace(/[(),]/g, '')), 0);
    expect(total).toBe(2000);
    const lineTraces = figure.data.slice(0, -1) as ScatterTrace[];
    const shapes = lineTraces.reduce((s, t) => s + t.x.length / 5, 0);
    expect(shapes).toBe(11);
    // Above the cut into 4 clusters: the last 3 merges, grey.
    const grey = lineTraces.find((t) => t.line?.color === UNKNOWN_COLOR)!;
    expect(grey.x.length / 5).toBe(3);
    const heights = model.linkageMatrix().map((row) => row[2]!);
    expect((figure.data.at(-1) as ScatterTrace).y).toEqual(heights.slice(-11));
  });
});

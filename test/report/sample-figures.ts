/**
 * Hand-written Plotly figures of several trace types (SVG and WebGL ones) for the report
 * tests, each with the number of traces it has.
 */
import type { PlotlyFigureLike } from '../../src/report/index.js';

/** A figure and how many traces it has. */
export interface SampleFigure {
  readonly name: string;
  readonly figure: PlotlyFigureLike;
  readonly traces: number;
}

const segments = ['Champions', 'Loyal', 'At risk', 'Hibernating'];

/** Scatter, bar, heatmap, sankey, scatterpolar, parcoords and pie. */
export const SAMPLE_FIGURES: readonly SampleFigure[] = [
  {
    name: 'scatter',
    traces: 2,
    figure: {
      data: [
        {
          type: 'scatter',
          mode: 'markers',
          name: 'cluster 0',
          x: new Float64Array([1, 2, 3, 4]),
          y: new Float64Array([10, 11, 12, 13]),
        },
        { type: 'scatter', mode: 'lines', name: 'cluster 1', x: [1, 2, 3, 4], y: [4, 3, 2, 1] },
      ],
      layout: { title: { text: 'Recency vs monetary' }, xaxis: { title: { text: 'recency' } } },
    },
  },
  {
    name: 'bar',
    traces: 1,
    figure: {
      data: [{ type: 'bar', x: segments, y: [4334, 3120, 2051, 9001] }],
      layout: { title: { text: 'Customers per segment' } },
    },
  },
  {
    name: 'heatmap',
    traces: 1,
    figure: {
      data: [
        {
          type: 'heatmap',
          z: [
            [1, 20, 30],
            [20, 1, 60],
            [30, 60, 1],
          ],
          x: ['A', 'B', 'C'],
          y: ['new', 'active', 'churned'],
        },
      ],
      layout: { title: { text: 'Tier × lifecycle' } },
    },
  },
  {
    name: 'sankey',
    traces: 1,
    figure: {
      data: [
        {
          type: 'sankey',
          node: { label: ['A', 'B', 'cluster 0', 'cluster 1'] },
          link: { source: [0, 0, 1, 1], target: [2, 3, 2, 3], value: [8, 2, 3, 7] },
        },
      ],
      layout: { title: { text: 'Classes to clusters' } },
    },
  },
  {
    name: 'scatterpolar',
    traces: 2,
    figure: {
      data: [
        {
          type: 'scatterpolar',
          r: [1, 0.4, 0.8, 1],
          theta: ['recency', 'frequency', 'monetary', 'recency'],
          fill: 'toself',
          name: 'cluster 0',
        },
        {
          type: 'scatterpolar',
          r: [0.2, 0.9, 0.5, 0.2],
          theta: ['recency', 'frequency', 'monetary', 'recency'],
          fill: 'toself',
          name: 'cluster 1',
        },
      ],
      layout: { title: { text: 'Cluster profiles' }, polar: { radialaxis: { range: [0, 1] } } },
    },
  },
  {
    name: 'parcoords',
    traces: 1,
    figure: {
      data: [
        {
          type: 'parcoords',
          line: { color: [0, 1, 0, 1] },
          dimensions: [
            { label: 'recency', values: [10, 200, 30, 400] },
            { label: 'frequency', values: [5, 1, 8, 2] },
            { label: 'monetary', values: [300, 20, 900, 15] },
          ],
        },
      ],
      layout: { title: { text: 'Parallel coordinates' } },
    },
  },
  {
    name: 'pie',
    traces: 1,
    figure: {
      data: [{ type: 'pie', labels: segments, values: [18.4, 13.2, 8.7, 59.7] }],
      layout: { title: { text: 'Share of customers' }, height: 380 },
    },
  },
];

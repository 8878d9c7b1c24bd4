/**
 * Customers in the plane of the first two principal components, coloured by cluster, with
 * the predefined class as the marker symbol.
 *
 * @module
 */
import { checkedMatrix, type MatrixInput } from '../cluster/kmeans/matrix.js';
import { PCA } from '../decompose/pca.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { axis, baseLayout, percent, type PlotlyFigure, type ScatterTrace } from './figure.js';
import { scaleFor, sortLabels, type ColorScale, type PlotLabel } from './palette.js';

/** Options of {@link pcaScatterFigure}. */
export interface PcaScatterOptions {
  /** The (scaled) features that were clustered, one row per customer. */
  readonly data: MatrixInput;
  /** Cluster of each row. */
  readonly clusters: ArrayLike<PlotLabel>;
  /** Predefined class of each row (marker symbol); none: circles only. */
  readonly classes?: ArrayLike<PlotLabel>;
  /** A PCA already fitted with ≥ 2 components on the same features; default: fit one here. */
  readonly pca?: PCA;
  /** Display name per cluster label (default "cluster <label>"). */
  readonly clusterNames?: Readonly<Record<string, string>>;
  readonly colors?: ColorScale;
  /** WebGL traces from this many rows on (default 5,000): SVG slows down above that. */
  readonly webglFrom?: number;
  readonly title?: string;
}

/** Marker symbols given to classes in sorted order (cycled past the end). */
export const CLASS_SYMBOLS: readonly string[] = [
  'circle',
  'square',
  'diamond',
  'triangle-up',
  'x',
  'cross',
  'star',
  'triangle-down',
  'pentagon',
  'hexagon',
];

/**
 * A 2-D PCA scatter. One marker trace per cluster (ascending labels, palette colours); with
 * `classes`, each point's symbol shows its class, and legend-only traces follow: one circle
 * per cluster (its colour), then one grey marker per class (its symbol). Axis titles give each component's share of explained variance.
 */
export function pcaScatterFigure(options: PcaScatterOptions): PlotlyFigure {
  const matrix = checkedMatrix(options.data, 'pcaScatterFigure');
  const n = matrix.rows;
  const { clusters, classes } = options;
  if (clusters.length !== n || (classes !== undefined && classes.length !== n)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `pcaScatterFigure: ${n} rows but ${clusters.length} cluster labels${classes === undefined ? '' : ` and ${classes.length} classes`}`,
    );
  }
  const pca = options.pca ?? new PCA({ nComponents: 2 }).fit(matrix);
  if (pca.nComponents < 2) {
    throw new CohortlabError('INVALID_INPUT', 'pcaScatterFigure needs a PCA with ≥ 2 components');
  }
  const scores = pca.transform(matrix);
  const k = scores.cols;
  const clusterLabels = sortLabels(Array.from(clusters));
  const colors = scaleFor(options.colors, clusterLabels);
  const classLabels = classes === undefined ? [] : sortLabels(Array.from(classes));
  const symbolOf = new Map(
    classLabels.map((c, i) => [String(c), CLASS_SYMBOLS[i % CLASS_SYMBOLS.length] as string]),
  );
  const type = n >= (options.webglFrom ?? 5000) ? 'scattergl' : 'scatter';
  const nameOf = (label: PlotLabel): string =>
    options.clusterNames?.[String(label)] ?? `cluster ${String(label)}`;

  const data: ScatterTrace[] = clusterLabels.map((label) => {
    const x: number[] = [];
    const y: number[] = [];
    const symbols: string[] = [];
    const text: string[] = [];
    for (let i = 0; i < n; i++) {
      if (String(clusters[i]) !== String(label)) continue;
      x.push(scores.data[i * k] as number);
      y.push(scores.data[i * k + 1] as number);
      if (classes !== undefined) {
        const c = String(classes[i]);
        symbols.push(symbolOf.get(c) as string);
        text.push(c);
      }
    }
    return {
      type,
      mode: 'markers',
      name: nameOf(label),
      legendgroup: `cluster ${String(label)}`,
      // With classes, the legend would show the first point's symbol: a circle entry follows.
      showlegend: classes === undefined,
      x,
      y,
      marker: {
        color: colors.color(label),
        size: 6,
        opacity: 0.75,
        ...(classes === undefined ? {} : { symbol: symbols }),
      },
      ...(classes === undefined
        ? { hovertemplate: `${nameOf(label)}<extra></extra>` }
        : { text, hovertemplate: `${nameOf(label)}<br>class %{text}<extra></extra>` }),
    };
  });
  if (classes !== undefined) {
    for (const label of clusterLabels) {
      data.push({
        type,
        mode: 'markers',
        name: nameOf(label),
        legendgroup: `cluster ${String(label)}`,
        x: [null],
        y: [null],
        marker: { color: colors.color(label), size: 8, symbol: 'circle' },
      });
    }
  }
  for (const c of classLabels) {
    data.push({
      type,
      mode: 'markers',
      name: `class ${String(c)}`,
      legendgroup: 'classes',
      x: [null],
      y: [null],
      marker: { color: '#777777', size: 8, symbol: symbolOf.get(String(c)) as string },
    });
  }
  const ratio = pca.explainedVarianceRatio;
  return {
    data,
    layout: baseLayout(
      options.title ??
        `Clusters in the first two principal components (${percent((ratio[0] as number) + (ratio[1] as number))} of variance)`,
      {
        xaxis: axis(`PC1 (${percent(ratio[0] as number)} of variance)`),
        yaxis: axis(`PC2 (${percent(ratio[1] as number)} of variance)`),
        legend: { itemsizing: 'constant' },
      },
    ),
  };
}

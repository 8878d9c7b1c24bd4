/**
 * Pure Plotly figure builders: each takes a plain options object and returns `{ data, layout }`
 * as plain JSON, ready for `Plotly.newPlot` or the HTML report. Colours come from one
 * {@link ColorScale} so a cluster or class keeps its colour in every figure of a run.
 *
 * @module
 */
export {
  axis,
  baseLayout,
  FONT_FAMILY,
  formatNumber,
  percent,
  verticalLine,
  type BarTrace,
  type ErrorBars,
  type HeatmapTrace,
  type Marker,
  type ParcoordsDimension,
  type ParcoordsTrace,
  type PlotlyFigure,
  type PlotlyTrace,
  type PlotValue,
  type SankeyTrace,
  type ScatterPolarTrace,
  type ScatterTrace,
  type TableTrace,
  type TraceBase,
} from './figure.js';
export {
  ColorScale,
  colorFor,
  DEFAULT_PALETTE,
  scaleFor,
  sortLabels,
  UNKNOWN_COLOR,
  withAlpha,
  type PlotLabel,
} from './palette.js';
export { CHOSEN_K_COLOR, elbowFigure, type ElbowFigureOptions } from './elbow.js';
export { METRIC_PANELS, metricsByKFigure, type MetricsByKFigureOptions } from './metrics-by-k.js';
export { silhouettePlotFigure, type SilhouettePlotOptions } from './silhouette-plot.js';
export { CLASS_SYMBOLS, pcaScatterFigure, type PcaScatterOptions } from './pca-scatter.js';
export {
  centroidParallelFigure,
  centroidRadarFigure,
  DIVERGING,
  profileHeatmapFigure,
  type CentroidRadarOptions,
  type ProfileFigureOptions,
} from './profile-figures.js';
export { contingencyHeatmapFigure, type ContingencyHeatmapOptions } from './contingency-heatmap.js';
export { retentionHeatmapFigure, type RetentionHeatmapOptions } from './retention-heatmap.js';
export {
  calibrationHoldoutFigure,
  cumulativeRepeatFigure,
  frequencyRecencyHeatmap,
} from './repeat-buying-figures.js';
export {
  classClusterSankeyFigure,
  flowSankeyFigure,
  type ClassClusterSankeyOptions,
  type FlowSankeyOptions,
} from './sankey.js';
export { paretoFigure, type ParetoCut, type ParetoFigureOptions } from './pareto.js';
export { rfmGridCells, rfmGridFigure, type RfmGridCells, type RfmGridOptions } from './rfm-grid.js';
export { conditionLabel, treeRulesFigure, type TreeRulesFigureOptions } from './tree-rules.js';
export { confusionMatrixFigure, type ConfusionMatrixFigureOptions } from './confusion-heatmap.js';
export {
  featureImportanceFigure,
  treeImportances,
  type FeatureImportanceOptions,
  type ImportanceInput,
} from './feature-importance.js';
export { dendrogramFigure, type DendrogramFigureOptions } from './dendrogram.js';

/**
 * Bar chart of feature importances.
 *
 * @module
 */
import type { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { axis, baseLayout, type BarTrace, type PlotlyFigure } from './figure.js';

/** Feature name → importance, as a plain object or a map. */
export type ImportanceInput = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/** Options of {@link featureImportanceFigure}. */
export interface FeatureImportanceOptions {
  readonly importances: ImportanceInput;
  /** Show only the largest this many (default all). */
  readonly top?: number;
  /** Axis title of the values (default 'importance'). */
  readonly valueTitle?: string;
  readonly title?: string;
}

/** A fitted tree's impurity-based importances by feature name. */
export function treeImportances(tree: DecisionTreeClassifier): Map<string, number> {
  const values = tree.featureImportances;
  return new Map(tree.featureNames.map((name, j) => [name, values[j] as number]));
}

/**
 * One horizontal bar trace, features sorted by importance with the largest at the top (ties:
 * input order); NaN importances are left out.
 */
export function featureImportanceFigure(options: FeatureImportanceOptions): PlotlyFigure {
  const entries = (
    options.importances instanceof Map
      ? [...(options.importances as ReadonlyMap<string, number>).entries()]
      : Object.entries(options.importances as Readonly<Record<string, number>>)
  ).filter(([, v]) => !Number.isNaN(v));
  if (entries.length === 0) {
    throw new CohortlabError('INVALID_INPUT', 'featureImportanceFigure: no importances to show');
  }
  const ranked = entries
    .map(([name, value], i) => ({ name, value, i }))
    .sort((a, b) => b.value - a.value || a.i - b.i)
    .slice(0, options.top ?? entries.length);
  const trace: BarTrace = {
    type: 'bar',
    orientation: 'h',
    name: options.valueTitle ?? 'importance',
    x: ranked.map((r) => r.value),
    y: ranked.map((r) => r.name),
    marker: { color: '#4e79a7' },
    text: ranked.map((r) => r.value.toFixed(3)),
    textposition: 'outside',
    hovertemplate: '%{y}: %{x:.4f}<extra></extra>',
  };
  return {
    data: [trace],
    layout: baseLayout(options.title ?? 'Feature importances', {
      xaxis: axis(options.valueTitle ?? 'importance'),
      yaxis: axis('', { autorange: 'reversed', type: 'category' }),
      height: Math.max(300, 28 * ranked.length + 140),
    }),
  };
}

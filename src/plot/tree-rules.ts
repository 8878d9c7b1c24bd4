/**
 * A decision tree's rules as a readable table, one row per leaf.
 *
 * @module
 */
import type { TreeCondition, TreeRule } from '../classify/tree/rules.js';
import { baseLayout, FONT_FAMILY, percent, type PlotlyFigure, type TableTrace } from './figure.js';
import { scaleFor, type ColorScale } from './palette.js';

/** Options of {@link treeRulesFigure}. */
export interface TreeRulesFigureOptions {
  /** From `toRules(tree)`. */
  readonly rules: readonly TreeRule[];
  /** Order of the rows: `'samples'` (default, largest leaf first) or `'tree'` (leaf order). */
  readonly order?: 'samples' | 'tree';
  /** Significant digits of thresholds (default 6). */
  readonly precision?: number;
  readonly colors?: ColorScale;
  readonly title?: string;
}

/** One condition as text: `recency ≤ 45`, `channel in (web, shop)`. */
export function conditionLabel(c: TreeCondition, precision = 6): string {
  if (c.kind === 'categorical') return `${c.feature} ${c.op} (${c.values.join(', ')})`;
  return `${c.feature} ${c.op === '<=' ? '≤' : '>'} ${String(Number(c.value.toPrecision(precision)))}`;
}

/**
 * A table trace with columns rule #, conditions (one per line, joined by AND), predicted
 * class (cell tinted with the class colour), training rows in the leaf and the class's share
 * of the leaf.
 */
export function treeRulesFigure(options: TreeRulesFigureOptions): PlotlyFigure {
  const order = options.order ?? 'samples';
  const rules = options.rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => (order === 'samples' ? b.rule.samples - a.rule.samples : 0) || a.i - b.i)
    .map(({ rule }) => rule);
  const colors = scaleFor(
    options.colors,
    rules.map((r) => r.label),
  );
  const conditions = rules.map((r) =>
    r.conditions.length === 0
      ? '(all rows)'
      : r.conditions.map((c) => conditionLabel(c, options.precision)).join('<br>AND '),
  );
  const white = rules.map(() => '#ffffff');
  const trace: TableTrace = {
    type: 'table',
    columnwidth: [0.6, 5, 2, 1.2, 1.2],
    header: {
      values: ['#', 'IF', 'THEN', 'rows', 'share'],
      align: ['right', 'left', 'left', 'right', 'right'],
      fill: { color: '#e8edf3' },
      font: { family: FONT_FAMILY, size: 13 },
    },
    cells: {
      values: [
        rules.map((_, i) => String(i + 1)),
        conditions,
        rules.map((r) => r.label),
        rules.map((r) => String(r.samples)),
        rules.map((r) => percent(r.probability)),
      ],
      align: ['right', 'left', 'left', 'right', 'right'],
      fill: {
        color: [white, white, rules.map((r) => colors.translucent(r.label, 0.3)), white, white],
      },
    },
  };
  const lines = conditions.reduce((s, c) => s + c.split('<br>').length, 0);
  return {
    data: [trace],
    layout: baseLayout(options.title ?? `Decision tree rules (${rules.length} leaves)`, {
      height: Math.min(2400, 140 + 22 * lines + 8 * rules.length),
    }),
  };
}

/**
 * Sankey diagrams of how the same customers fall into two labellings: classes → clusters, or
 * one snapshot's segments → the next one's (migration).
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { baseLayout, percent, type PlotlyFigure, type SankeyTrace } from './figure.js';
import { scaleFor, sortLabels, type ColorScale, type PlotLabel } from './palette.js';

/** Options of {@link flowSankeyFigure}. */
export interface FlowSankeyOptions {
  /** Shared colours of the run (default: a scale of all sorted labels, left side first). */
  readonly colors?: ColorScale;
  /** Headings of the two columns (default ['from', 'to']). */
  readonly sides?: readonly [string, string];
  /** Display names per left label (default the label). */
  readonly fromNames?: Readonly<Record<string, string>>;
  /** Display names per right label (default `fromNames`, then the label). */
  readonly toNames?: Readonly<Record<string, string>>;
  /** Opacity of the link colours (default 0.4). */
  readonly linkAlpha?: number;
  readonly title?: string;
}

/**
 * A two-column Sankey of paired labels: row i flows from `fromLabels[i]` to `toLabels[i]`.
 * Nodes: the distinct left labels (sorted), then the distinct right labels (sorted), each in
 * its palette colour, so a label present on both sides (migration between snapshots) has one
 * colour. One link per non-empty pair, valued by its row count and coloured like its source,
 * translucent; link values therefore sum to the number of rows.
 */
export function flowSankeyFigure(
  fromLabels: ArrayLike<PlotLabel>,
  toLabels: ArrayLike<PlotLabel>,
  options: FlowSankeyOptions = {},
): PlotlyFigure {
  const n = fromLabels.length;
  if (toLabels.length !== n || n === 0) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `flowSankeyFigure needs two equally long, non-empty label lists, got ${n} and ${toLabels.length}`,
    );
  }
  const left = sortLabels(Array.from(fromLabels));
  const right = sortLabels(Array.from(toLabels));
  const colors = scaleFor(options.colors, [...left, ...right]);
  const leftIndex = new Map(left.map((l, i) => [String(l), i]));
  const rightIndex = new Map(right.map((l, i) => [String(l), left.length + i]));
  const pairs = new Map<string, { source: number; target: number; value: number }>();
  for (let i = 0; i < n; i++) {
    const source = leftIndex.get(String(fromLabels[i])) as number;
    const target = rightIndex.get(String(toLabels[i])) as number;
    const key = `${source},${target}`;
    const pair = pairs.get(key) ?? { source, target, value: 0 };
    pair.value++;
    pairs.set(key, pair);
  }
  const links = [...pairs.values()].sort((a, b) => a.source - b.source || a.target - b.target);
  const nodes = [...left, ...right];
  const [fromSide, toSide] = options.sides ?? ['from', 'to'];
  const toNames = options.toNames ?? options.fromNames;
  const nameOf = (l: PlotLabel, i: number): string =>
    (i < left.length ? options.fromNames : toNames)?.[String(l)] ?? String(l);
  const sourceTotals = new Map<number, number>();
  for (const l of links) sourceTotals.set(l.source, (sourceTotals.get(l.source) ?? 0) + l.value);
  const trace: SankeyTrace = {
    type: 'sankey',
    arrangement: 'snap',
    node: {
      label: nodes.map((l, i) => nameOf(l, i)),
      color: nodes.map((l) => colors.color(l)),
      pad: 12,
      thickness: 18,
      customdata: nodes.map((_, i) => (i < left.length ? fromSide : toSide)),
      hovertemplate: '%{customdata} %{label}: %{value} customers<extra></extra>',
    },
    link: {
      source: links.map((l) => l.source),
      target: links.map((l) => l.target),
      value: links.map((l) => l.value),
      color: links.map((l) =>
        colors.translucent(nodes[l.source] as PlotLabel, options.linkAlpha ?? 0.4),
      ),
      customdata: links.map((l) => percent(l.value / (sourceTotals.get(l.source) as number))),
      hovertemplate:
        '%{source.label} → %{target.label}: %{value} customers (%{customdata} of the source)<extra></extra>',
    },
  };
  return {
    data: [trace],
    layout: baseLayout(options.title ?? `${fromSide} → ${toSide}`, {
      annotations: [
        {
          text: `<b>${fromSide}</b>`,
          x: 0,
          y: 1.04,
          xref: 'paper',
          yref: 'paper',
          showarrow: false,
          xanchor: 'left',
        },
        {
          text: `<b>${toSide}</b>`,
          x: 1,
          y: 1.04,
          xref: 'paper',
          yref: 'paper',
          showarrow: false,
          xanchor: 'right',
        },
      ],
    }),
  };
}

/** Options of {@link classClusterSankeyFigure}. */
export interface ClassClusterSankeyOptions extends Omit<
  FlowSankeyOptions,
  'sides' | 'fromNames' | 'toNames'
> {
  /** Predefined class of each customer. */
  readonly classes: ArrayLike<PlotLabel>;
  /** Cluster of each customer. */
  readonly clusters: ArrayLike<PlotLabel>;
  /** Display name per cluster label (default "cluster <label>"). */
  readonly clusterNames?: Readonly<Record<string, string>>;
  /** Name of the class scheme (default 'class'). */
  readonly scheme?: string;
}

/**
 * Classes → clusters. Cluster nodes read "cluster 2" (or the given names) so that a cluster
 * numbered like a class is still told apart; colours come from the labels themselves.
 */
export function classClusterSankeyFigure(options: ClassClusterSankeyOptions): PlotlyFigure {
  const { classes, clusters, clusterNames, scheme, ...rest } = options;
  const names: Record<string, string> = {};
  for (const c of sortLabels(Array.from(clusters))) {
    names[String(c)] = clusterNames?.[String(c)] ?? `cluster ${String(c)}`;
  }
  return flowSankeyFigure(classes, clusters, {
    ...rest,
    sides: [scheme ?? 'class', 'cluster'],
    toNames: names,
    fromNames: {},
    title: rest.title ?? `${scheme ?? 'class'} → cluster`,
  });
}

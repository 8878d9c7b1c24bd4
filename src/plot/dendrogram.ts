/**
 * The dendrogram of an agglomerative clustering: the merge tree drawn as nested U shapes,
 * truncated to its last merges for thousands of customers.
 *
 * @module
 */
import { cutTree, type MergeTree } from '../cluster/hierarchy/tree.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { axis, baseLayout, formatNumber, type PlotlyFigure, type ScatterTrace } from './figure.js';
import { DEFAULT_PALETTE, UNKNOWN_COLOR } from './palette.js';

/** Options of {@link dendrogramFigure}. */
export interface DendrogramFigureOptions {
  /** The merge tree (`AgglomerativeClustering#learned.tree`). */
  readonly tree: MergeTree;
  /**
   * Most leaves drawn (default 30): only the last p − 1 merges are drawn and each branch
   * below them is one leaf labelled with its number of customers (scipy's
   * `truncate_mode='lastp'`).
   */
  readonly p?: number;
  /** Colour the branches of the k clusters of the cut (default: no colouring). */
  readonly k?: number;
  /** Names of the tree's leaves (customer ids), used where a leaf is a single one. */
  readonly leafLabels?: readonly string[];
  /**
   * Customers in each leaf, when leaves are groups (the two-step method's k-means groups:
   * count `learned.leafOf`); a drawn leaf then reads "(customers)".
   */
  readonly leafSizes?: ArrayLike<number>;
  readonly title?: string;
}

/**
 * A dendrogram: leaves along x (spaced 10 apart, as scipy's), merge height along y. With
 * `k`, the branches below the cut into k clusters take the cluster colours (cluster i:
 * palette colour i) and those above it are grey. Traces: one line trace per colour (U shapes
 * separated by gaps), then the merge points with their height and size on hover.
 */
export function dendrogramFigure(options: DendrogramFigureOptions): PlotlyFigure {
  const { tree } = options;
  const n = tree.leaves;
  if (n < 2) throw new CohortlabError('INVALID_INPUT', 'dendrogramFigure: the tree has one leaf');
  const p = Math.min(options.p ?? 30, n);
  if (!Number.isSafeInteger(p) || p < 2) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'dendrogramFigure option "p" must be a whole number >= 2',
    );
  }
  const k = options.k;
  if (k !== undefined && (!Number.isSafeInteger(k) || k < 1 || k > n)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `dendrogramFigure option "k" must be a whole number in [1, ${n}]`,
    );
  }
  const firstShown = n - p; // merges firstShown .. n − 2 are drawn
  const isDrawn = (id: number): boolean => id >= n + firstShown;
  // A leaf under every node, for its cluster colour.
  const anyLeaf = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) anyLeaf[i] = i;
  for (let m = 0; m < n - 1; m++)
    anyLeaf[n + m] = anyLeaf[tree.children[2 * m] as number] as number;
  const leafCluster = k === undefined ? undefined : cutTree(tree, k);
  const colorOf = (id: number): string => {
    if (leafCluster === undefined || k === undefined) return '#4e79a7';
    if (id >= n + (n - k)) return UNKNOWN_COLOR; // above the cut
    const c = leafCluster[anyLeaf[id] as number] as number;
    return DEFAULT_PALETTE[c % DEFAULT_PALETTE.length] as string;
  };
  const leafText = (id: number): string => {
    if (id >= n) return `(${formatNumber(tree.sizes[id - n] as number, 0)})`;
    const size = options.leafSizes?.[id];
    if (size !== undefined) return `(${formatNumber(size, 0)})`;
    return options.leafLabels?.[id] ?? String(id);
  };
  // Left-to-right order of the drawn leaves (left child first), then positions.
  const x = new Map<number, number>();
  const tickText: string[] = [];
  const stack = [2 * n - 2];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (isDrawn(id)) {
      const m = id - n;
      stack.push(tree.children[2 * m + 1] as number, tree.children[2 * m] as number);
      continue;
    }
    x.set(id, 10 * tickText.length + 5);
    tickText.push(leafText(id));
  }
  const height = (id: number): number => (isDrawn(id) ? (tree.heights[id - n] as number) : 0);
  const lines = new Map<string, { x: (number | null)[]; y: (number | null)[] }>();
  const tops: { x: number; y: number; size: number }[] = [];
  for (let m = firstShown; m < n - 1; m++) {
    const a = tree.children[2 * m] as number;
    const b = tree.children[2 * m + 1] as number;
    const xa = x.get(a) as number;
    const xb = x.get(b) as number;
    const h = tree.heights[m] as number;
    x.set(n + m, (xa + xb) / 2);
    const color = colorOf(n + m);
    const line = lines.get(color) ?? { x: [], y: [] };
    line.x.push(xa, xa, xb, xb, null);
    line.y.push(height(a), h, h, height(b), null);
    lines.set(color, line);
    tops.push({ x: (xa + xb) / 2, y: h, size: tree.sizes[m] as number });
  }
  const traces: ScatterTrace[] = [...lines].map(([color, line]) => ({
    type: 'scatter',
    mode: 'lines',
    x: line.x,
    y: line.y,
    line: { color, width: 1.5 },
    hoverinfo: 'skip',
    showlegend: false,
  }));
  traces.push({
    type: 'scatter',
    mode: 'markers',
    name: 'merges',
    x: tops.map((t) => t.x),
    y: tops.map((t) => t.y),
    customdata: tops.map((t) => t.size),
    marker: { size: 5, color: '#444444' },
    hovertemplate: 'height %{y:.4~g}<br>%{customdata:,} customers<extra></extra>',
    showlegend: false,
  });
  const truncated =
    p < n ? ` (last ${p - 1} merges of ${n - 1}; bracketed leaves: customers below)` : '';
  return {
    data: traces,
    layout: baseLayout(options.title ?? `Dendrogram${truncated}`, {
      xaxis: axis('', {
        tickvals: tickText.map((_, i) => 10 * i + 5),
        ticktext: tickText,
        showgrid: false,
        zeroline: false,
      }),
      yaxis: axis('merge height', { rangemode: 'tozero' }),
      showlegend: false,
    }),
  };
}

import type { ChooseKResult } from '../cluster/choose-k.js';
import { Log1p } from '../preprocess/log1p.js';
import type { Pipeline } from '../preprocess/pipeline.js';
import { SignedLog1p } from '../preprocess/signed-log1p.js';
import { StandardScaler } from '../preprocess/standard-scaler.js';
import { toRules } from '../classify/tree/rules.js';
import { matrixFromTable } from '../cluster/kmeans/matrix.js';
import { Xoshiro128 } from '../cluster/kmeans/random.js';
import { contingencyTable } from '../compare/contingency.js';
import { PCA } from '../decompose/pca.js';
import { shuffleInPlace } from '../evaluate/shuffle.js';
import { purchaserRows } from '../features/purchasers.js';
import { contingencyHeatmapFigure } from '../plot/contingency-heatmap.js';
import { elbowFigure } from '../plot/elbow.js';
import { metricsByKFigure } from '../plot/metrics-by-k.js';
import { ColorScale } from '../plot/palette.js';
import { pcaScatterFigure } from '../plot/pca-scatter.js';
import {
  centroidParallelFigure,
  centroidRadarFigure,
  profileHeatmapFigure,
} from '../plot/profile-figures.js';
import { classClusterSankeyFigure } from '../plot/sankey.js';
import { treeRulesFigure } from '../plot/tree-rules.js';
import type { ReportBlock, ReportSection } from '../report/report-types.js';
import { takeRows } from '../table/column-table.js';
import type { RunComputed } from './run.js';

/** Most customers drawn in the PCA scatter (a seeded sample keeps the file small). */
export const SCATTER_SAMPLE = 5000;

/** Choosing k: the elbow, every criterion by k, and the table behind them. */
export function chooseKSection(run: RunComputed): ReportSection | undefined {
  const choice = run.fit.clusters?.choice;
  if (!choice) return undefined;
  return {
    title: 'Choosing k',
    blocks: [
      {
        type: 'text',
        text: [
          `k = ${choice.k} was chosen by a vote of the criteria below. ${choice.reasons.join(' ')}`,
          ...disagreement(choice),
          'If the vote is close, or a neighbouring k gives segments the business can act on ' +
            'better, rerun with --k N: k is a decision, the criteria are evidence.',
        ],
      },
      { type: 'figure', figure: elbowFigure({ result: choice }) },
      { type: 'figure', figure: metricsByKFigure({ result: choice }) },
      {
        type: 'table',
        table: {
          headers: [
            'k',
            'inertia',
            'silhouette',
            'Calinski–Harabasz',
            'Davies–Bouldin',
            'gap',
            'stability',
            'smallest cluster',
          ],
          rows: choice.rows.map((r) => [
            r.k,
            r.inertia,
            r.silhouette,
            r.calinskiHarabasz,
            r.daviesBouldin,
            r.gap,
            r.stability,
            r.smallestCluster ?? '–',
          ]),
        },
        digits: 3,
      },
    ],
  };
}

/** When at most half the criteria voted for the chosen k: says so and names the runner-up. */
function disagreement(choice: ChooseKResult): string[] {
  if (choice.support * 2 > choice.votes.length) return [];
  const runner =
    choice.runnerUp === null
      ? 'no other k passed the stability and cluster-size gates'
      : `the runner-up is k = ${choice.runnerUp.k} with ${choice.runnerUp.votes} of ${choice.votes.length}`;
  return [
    `The criteria disagree: only ${choice.support} of ${choice.votes.length} voted for k = ${choice.k}; ${runner}.`,
  ];
}

/** How the clustering scaled its features, from its fitted steps (the signed log named). */
function scalingText(scaler: Pipeline): string {
  const parts: string[] = [];
  for (const [, step] of scaler.steps) {
    const columns = (step as { params?: { columns?: readonly string[] } }).params?.columns ?? [];
    if (step instanceof Log1p && columns.length > 0) parts.push(`log1p of ${columns.join(', ')}`);
    else if (step instanceof SignedLog1p && columns.length > 0)
      parts.push(
        `the signed log sign(x)·log1p(|x|) of ${columns.join(', ')}, which have net refunds`,
      );
    else if (step instanceof StandardScaler) parts.push('standardised');
  }
  return parts.length === 0 ? 'unscaled' : parts.join(', then ');
}

/** A sample of at most `size` row indices (sorted), seeded. */
function sampleRows(n: number, size: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= size) return all;
  return shuffleInPlace(all, new Xoshiro128(seed)).slice(0, size).sort();
}

/** Clusters: profiles in original units and the profile figures, the PCA scatter. */
export function clustersSection(run: RunComputed, colors: ColorScale): ReportSection | undefined {
  const clusters = run.fit.clusters;
  const clustering = run.fit.pipeline.clustering;
  if (!clusters || !clustering) return undefined;
  const profiles = clusters.profiles;
  const features = [...clusters.features];
  const table = run.fit.features.table;
  const active = purchaserRows(table);
  const matrix = matrixFromTable(clustering.scaler.transform(takeRows(table, active)), features);
  const pca = new PCA({ nComponents: 2 }).fit(matrix);
  const sample = sampleRows(active.length, SCATTER_SAMPLE, run.fit.pipeline.config.seed);
  const cols = matrix.cols;
  const data = new Float64Array(sample.length * cols);
  sample.forEach((row, i) =>
    data.set(matrix.data.subarray(row * cols, row * cols + cols), i * cols),
  );
  const ids = run.fit.cohorts['cluster'] as Float64Array;
  const tiers = run.schemes['value_tier'];
  const names = Object.fromEntries(profiles.map((p) => [String(p.cluster), p.name]));
  const blocks: ReportBlock[] = [
    {
      type: 'text',
      text:
        `${clusters.k} clusters of the ${active.length.toLocaleString('en-US')} customers with ` +
        `purchases, on ${features.join(', ')} (${scalingText(clustering.scaler)}). Each name says how ` +
        'the cluster differs from the average customer. Decide whether each cluster is a ' +
        'segment you would treat differently; if two call for the same action, a smaller k will do.',
    },
    {
      type: 'table',
      table: {
        headers: [
          'cluster',
          'name',
          'customers',
          'customer share %',
          'revenue share %',
          ...features.flatMap((f) => [`mean ${f}`, `median ${f}`]),
        ],
        rows: profiles.map((p) => [
          p.cluster,
          p.name,
          p.size,
          p.customerShare * 100,
          p.revenueShare === null ? null : p.revenueShare * 100,
          ...features.flatMap((f) => [p.features[f]?.mean ?? NaN, p.features[f]?.median ?? NaN]),
        ]),
      },
      digits: 1,
    },
    { type: 'figure', figure: centroidRadarFigure({ profiles, features, colors }) },
    { type: 'figure', figure: centroidParallelFigure({ profiles, features, colors }) },
    { type: 'figure', figure: profileHeatmapFigure({ profiles, features, colors }) },
    {
      type: 'figure',
      figure: pcaScatterFigure({
        data: { data, rows: sample.length, cols },
        clusters: Array.from(sample, (row) => ids[active[row] as number] as number),
        ...(tiers === undefined
          ? {}
          : { classes: Array.from(sample, (row) => tiers[active[row] as number] as string) }),
        pca,
        clusterNames: names,
        colors,
        title: `Customers on the first two principal components (${sample.length.toLocaleString('en-US')} sampled)`,
      }),
      caption:
        'Colour: cluster; symbol: value tier. Overlapping clouds mean the boundary between ' +
        'those clusters is soft.',
    },
  ];
  return { title: 'Clusters', blocks };
}

/** Classes vs clusters: agreement scores, contingency heatmap and Sankey per scheme. */
export function comparisonSection(run: RunComputed, colors: ColorScale): ReportSection | undefined {
  const json = run.clusters as {
    comparisons?: Record<
      string,
      { scores: { adjustedRand: number; normalizedMutualInfo: number; matchedAgreement: number } }
    >;
  };
  const clusters = run.fit.clusters;
  if (!clusters || json.comparisons === undefined) return undefined;
  const active = purchaserRows(run.fit.features.table);
  const ids = run.fit.cohorts['cluster'] as Float64Array;
  const clusterIds = Array.from(active, (row) => ids[row] as number);
  const names = Object.fromEntries(clusters.profiles.map((p) => [String(p.cluster), p.name]));
  const blocks: ReportBlock[] = [
    {
      type: 'text',
      text:
        'How far the data-driven clusters follow each predefined scheme, over customers with ' +
        'purchases. ARI and NMI near 1 mean the clusters restate the scheme (the clustering ' +
        'adds little); near 0 they cut across it — then look at which classes split.',
    },
    {
      type: 'table',
      table: {
        headers: ['scheme', 'ARI', 'NMI', 'matched agreement %'],
        rows: Object.entries(json.comparisons).map(([scheme, c]) => [
          scheme,
          c.scores.adjustedRand,
          c.scores.normalizedMutualInfo,
          c.scores.matchedAgreement * 100,
        ]),
      },
      digits: 3,
    },
  ];
  for (const scheme of Object.keys(json.comparisons)) {
    const labels = run.schemes[scheme];
    if (labels === undefined) continue;
    const classes = Array.from(active, (row) => labels[row] as string);
    blocks.push({
      type: 'figure',
      figure: contingencyHeatmapFigure({
        table: contingencyTable(classes, clusterIds),
        names: [scheme, 'cluster'],
        colNames: names,
      }),
    });
    blocks.push({
      type: 'figure',
      figure: classClusterSankeyFigure({
        classes,
        clusters: clusterIds,
        clusterNames: names,
        scheme,
        colors,
      }),
    });
  }
  return { title: 'Classes vs clusters', blocks };
}

/** Rules that explain the clusters: the surrogate tree's leaves and its fidelity. */
export function rulesSection(run: RunComputed, colors: ColorScale): ReportSection | undefined {
  const surrogate = run.fit.surrogate;
  if (!surrogate) return undefined;
  return {
    title: 'Rules that explain the clusters',
    blocks: [
      {
        type: 'text',
        text:
          `A depth-3 decision tree reproduces the cluster of ${(surrogate.fidelity * 100).toFixed(1)}% ` +
          'of the customers (fidelity). Use these rules to explain the segments, or to assign ' +
          'customers where k-means cannot run; below about 90 % fidelity they are only a sketch.',
      },
      {
        type: 'table',
        table: {
          headers: ['cluster', 'coverage %', 'precision %', 'rules'],
          rows: surrogate.clusters.map((c) => [
            String(c.cluster),
            c.coverage * 100,
            c.precision * 100,
            c.rules.length,
          ]),
        },
        digits: 1,
      },
      { type: 'figure', figure: treeRulesFigure({ rules: toRules(surrogate.tree), colors }) },
    ],
  };
}

/**
 * Every notebook in notebooks/ runs top to bottom through the real tslab kernel code (see
 * ./tslab-runner.ts; no Python, no Jupyter) on the bundled data, and fails on any cell error.
 * Notebooks are committed stripped of outputs; the executed copies, with outputs, are written
 * to test/.notebooks/ for review.
 *
 * The notebooks import 'cohortlab' as a user's notebook does: notebooks/node_modules/cohortlab
 * links to the package root, whose exports point at dist/; dist/ is rebuilt when older than
 * src/ before any test runs (test/global-setup.ts).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/classes/lifecycle.js';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import { surrogateRules } from '../../src/classify/surrogate.js';
import { DecisionTreeClassifier } from '../../src/classify/tree/decision-tree.js';
import { clusterCustomers } from '../../src/cluster/cluster-customers.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { matrixFromTable, type Matrix } from '../../src/cluster/kmeans/matrix.js';
import { calinskiHarabaszScore } from '../../src/cluster/metrics/calinski-harabasz.js';
import { daviesBouldinScore } from '../../src/cluster/metrics/davies-bouldin.js';
import { silhouetteSamples } from '../../src/cluster/metrics/silhouette.js';
import { compareLabelings } from '../../src/compare/compare-labelings.js';
import { crossValidate } from '../../src/evaluate/cross-validate.js';
import { purchaserRows, transactionRows } from '../../src/features/purchasers.js';
import { getNumeric, takeRows, type ColumnTable } from '../../src/table/column-table.js';
import { formatCell } from '../../src/util/text-table.js';
import {
  displaysOf,
  progressOf,
  readNotebook,
  runNotebook,
  stderrOf,
  stdoutOf,
  stripped,
  type Notebook,
  type NotebookRun,
} from './tslab-runner.js';
import { checkExportNotebook } from './expect-04.js';
import { checkDynamicsNotebook } from './expect-05.js';
import { checkAttributesNotebook } from './expect-06.js';
import { checkBeyondKMeansNotebook } from './expect-07.js';
import { checkValueNotebook } from './expect-08.js';
import {
  bodyRows,
  countBy,
  expectPlotlyShipped,
  figuresOf,
  tablesOf,
  type Trace,
} from './outputs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const notebooksDir = path.join(root, 'notebooks');
const executedDir = path.join(root, 'test', '.notebooks');
const notebooks = readdirSync(notebooksDir)
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

/** The adjusted Rand index from pair counts (Hubert & Arabie), written out independently. */
function adjustedRandByHand(a: readonly string[], b: readonly string[]): number {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const sumPairs = (counts: Map<string, number>): number =>
    [...counts.values()].reduce((s, n) => s + pairs(n), 0);
  const index = sumPairs(countBy(a.map((x, i) => `${x}\u0000${b[i]}`)));
  const rows = sumPairs(countBy(a));
  const cols = sumPairs(countBy(b));
  const expected = (rows * cols) / pairs(a.length);
  return (index - expected) / ((rows + cols) / 2 - expected);
}

/** ROC AUC as the Mann–Whitney U statistic with average ranks for ties. */
function aucByHand(positive: readonly boolean[], score: ArrayLike<number>): number {
  const order = Array.from(score, (s, i) => [s, i] as const).sort((p, q) => p[0] - q[0]);
  let rankSum = 0;
  let nPositive = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]?.[0] === order[i]?.[0]) j++;
    for (let t = i; t < j; t++) {
      if (positive[order[t]?.[1] as number]) {
        rankSum += (i + 1 + j) / 2;
        nPositive++;
      }
    }
    i = j;
  }
  const nNegative = order.length - nPositive;
  return (rankSum - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

const CLUSTER_FEATURES = ['recency_days', 'frequency', 'monetary'];

/** What notebook 02 leaves in its variables (the library's own result types, narrowed). */
interface ChooseKLocal {
  k: number;
  rows: {
    k: number;
    inertia: number;
    silhouette: number;
    calinskiHarabasz: number;
    daviesBouldin: number;
    stability: number;
  }[];
  votes: { criterion: string; k: number | null }[];
}
interface ProfileLocal {
  cluster: number;
  name: string;
  size: number;
  features: Record<string, { mean: number; z: number }>;
}

function checkKMeansNotebook({ notebook, locals }: NotebookRun): void {
  const text = stdoutOf(notebook);
  const html = displaysOf(notebook, 'text/html');
  const tables = html.filter((h) => h.startsWith('<table'));
  const figures = figuresOf(html);
  expect(tables).toHaveLength(3);
  expect(figures.map((traces) => traces[0]?.type)).toEqual([
    'scatter',
    'scatter',
    'bar',
    'scatterpolar',
    'parcoords',
    'heatmap',
    'scattergl',
  ]);
  expect(html).toHaveLength(tables.length + figures.length);
  expectPlotlyShipped(html);

  // The notebook's scaling and clusters are the main job's (clusterCustomers, same k).
  const table = locals['table'] as ColumnTable;
  const purchasers = locals['purchasers'] as Int32Array;
  // The 23,502 buyers: the 68 customers whose every order is $0 are not clustered.
  expect(purchasers).toHaveLength(23_502);
  const choice = locals['choice'] as ChooseKLocal;
  expect(choice.k).toBe(2);
  const job = clusterCustomers(table, { k: choice.k, nInit: 10, seed: 0 });
  const rows = takeRows(table, purchasers);
  const x = locals['x'] as Matrix;
  expect(Array.from(x.data)).toEqual(
    Array.from(matrixFromTable(job.scaler.transform(rows), CLUSTER_FEATURES).data),
  );
  // …and that is log1p, then a z-score (ddof 0): monetary by hand.
  const money = Array.from(getNumeric(rows, 'monetary'), Math.log1p);
  const mean = money.reduce((s, v) => s + v, 0) / money.length;
  const sd = Math.sqrt(money.reduce((s, v) => s + (v - mean) ** 2, 0) / money.length);
  for (const i of [0, 1, 100, 23_501]) {
    expect(x.data[i * 3 + 2]).toBeCloseTo(((money[i] as number) - mean) / sd, 12);
  }
  const labels = locals['labels'] as Int32Array;
  expect(Array.from(labels)).toEqual(Array.from(purchasers, (row) => job.labels[row]));
  const profiles = locals['profiles'] as ProfileLocal[];
  const summary = (p: { cluster: number; name: string; size: number }): string =>
    `${p.cluster} ${p.name}: ${p.size}`;
  expect(profiles.map(summary)).toEqual(job.profiles.map(summary));
  expect(profiles.map(summary)).toEqual([
    '0 recent frequent high spenders: 7935',
    '1 lapsed customers: 15567',
  ]);
  expect(profiles.map((p) => p.size)).toEqual(profiles.map((p) => countBy(labels).get(p.cluster)));
  expect(text).toContain('cluster sizes add up to 23502 of 23502 customers with purchases');

  // The metrics table, k = 2…8: inertia, CH and DB of independent fits with the same seed.
  const ks = [2, 3, 4, 5, 6, 7, 8];
  expect(choice.rows.map((r) => r.k)).toEqual(ks);
  const metricRows = bodyRows(tables[1] as string);
  expect(metricRows).toHaveLength(ks.length);
  for (const [i, row] of choice.rows.entries()) {
    const fit = new KMeans({ k: row.k, nInit: 10, seed: 0 }).fit(x);
    expect(row.inertia).toBe(fit.inertia);
    expect(row.calinskiHarabasz).toBeCloseTo(calinskiHarabaszScore(x, fit.labels), 6);
    expect(row.daviesBouldin).toBeCloseTo(daviesBouldinScore(x, fit.labels), 12);
    expect(metricRows[i]?.slice(0, 3)).toEqual([
      String(row.k),
      formatCell(row.inertia, 1),
      formatCell(row.silhouette, 3),
    ]);
  }
  expect(choice.rows[0]?.stability).toBeGreaterThan(0.95);
  expect(choice.votes.map((v) => `${v.criterion} ${v.k}`)).toEqual([
    'knee 4',
    'silhouette 2',
    'calinskiHarabasz 2',
    'daviesBouldin 2',
    'gap 3',
  ]);
  expect(text).toContain('k = 2: 3 of 5 criteria agree');

  const [elbow, metrics, silhouette, radar, parallel, heatmap, scatter] = figures as Trace[][];
  expect(elbow?.[0]?.x).toEqual(ks);
  expect(elbow?.[0]?.y).toEqual(choice.rows.map((r) => r.inertia));
  expect(elbow?.[1]?.x).toEqual([2]);
  expect(metrics?.map((t) => t.name)).toEqual([
    'silhouette',
    'calinskiHarabasz',
    'daviesBouldin',
    'gap',
    'stability',
  ]);
  expect(metrics?.[0]?.y).toEqual(choice.rows.map((r) => r.silhouette));
  // Silhouette plot: the exact coefficients of the sampled customers, sorted per cluster.
  const sample = locals['sample'] as Int32Array;
  const sampleLabels = Int32Array.from(sample, (row) => labels[row] as number);
  expect(sample).toHaveLength(4000);
  const coefficients = silhouetteSamples(
    matrixFromTable(takeRows(job.scaler.transform(rows), sample), CLUSTER_FEATURES),
    sampleLabels,
  );
  expect(silhouette).toHaveLength(2);
  for (const cluster of [0, 1]) {
    const own = Array.from(coefficients).filter((_, i) => sampleLabels[i] === cluster);
    expect(silhouette?.[cluster]?.x).toEqual(own.sort((a, b) => b - a));
  }
  // Profiles: radar per cluster, parallel coordinates and heatmap of the profiles' numbers.
  expect(radar?.map((t) => t.name)).toEqual([
    '0: recent frequent high spenders',
    '1: lapsed customers',
  ]);
  expect(parallel?.[0]?.dimensions?.map((d) => d.values)).toEqual(
    CLUSTER_FEATURES.map((f) => profiles.map((p) => p.features[f]?.mean)),
  );
  expect(heatmap?.[0]?.z).toEqual(
    profiles.map((p) => CLUSTER_FEATURES.map((f) => p.features[f]?.z)),
  );
  // PCA scatter: every clustered customer once, the value tier as the symbol (A = circle).
  const clusterTraces = scatter?.slice(0, 2) ?? [];
  expect(clusterTraces.map((t) => t.x?.length)).toEqual([7935, 15_567]);
  const symbols = countBy(clusterTraces.flatMap((t) => t.marker?.symbol as string[]));
  const tiers = countBy(new ValueTiers().fit(table).predict(table));
  expect(symbols.get('circle')).toBe(tiers.get('A'));
  expect(symbols.get('square')).toBe(tiers.get('B'));
  expect(scatter?.slice(4).map((t) => t.name)).toEqual(['class A', 'class B', 'class C']);
  expect(text).toContain('restored model assigns 23502 of 23502 customers to the same cluster');
}

/** What notebook 03's cross-validations leave in its variables. */
interface CrossValidationLocal {
  folds: { accuracy: number }[];
  summary: { accuracy: { mean: number } };
  predictions: string[];
  confusion: { labels: string[]; counts: number[][]; total: number };
}

/** The pooled out-of-fold accuracy, counted. */
function pooledAccuracy(cv: CrossValidationLocal, target: readonly string[]): number {
  return cv.predictions.filter((p, i) => p === target[i]).length / target.length;
}

async function checkClassesNotebook({ notebook, locals }: NotebookRun): Promise<void> {
  const text = stdoutOf(notebook);
  const html = displaysOf(notebook, 'text/html');
  const tables = html.filter((h) => h.startsWith('<table'));
  const figures = figuresOf(html);
  expect(figures.map((traces) => traces[0]?.type)).toEqual([
    'heatmap',
    'heatmap',
    'heatmap',
    'sankey',
    'table',
    'heatmap',
    'heatmap',
    'bar',
  ]);
  // Three crosstabs, the agreement scores, the CV scores, calibration, likelihood by cluster.
  expect(tables).toHaveLength(7);
  expect(html).toHaveLength(tables.length + figures.length);
  expectPlotlyShipped(html);

  // Classes and clusters, recomputed from the notebook's feature table with the library.
  const table = locals['table'] as ColumnTable;
  const clustered = purchaserRows(table);
  // The 23,502 buyers: the 68 customers whose every order is $0 are not clustered.
  expect(clustered).toHaveLength(23_502);
  const job = clusterCustomers(table, { k: 2, seed: 0 });
  const clusterLabels = Array.from(clustered, (row) => job.names[row] as string);
  expect(locals['clusterLabels']).toEqual(clusterLabels);
  const clusterOrder = ['lapsed customers', 'recent frequent high spenders'];
  expect([...new Set(clusterLabels)].sort()).toEqual(clusterOrder);
  const at = (labels: readonly string[]): string[] =>
    Array.from(clustered, (row) => labels[row] as string);
  const schemes: [string, string[]][] = [
    ['RFM segment', at(new RfmScorer().fit(table).predict(table))],
    ['value tier', at(new ValueTiers().fit(table).predict(table))],
    ['lifecycle', at(new Lifecycle().fit(table).predict(table))],
  ];
  const notebookSchemes = locals['schemes'] as { name: string; labels: string[] }[];
  expect(notebookSchemes.map((s) => [s.name, s.labels])).toEqual(schemes);

  // Crosstabs: counted here, shown in the tables and as the heatmaps' z.
  for (const [i, [, labels]] of schemes.entries()) {
    const counts = countBy(labels.map((c, r) => `${c}|${clusterLabels[r]}`));
    const count = (c: string, cluster: string): number => counts.get(`${c}|${cluster}`) ?? 0;
    const classes = [...new Set(labels)].sort();
    const rows = bodyRows(tables[i] as string);
    expect(rows.map((r) => [r[0], r[1], r[3], r[5]])).toEqual(
      classes.map((c) => {
        const [lapsed, recent] = clusterOrder.map((cluster) => count(c, cluster)) as [
          number,
          number,
        ];
        return [c, formatCell(lapsed), formatCell(recent), formatCell(lapsed + recent)];
      }),
    );
    expect(figures[i]?.[0]?.z).toEqual(classes.map((c) => clusterOrder.map((k) => count(c, k))));
  }
  expect(bodyRows(tables[1] as string)[0]?.slice(0, 4)).toEqual(['A', '9', '0.8', '1,167']);

  // Agreement: the library's scores on the same labels; ARI also by hand.
  const comparisons = locals['comparisons'] as { scores: Record<string, number> }[];
  const agreementRows = bodyRows(tables[3] as string);
  for (const [i, [name, labels]] of schemes.entries()) {
    const expected = compareLabelings(labels, clusterLabels, { names: [name, 'cluster'] });
    const scores = comparisons[i]?.scores as Record<string, number>;
    expect(scores).toEqual(expected.scores);
    expect(scores['adjustedRand']).toBeCloseTo(adjustedRandByHand(labels, clusterLabels), 12);
    expect(agreementRows[i]?.slice(0, 3)).toEqual([
      name,
      String(new Set(labels).size),
      formatCell(expected.scores.adjustedRand, 3),
    ]);
  }
  const ari = comparisons.map((c) => c.scores['adjustedRand'] as number);
  expect(ari[2]).toBeGreaterThan(Math.max(ari[0] as number, ari[1] as number));

  // Sankey RFM → clusters: one band per non-empty pair, every customer once.
  const sankey = figures[3]?.[0];
  const rfmPairs = countBy((schemes[0]?.[1] ?? []).map((c, r) => `${c}|${clusterLabels[r]}`));
  expect(sankey?.link?.value.reduce((s, v) => s + v, 0)).toBe(23_502);
  expect(sankey?.link?.value).toHaveLength(rfmPairs.size);
  expect(sankey?.node?.label.slice(-2)).toEqual([
    'recent frequent high spenders',
    'lapsed customers',
  ]);

  // Surrogate rules: the library's on the same data; fidelity counted.
  const customers = takeRows(table, clustered);
  const surrogate = locals['surrogate'] as { fidelity: number; predictions: string[] };
  const rules = surrogateRules(customers, clusterLabels, {
    features: CLUSTER_FEATURES,
    maxDepth: 3,
  });
  expect(surrogate.predictions).toEqual(rules.predictions);
  expect(surrogate.fidelity).toBe(
    surrogate.predictions.filter((p, i) => p === clusterLabels[i]).length / clusterLabels.length,
  );
  expect(surrogate.fidelity).toBeGreaterThan(0.9);
  expect(text).toContain(`fidelity: ${(surrogate.fidelity * 100).toFixed(1)} % of customers`);
  const ruleCount = rules.clusters.reduce((s, c) => s + c.rules.length, 0);
  expect(figures[4]?.[0]?.cells?.values[0]).toHaveLength(ruleCount);

  // Cross-validation: the tree's folds again from the library; both models' accuracy counted.
  const features = ['recency_days', 'frequency', 'monetary', 'tenure_days'];
  const treeCv = locals['treeCv'] as CrossValidationLocal;
  const mlpCv = locals['mlpCv'] as CrossValidationLocal;
  const treeFactory = (): DecisionTreeClassifier =>
    new DecisionTreeClassifier({ maxDepth: 4, minSamplesLeaf: 20, seed: 0 });
  const again = await crossValidate(treeFactory, customers, clusterLabels, {
    folds: 5,
    seed: 0,
    features,
  });
  expect(treeCv.folds.map((f) => f.accuracy)).toEqual(again.folds.map((f) => f.accuracy));
  expect(treeCv.predictions).toEqual(again.predictions);
  for (const cv of [treeCv, mlpCv]) {
    // The summary is the mean of the folds; 23,502 customers make folds of 4,700 or 4,701, so
    // it is within a hair of the pooled accuracy (exactly equal only for equal folds).
    const folds = cv.folds.map((f) => f.accuracy);
    expect(cv.summary.accuracy.mean).toBeCloseTo(
      folds.reduce((s, a) => s + a, 0) / folds.length,
      12,
    );
    expect(Math.abs(cv.summary.accuracy.mean - pooledAccuracy(cv, clusterLabels))).toBeLessThan(
      1e-4,
    );
    expect(cv.summary.accuracy.mean).toBeGreaterThan(0.95);
    expect(cv.summary.accuracy.mean).toBeLessThanOrEqual(1);
    expect(cv.confusion.total).toBe(23_502);
  }
  expect(figures[5]?.[0]?.z).toEqual(treeCv.confusion.counts);
  expect(figures[6]?.[0]?.z).toEqual(mlpCv.confusion.counts);
  // Feature importances of the tree refitted on everyone, largest first.
  const tree = treeFactory().fit(customers, clusterLabels, { features });
  const importance = features
    .map((f, j) => [f, tree.featureImportances[j] as number] as const)
    .sort((a, b) => b[1] - a[1]);
  expect(figures[7]?.[0]?.y).toEqual(importance.map(([f]) => f));
  expect(figures[7]?.[0]?.x).toEqual(importance.map(([, v]) => v));
  expect(importance[0]?.[0]).toBe('recency_days');

  // Purchase likelihood: the AUC of the out-of-fold probabilities, by hand.
  interface Likelihood {
    window: { features: { table: ColumnTable }; labels: string[] };
    evaluation: {
      auc: number;
      baseRate: number;
      crossValidation: { probabilities: { classes: string[]; probabilities: Float64Array } };
    };
    scores: { probability: Float64Array };
  }
  const { window, evaluation, scores } = locals['likelihood'] as Likelihood;
  // Trained on every customer with a transaction (a customer who only returned may buy).
  const bought = Array.from(
    transactionRows(window.features.table),
    (row) => window.labels[row] === 'bought',
  );
  const { classes, probabilities } = evaluation.crossValidation.probabilities;
  const column = classes.indexOf('bought');
  const outOfFold = bought.map((_, i) => probabilities[i * classes.length + column] as number);
  expect(evaluation.auc).toBeCloseTo(aucByHand(bought, outOfFold), 12);
  expect(evaluation.auc).toBeGreaterThan(0.75);
  expect(evaluation.auc).toBeLessThan(0.95);
  expect(evaluation.baseRate).toBe(bought.filter(Boolean).length / bought.length);
  expect(text).toContain(`out-of-fold AUC ${evaluation.auc.toFixed(3)}`);
  // Per cluster: the clusters' customers, whose expected buyers add up to everyone's.
  const byCluster = locals['likelihoodByCluster'] as [string, number, number, number, number][];
  expect(byCluster.map((r) => [r[0], r[1]])).toEqual([
    ['recent frequent high spenders', 7935],
    ['lapsed customers', 15_567],
  ]);
  // The clustered customers' expected buyers (the 68 who spent $0 are scored, not clustered).
  const expectedBuyers = Array.from(clustered, (row) => scores.probability[row] as number).reduce(
    (s, p) => s + p,
    0,
  );
  expect((byCluster[0]?.[3] as number) + (byCluster[1]?.[3] as number)).toBeCloseTo(
    expectedBuyers,
    6,
  );
  expect(byCluster[0]?.[2]).toBeGreaterThan(byCluster[1]?.[2] as number);
}

/** Per-notebook checks of what the analyst sees, after the generic ones. */
const EXPECTATIONS: Record<string, (run: NotebookRun) => void | Promise<void>> = {
  '01-rfm-and-classes.ipynb': ({ notebook, locals }) => {
    const text = stdoutOf(notebook);
    const html = displaysOf(notebook, 'text/html');
    const tables = tablesOf(html).map(bodyRows);
    // Every table once, as HTML: none of them is also printed as text.
    expect(tables).toHaveLength(7);
    expect(text).not.toMatch(/^Champions\s/m);
    expect(text).not.toMatch(/^customers\s+23,570$/m);
    // Quality report.
    expect(tables[0]).toContainEqual(['customers', '23,570']);
    expect(tables[0]).toContainEqual(['negative amounts (returns)', '0']);
    expect(text).toContain('69659 rows, 23570 customers, 1997-01-01 to 1998-06-30');
    // Features: the head of the table, customer 00003 as in the README.
    expect(text).toContain('as of 1998-07-01: 23570 customers');
    expect(tables[1]?.[2]?.slice(0, 4)).toEqual(['00003', '34', '6', '156.46']);
    // RFM segments: count, share, revenue, share.
    // RFM quintiles among the 23,502 buyers; the 68 who spent $0 are "No purchases".
    expect(tables[2]?.[0]?.slice(0, 5)).toEqual([
      'Champions',
      '4,322',
      '18.3',
      '1,316,263.83',
      '52.6',
    ]);
    expect(tables[2]?.find((row) => row[0] === 'No purchases')?.[1]).toBe('68');
    expect(tables[2]?.map((row) => row[0])).toContain("Can't lose");
    // A/B/C tiers among buyers: 5 % of customers, 36.6 % of revenue (checked with pandas: the
    // top ⌈5 % of 23,502⌉ monetary values with ties); the revenue cut: 32.6 % make 80 %.
    expect(tables[3]?.[0]?.slice(0, 5)).toEqual(['A', '1,176', '5.0', '916,241.16', '36.6']);
    expect(tables[4]?.[0]?.slice(0, 3)).toEqual(['A', '7,695', '32.6']);
    expect(text).toContain('32.6 % of customers make 80.0 % of revenue');
    // Lifecycle and the tier × lifecycle crosstab.
    expect(text).toContain('thresholds (days): new ≤ 82.5, at-risk > 174.0, churned > 358.0');
    // 15,318 churned before, less the 68 who spent $0 (now prospects: they never bought).
    expect(tables[5]?.find((row) => row[0] === 'churned')?.[1]).toBe('15,250');
    expect(tables[6]?.[0]).toEqual(['A', '982', '139', '55', '0', '1,176']);
    expect(text).toContain('win-back list: 194 A customers at risk or churned');
    // Figures: the R × F grid, the Pareto curve with the tier cuts, the crosstab heatmap.
    expectPlotlyShipped(html);
    const figures = figuresOf(html);
    expect(figures.map((traces) => traces.map((t) => t.type))).toEqual([
      ['heatmap', 'scatter'],
      ['scatter', 'scatter', 'scatter', 'scatter'],
      ['heatmap'],
    ]);
    const curve = figures[1]?.[0];
    expect(curve?.x?.[0]).toBe(0);
    expect(curve?.y?.at(-1)).toBeCloseTo(1, 12);
    expect(figures[1]?.slice(2).map((t) => t.name)).toEqual(['end of tier A', 'end of tier B']);
    // The notebook's variables are the library's results.
    const tierSummary = locals['tierSummary'] as { class: string; customers: number }[];
    expect(tierSummary.map((row) => `${row.class}:${row.customers}`)).toEqual([
      'A:1176',
      'B:3525',
      'C:18801',
      'no purchases:68',
    ]);
  },
  '02-kmeans-and-choosing-k.ipynb': checkKMeansNotebook,
  '03-classes-vs-clusters.ipynb': checkClassesNotebook,
  '04-export-labelled-cohorts.ipynb': (run) => checkExportNotebook(run, root),
  '05-customer-dynamics.ipynb': (run) => checkDynamicsNotebook(run, root),
  '06-segment-on-attributes.ipynb': (run) => checkAttributesNotebook(run, root),
  '07-beyond-kmeans.ipynb': checkBeyondKMeansNotebook,
  '08-value-and-cohorts.ipynb': (run) => checkValueNotebook(run, root),
};

function describeFailure(notebook: Notebook, run: NotebookRun): string {
  const failure = run.failure;
  if (failure === undefined) return '';
  return [
    `cell ${failure.index} of ${notebook.cells.length} failed:`,
    failure.source,
    '--- stderr ---',
    failure.stderr,
  ].join('\n');
}

describe('notebooks', () => {
  it('are there, for the tslab kernel, committed without outputs', () => {
    expect(notebooks.length).toBeGreaterThan(0);
    for (const name of notebooks) {
      const notebook = readNotebook(path.join(notebooksDir, name));
      expect(notebook.nbformat, name).toBe(4);
      expect(notebook.metadata.kernelspec?.name, name).toBe('tslab');
      expect(
        notebook,
        `${name} has outputs: run node scripts/notebooks/strip-outputs.mjs`,
      ).toStrictEqual(stripped(notebook));
      expect(notebook.cells.filter((cell) => cell.cell_type === 'markdown').length).toBeGreaterThan(
        0,
      );
    }
  });

  it.each(notebooks)(
    '%s runs top to bottom through the tslab kernel',
    async (name) => {
      const run = await runNotebook(path.join(notebooksDir, name));
      mkdirSync(executedDir, { recursive: true });
      writeFileSync(path.join(executedDir, name), JSON.stringify(run.notebook, null, 1) + '\n');

      expect(run.failure, describeFailure(run.notebook, run)).toBeUndefined();
      const code = run.notebook.cells.filter((cell) => cell.cell_type === 'code');
      expect(code.map((cell) => cell.execution_count)).toEqual(code.map((_, i) => i + 1));
      expect(stderrOf(run.notebook), 'nothing written to stderr').toBe('');
      // A progress display (shown when a call takes over 2 s) ends with its stages done.
      for (const progress of progressOf(run.notebook)) {
        expect(progress).toMatch(/· \d+\.\d s/);
        expect(progress).not.toContain(' left');
      }
      const html = displaysOf(run.notebook, 'text/html');
      expect(figuresOf(html).length, `${name} shows a Plotly figure`).toBeGreaterThan(0);
      await EXPECTATIONS[name]?.(run);
    },
    180_000,
  );
});

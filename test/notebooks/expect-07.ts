/**
 * Checks of notebook 07 (beyond k-means): every number it shows is recomputed here with the
 * library from src/ on the same sample, and the arithmetic around the fits (merge-height jumps,
 * ARI, top-2 memberships, noise shares and medians, spend ranks) is redone by hand.
 */
import { expect } from 'vitest';
import { BisectingKMeans } from '../../src/cluster/bisecting/bisecting-kmeans.js';
import { compareAlgorithms } from '../../src/cluster/compare/compare-algorithms.js';
import { DBSCAN } from '../../src/cluster/density/dbscan.js';
import { HDBSCAN } from '../../src/cluster/density/hdbscan.js';
import { AgglomerativeClustering } from '../../src/cluster/hierarchy/agglomerative.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { matrixFromTable, type Matrix } from '../../src/cluster/kmeans/matrix.js';
import { GaussianMixture } from '../../src/cluster/mixture/gaussian-mixture.js';
import { trainTestSplit } from '../../src/evaluate/train-test-split.js';
import { purchaserRows } from '../../src/features/purchasers.js';
import { Log1p } from '../../src/preprocess/log1p.js';
import { Pipeline } from '../../src/preprocess/pipeline.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { getNumeric, getText, takeRows, type ColumnTable } from '../../src/table/column-table.js';
import { formatCell } from '../../src/util/text-table.js';
import { bodyRows, countBy, expectPlotlyShipped, figuresOf, tablesOf } from './outputs.js';
import { displaysOf, stdoutOf, type NotebookRun } from './tslab-runner.js';

const FEATURES = ['recency_days', 'frequency', 'monetary'];
const KS = [2, 3, 4, 5, 6, 7, 8];

/** The adjusted Rand index from pair counts (Hubert & Arabie), written out independently. */
function adjustedRandByHand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const sumPairs = (counts: Map<string, number>): number =>
    [...counts.values()].reduce((s, n) => s + pairs(n), 0);
  const x = Array.from(a, String);
  const y = Array.from(b, String);
  const index = sumPairs(countBy(x.map((v, i) => `${v}\u0000${y[i]}`)));
  const rows = sumPairs(countBy(x));
  const cols = sumPairs(countBy(y));
  const expected = (rows * cols) / pairs(x.length);
  return (index - expected) / ((rows + cols) / 2 - expected);
}

function medianByHand(values: number[]): number {
  const s = [...values].sort((p, q) => p - q);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** Mean recency of each cluster of a labelling. */
function meanRecency(labels: ArrayLike<number>, recency: ArrayLike<number>): Map<number, number> {
  const sums = new Map<number, [number, number]>();
  for (let i = 0; i < labels.length; i++) {
    const [s, n] = sums.get(labels[i] as number) ?? [0, 0];
    sums.set(labels[i] as number, [s + (recency[i] as number), n + 1]);
  }
  return new Map([...sums].map(([c, [s, n]]) => [c, s / n]));
}

/** Checks what notebook 07 showed and left in its variables. */
export function checkBeyondKMeansNotebook({ notebook, locals }: NotebookRun): void {
  const text = stdoutOf(notebook);
  const html = displaysOf(notebook, 'text/html');
  const tables = tablesOf(html).map(bodyRows);
  const figures = figuresOf(html);
  expect(tables).toHaveLength(7);
  expect(html).toHaveLength(tables.length + figures.length);
  expectPlotlyShipped(html);

  // 1. The sample and its scaling, rebuilt: notebook 02's pipeline on all buyers, 3,000 drawn.
  const table = locals['table'] as ColumnTable;
  const rows = takeRows(table, purchaserRows(table));
  const scaler = new Pipeline([
    ['log', new Log1p({ columns: ['frequency', 'monetary'] })],
    ['scale', new StandardScaler({ columns: FEATURES })],
  ]).fit(rows);
  const sample = trainTestSplit(23_502, { testSize: 3000, seed: 0 }).test;
  expect(Array.from(locals['sample'] as Int32Array)).toEqual(Array.from(sample));
  expect(new Set(sample).size).toBe(3000);
  const x = matrixFromTable(takeRows(scaler.transform(rows), sample), FEATURES);
  expect(Array.from((locals['xs'] as Matrix).data)).toEqual(Array.from(x.data));
  const customers = takeRows(rows, sample);
  const ids = getText(customers, 'customer_id');
  const recency = getNumeric(customers, 'recency_days');
  const frequency = getNumeric(customers, 'frequency');
  const monetary = getNumeric(customers, 'monetary');
  const once = Array.from(frequency).filter((f) => f === 1).length;
  expect(text).toContain(
    `23502 buyers; sample of 3000 × 3 features; ${once} of them (${((100 * once) / 3000).toFixed(1)} %) bought once`,
  );
  expect(once / 3000).toBeGreaterThan(0.5);

  // 2. The comparison table: the library's on the same matrix, every row shown.
  const expected = compareAlgorithms(x, {
    ks: [2, 3, 4, 5, 6],
    minClusterSize: 25,
    stabilityResamples: 5,
    seed: 0,
  });
  const comparison = locals['comparison'] as typeof expected;
  expect(comparison.rows).toEqual(expected.rows);
  expect(tables[0]).toHaveLength(21);
  const cell = (v: number | null, digits: number): string =>
    v === null ? '' : formatCell(v, digits);
  expect(tables[0]).toEqual(
    expected.rows.map((r) => [
      r.algorithm,
      String(r.k),
      cell(r.silhouette, 3),
      cell(r.calinskiHarabasz, 1),
      cell(r.daviesBouldin, 3),
      cell(r.bic, 1),
      cell(r.stability, 3),
      formatCell(r.noiseShare * 100, 1),
      formatCell(r.smallestSegment),
      r.disqualified ?? '',
    ]),
  );
  // The smallest segments and noise counted by hand from independent fits.
  const kmeans2 = new KMeans({ k: 2, seed: 0 }).fit(x).labels;
  expect(expected.rows[0]?.smallestSegment).toBe(Math.min(...countBy(kmeans2).values()));
  const bisecting2 = new BisectingKMeans({ k: 2, nInit: 5, seed: 0 }).fit(x).labels;
  expect(adjustedRandByHand(bisecting2, kmeans2)).toBe(1);
  // "the two-segment split of notebook 02": k-means on all buyers, restricted to the sample.
  const allBuyers = matrixFromTable(scaler.transform(rows), FEATURES);
  const full = new KMeans({ k: 2, nInit: 10, seed: 0 }).fit(allBuyers).labels;
  expect(
    adjustedRandByHand(
      Int32Array.from(sample, (r) => full[r]!),
      kmeans2,
    ),
  ).toBeGreaterThan(0.95);
  // "among the most stable (0.99)": k-means k = 2 in the top three by stability.
  const stableOrder = [...expected.rows].sort((a, b) => (b.stability ?? 0) - (a.stability ?? 0));
  expect(stableOrder.indexOf(expected.rows[0]!)).toBeLessThan(3);
  expect(expected.rows[0]?.stability?.toFixed(2)).toBe('0.99');
  const hdb25 = new HDBSCAN({ minClusterSize: 25 }).fit(x).labels;
  const hdbRow = expected.rows.find((r) => r.algorithm === 'hdbscan');
  expect(hdbRow?.noiseShare).toBe(Array.from(hdb25).filter((l) => l < 0).length / 3000);
  expect(hdbRow?.k).toBe(new Set(Array.from(hdb25).filter((l) => l >= 0)).size);
  expect(`${expected.recommended?.algorithm} ${expected.recommended?.k}`).toBe('kmeans 2');
  expect(text).toContain(`recommended: kmeans with k = 2\n  ${expected.reasons.join('\n  ')}`);
  // "Ward's cuts are much less stable": every Ward row below every k-means row at k ≤ 4.
  const stability = (a: string): number[] =>
    expected.rows.filter((r) => r.algorithm === a && r.k <= 4).map((r) => r.stability as number);
  expect(Math.max(...stability('ward'))).toBeLessThan(Math.min(...stability('kmeans')));

  // 3. Ward: the jumps of the merge heights by hand, the cut at the largest, the dendrogram.
  const ward = new AgglomerativeClustering({ linkage: 'ward', k: 2 }).fit(x);
  const heights = ward.learned.tree.heights;
  const n = 3000;
  const all = [...Array(n).keys()];
  expect(ward.learned.method).toBe('exact');
  const jumps = KS.map(
    (k) =>
      [
        k,
        heights[n - k] as number,
        (heights[n - k] as number) - (heights[n - k - 1] as number),
      ] as const,
  );
  const wardK = jumps.reduce((best, j) => (j[2] > best[2] ? j : best))[0];
  expect(wardK).toBe(2);
  expect(locals['wardK']).toBe(wardK);
  expect(tables[1]).toEqual(jumps.map(([k, h, j]) => [String(k), formatCell(h), formatCell(j)]));
  expect(text).toContain('the largest jump is at k = 2 (exact tree of 3000 customers)');
  const [dendrogram] = figures;
  expect(figures).toHaveLength(2);
  expect(dendrogram?.map((t) => t.type)).toEqual(['scatter', 'scatter', 'scatter', 'scatter']);
  const merges = dendrogram?.at(-1);
  expect(merges?.name).toBe('merges');
  expect(merges?.y).toEqual(Array.from(heights.subarray(n - 30)));
  // Ward against k-means at the same k: ARI by pair counts.
  const wardLabels = ward.cut(2);
  const kmeans = new KMeans({ k: 2, nInit: 10, seed: 0 }).fit(x).labels;
  const ari = adjustedRandByHand(wardLabels, kmeans);
  expect(locals['wardVsKMeans'] as number).toBeCloseTo(ari, 12);
  expect(text).toContain(`Ward vs k-means at k = 2: ARI ${ari.toFixed(3)}`);
  const byK = [2, 3, 4, 5].map((k) =>
    adjustedRandByHand(ward.cut(k), new KMeans({ k, nInit: 10, seed: 0 }).fit(x).labels),
  );
  expect(text).toContain(byK.map((a, i) => `k = ${i + 2}: ARI ${a.toFixed(3)}`).join('; '));
  expect(ari).toBeLessThan(0.9);
  // "Ward puts more customers on the recent side": the cluster of lower mean recency is larger.
  const recentSize = (labels: Int32Array): number => {
    const means = [...meanRecency(labels, recency)].sort((a, b) => a[1] - b[1]);
    return countBy(labels).get(means[0]?.[0] as number) as number;
  };
  expect(recentSize(wardLabels)).toBeGreaterThan(recentSize(kmeans));
  // "Ward's two segments are, nearly customer for customer, those who bought once against
  // those who came back; k-means moves repeat buyers who lapsed long ago to the lapsed side."
  const lapsedOf = (labels: Int32Array): number => {
    const means = [...meanRecency(labels, recency)].sort((a, b) => b[1] - a[1]);
    return means[0]?.[0] as number;
  };
  const wardLapsed = all.filter((i) => wardLabels[i] === lapsedOf(wardLabels));
  expect(wardLapsed.every((i) => frequency[i] === 1)).toBe(true);
  expect(wardLapsed.length).toBeGreaterThanOrEqual(once - 5);
  const kmLapsed = all.filter((i) => kmeans[i] === lapsedOf(kmeans));
  expect(kmLapsed.filter((i) => frequency[i]! >= 2).length).toBeGreaterThan(100);
  const recentSpend = (labels: Int32Array): number => {
    const recent = all.filter((i) => labels[i] !== lapsedOf(labels));
    return recent.reduce((s, i) => s + monetary[i]!, 0) / recent.length;
  };
  expect(recentSpend(kmeans)).toBeGreaterThan(recentSpend(wardLabels));
  const sizes = (labels: Int32Array): string[] =>
    [...countBy(labels)].sort((a, b) => a[0] - b[0]).map(([, c]) => formatCell(c));
  expect(tables[2]?.map((r) => r[3])).toEqual([...sizes(wardLabels), ...sizes(kmeans)]);

  // 4. Gaussian mixtures: BIC / AIC of independent fits; the claims about them.
  const bic = KS.map((k) => new GaussianMixture({ k, covarianceType: 'full', seed: 0 }).fit(x));
  const floored = KS.map((k) =>
    new GaussianMixture({ k, covarianceType: 'full', regCovar: 0.01, seed: 0 }).fit(x).bic(x),
  );
  expect(tables[3]).toEqual(
    KS.map((k, i) => [
      String(k),
      formatCell(bic[i]!.bic(x), 1),
      formatCell(bic[i]!.aic(x), 1),
      formatCell(floored[i] as number, 1),
    ]),
  );
  const plain = bic.map((g) => g.bic(x));
  for (let i = 1; i < plain.length; i++) expect(plain[i]).toBeLessThan(plain[i - 1] as number);
  const flooredTail = floored.slice(2);
  expect(Math.max(...flooredTail) - Math.min(...flooredTail)).toBeLessThan(
    ((plain[2] as number) - (plain.at(-1) as number)) / 10,
  );
  // Soft memberships of k = 4: the top two by hand from the probabilities.
  const gmm = bic[2]!;
  const proba = gmm.predictProba(x);
  const top2 = locals['top2'] as {
    first: Int32Array;
    second: Int32Array;
    firstProba: Float64Array;
  };
  const first: number[] = [];
  const second: number[] = [];
  const firstP: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(proba.subarray(i * 4, i * 4 + 4));
    expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    const order = [0, 1, 2, 3].sort((a, b) => (row[b] as number) - (row[a] as number) || a - b);
    first.push(order[0] as number);
    second.push(order[1] as number);
    firstP.push(row[order[0] as number] as number);
  }
  expect(Array.from(top2.first)).toEqual(first);
  expect(Array.from(top2.second)).toEqual(second);
  expect(Array.from(top2.firstProba)).toEqual(firstP);
  const uncertain = firstP.filter((p) => p < 0.6).length;
  expect(text).toContain(
    `top membership below 0.6: ${uncertain} of 3000 customers (${((100 * uncertain) / n).toFixed(1)} %)`,
  );
  const leastCertain = [...firstP.keys()]
    .sort((a, b) => (firstP[a] as number) - (firstP[b] as number) || a - b)
    .slice(0, 5);
  const shown = [0, 1, 2, 3, 4, ...leastCertain];
  expect(tables[4]?.map((r) => [r[0], r[5]])).toEqual(
    shown.map((i) => [ids[i], formatCell(firstP[i] as number, 3)]),
  );
  expect(tables[4]?.slice(5).every((r) => Number(r[5]) < 0.51)).toBe(true);

  // 5. Density: noise counted by hand, described in original units.
  const dbscan = new DBSCAN({ minSamples: 10 }).fit(x).labels;
  const hdbscan = new HDBSCAN({ minClusterSize: 50 }).fit(x);
  const total = Array.from(monetary).reduce((s, v) => s + v, 0);
  const expectedDensity = [dbscan, hdbscan.labels].flatMap((labels) =>
    [all.filter((i) => labels[i]! < 0), all.filter((i) => labels[i]! >= 0)].map((members) => [
      formatCell(members.length),
      formatCell((100 * members.length) / n, 1),
      formatCell((100 * members.reduce((s, i) => s + monetary[i]!, 0)) / total, 1),
      formatCell(medianByHand(members.map((i) => recency[i]!)), 1),
      formatCell(medianByHand(members.map((i) => frequency[i]!)), 1),
      formatCell(medianByHand(members.map((i) => monetary[i]!)), 2),
    ]),
  );
  expect(tables[5]?.map((r) => r.slice(3, 9))).toEqual(expectedDensity);
  expect(tables[5]?.map((r) => r[2])).toEqual(
    [dbscan, hdbscan.labels].flatMap((l) => {
      const k = String(new Set(Array.from(l).filter((c) => c >= 0)).size);
      return [k, k];
    }),
  );
  const noise = all
    .filter((i) => dbscan[i]! < 0)
    .sort((a, b) => monetary[b]! - monetary[a]! || a - b);
  expect(noise.length).toBeGreaterThan(0);
  expect(tables[6]?.map((r) => [r[0], r[4], r[5]])).toEqual(
    noise.map((i) => [
      ids[i],
      formatCell(1 + all.filter((j) => monetary[j]! > monetary[i]!).length),
      String(hdbscan.labels[i]),
    ]),
  );
  // The whales: the sample's top spender is DBSCAN noise…
  expect(tables[6]?.[0]?.[4]).toBe('1');
  // …the five biggest noise spenders are among the sample's top 10, and the rest are the odd
  // combinations: many orders (8+) but the last one long ago (250+ days).
  const rank = (i: number): number => 1 + all.filter((j) => monetary[j]! > monetary[i]!).length;
  expect(noise.slice(0, 5).every((i) => rank(i) <= 10)).toBe(true);
  expect(noise.slice(5).every((i) => frequency[i]! >= 8 && recency[i]! >= 250)).toBe(true);
  // Where the noise sits: HDBSCAN's clusters (noise first) with DBSCAN's noise as squares.
  const scatter = figures[1] ?? [];
  const hdbCounts = countBy(Array.from(hdbscan.labels));
  expect(hdbscan.learned.nClusters).toBe(2);
  expect(scatter.slice(0, 3).map((t) => [t.name, t.x?.length])).toEqual([
    ['HDBSCAN noise', hdbCounts.get(-1)],
    ['HDBSCAN cluster 0', hdbCounts.get(0)],
    ['HDBSCAN cluster 1', hdbCounts.get(1)],
  ]);
  const squares = scatter
    .slice(0, 3)
    .flatMap((t) => t.marker?.symbol as string[])
    .filter((m) => m === 'square');
  expect(squares).toHaveLength(noise.length);
  // The markdown's reading: cluster 0 the one-time buyers, 1 the repeat buyers, the noise
  // beyond them (more orders; further along the first component), DBSCAN's noise within it.
  const members = (c: number): number[] => all.filter((i) => hdbscan.labels[i] === c);
  expect(members(0).every((i) => frequency[i] === 1)).toBe(true);
  expect(members(1).every((i) => frequency[i]! >= 2)).toBe(true);
  const medianOrders = (c: number): number => medianByHand(members(c).map((i) => frequency[i]!));
  expect(medianOrders(-1)).toBeGreaterThan(medianOrders(1));
  const pc1 = (t: number): number => medianByHand((scatter[t]?.x ?? []) as number[]);
  expect(pc1(1)).toBeLessThan(pc1(2));
  expect(pc1(2)).toBeLessThan(pc1(0));
  expect(noise.every((i) => hdbscan.labels[i] === -1)).toBe(true);
  const hdbNoise = Array.from(hdbscan.labels).filter((l) => l < 0).length;
  expect(text).toContain(
    `DBSCAN: ${noise.length} noise customers (${((100 * noise.length) / n).toFixed(1)} %); HDBSCAN: ${hdbNoise} (${((100 * hdbNoise) / n).toFixed(1)} %)`,
  );
}

/**
 * Checks of notebook 05 (quarterly snapshots, migration matrices, Sankeys, cluster migration;
 * the BG/NBD part is in ./expect-05-bg-nbd.ts): lifecycle stages and thresholds are rebuilt by
 * hand from the raw CDNOW file (./cdnow-by-hand.ts); class labels and clusters that need the
 * library come from an independent run of it.
 */
import path from 'node:path';
import { expect } from 'vitest';
import { clusterCustomers } from '../../src/cluster/cluster-customers.js';
import { matrixFromTable } from '../../src/cluster/kmeans/matrix.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { DEFAULT_MIGRATION_ORDERS } from '../../src/dynamics/scheme-migration.js';
import { snapshots, type Snapshot, type SnapshotScheme } from '../../src/dynamics/snapshots.js';
import { purchaserRows } from '../../src/features/purchasers.js';
import { getText, takeRows, type ColumnTable } from '../../src/table/column-table.js';
import { formatCell } from '../../src/util/text-table.js';
import {
  dayOf,
  migrationTableByHand,
  pairCounts,
  purchaseDays,
  ratesByHand,
  stagesByHand,
  thresholdsByHand,
} from './cdnow-by-hand.js';
import { checkBgNbd } from './expect-05-bg-nbd.js';
import {
  bodyRows,
  countBy,
  expectPlotlyShipped,
  figuresOf,
  headerCells,
  tablesOf,
  type Trace,
} from './outputs.js';
import { displaysOf, stdoutOf, type NotebookRun } from './tslab-runner.js';

/** The Sankey's links as "from→to" counts, read back through the node labels. */
function sankeyPairs(trace: Trace | undefined): Map<string, number> {
  const labels = trace?.node?.label ?? [];
  const link = trace?.link ?? { source: [], target: [], value: [] };
  return new Map(
    link.source.map((s, k) => [
      `${labels[s]}→${labels[link.target[k] as number]}`,
      link.value[k] as number,
    ]),
  );
}

/** A snapshot's labels of one scheme under the fixed models. */
function labelsOf(s: Snapshot, scheme: SnapshotScheme): string[] {
  return [...((s.fixed?.[scheme] ?? []) as string[])];
}

/** Checks what notebook 05 showed and left in its variables. */
export async function checkDynamicsNotebook({ notebook, locals }: NotebookRun, root: string) {
  const text = stdoutOf(notebook);
  const html = displaysOf(notebook, 'text/html');
  const tables = tablesOf(html);
  const figures = figuresOf(html);
  expect(figures.map((traces) => traces.map((t) => t.type).join('+'))).toEqual([
    'sankey',
    'sankey',
    'sankey',
    'sankey',
    'bar+scatter',
    'bar',
    'heatmap',
  ]);
  // Overview, 3 migration matrices, rates, cluster migration, paper parameters, holdout
  // groups, 2 crosstabs.
  expect(tables).toHaveLength(10);
  expect(html).toHaveLength(tables.length + figures.length);
  expectPlotlyShipped(html);

  const days = purchaseDays(root);
  expect(days.size).toBe(23_570);

  // 1. Quarterly overview: thresholds and lifecycle shares at every quarter start, by hand.
  const quarterDates = [
    '1997-04-01',
    '1997-07-01',
    '1997-10-01',
    '1998-01-01',
    '1998-04-01',
    '1998-07-01',
  ];
  const stageOrder = ['new', 'active', 'at-risk', 'churned'];
  expect(headerCells(tables[0] as string)).toEqual([
    'as of',
    'customers',
    'new ≤ days',
    'at-risk > days',
    'churned > days',
    ...stageOrder.map((s) => `${s} %`),
  ]);
  expect(bodyRows(tables[0] as string)).toEqual(
    quarterDates.map((date) => {
      const asOf = dayOf(date);
      const t = thresholdsByHand(days, asOf);
      const stages = countBy(stagesByHand(days, asOf, t));
      return [
        date,
        formatCell(23_570, 1),
        ...[t.newDays, t.atRiskDays, t.churnDays].map((v) => formatCell(v, 1)),
        ...stageOrder.map((s) => formatCell(((stages.get(s) ?? 0) / 23_570) * 100, 1)),
      ];
    }),
  );
  // After three months of history "churned" means 54 days of silence; the last quarter is
  // notebook 01's lifecycle.
  expect(bodyRows(tables[0] as string)[0]?.slice(2, 5)).toEqual(['16', '31.5', '54']);
  expect(bodyRows(tables[0] as string)[5]?.slice(2, 5)).toEqual(['82.5', '174', '358']);

  // 2. Migration with models fixed at 1998-01-01: the library's labels from an independent
  // run; lifecycle stages also by hand from the raw file.
  const tx = await loadTransactions(path.join(root, 'data/cdnow_master.txt'), {
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  const dates = ['1998-01-01', '1998-04-01', '1998-07-01'];
  const series = await snapshots(tx, { asOfDates: dates, models: 'fixed' });
  const notebookSeries = locals['series'] as { snapshots: Snapshot[] };
  const schemes: SnapshotScheme[] = ['rfm', 'valueTiers', 'lifecycle'];
  for (const [k, s] of series.snapshots.entries()) {
    expect(s.customerId).toEqual([...days.keys()]);
    for (const scheme of schemes) {
      expect(labelsOf(notebookSeries.snapshots[k] as Snapshot, scheme)).toEqual(
        labelsOf(s, scheme),
      );
    }
  }
  const fixedThresholds = thresholdsByHand(days, dayOf('1998-01-01'));
  for (const [k, date] of dates.entries()) {
    expect(labelsOf(series.snapshots[k] as Snapshot, 'lifecycle')).toEqual(
      stagesByHand(days, dayOf(date), fixedThresholds),
    );
  }
  const [, spring, summer] = series.snapshots as [Snapshot, Snapshot, Snapshot];
  const orders: Record<SnapshotScheme, readonly string[]> = {
    rfm: DEFAULT_MIGRATION_ORDERS.rfm(series.fixedModels),
    valueTiers: ['A', 'B', 'C'],
    lifecycle: ['active', 'at-risk', 'churned'],
  };
  expect(orders.rfm.slice(0, 2)).toEqual(['Champions', 'Loyal']);
  const allClasses: Record<SnapshotScheme, readonly string[]> = {
    rfm: [...orders.rfm, 'No purchases'],
    valueTiers: [...orders.valueTiers, 'no purchases'],
    lifecycle: [...orders.lifecycle, 'new', 'prospect'],
  };
  for (const [i, scheme] of schemes.entries()) {
    const from = labelsOf(spring, scheme);
    const to = labelsOf(summer, scheme);
    expect(bodyRows(tables[1 + i] as string)).toEqual(
      migrationTableByHand(from, to, allClasses[scheme]),
    );
  }
  // Value tiers with fixed cuts never go down; lifecycle: every stage of 1998-04-01 by hand.
  const tierPairs = pairCounts(labelsOf(spring, 'valueTiers'), labelsOf(summer, 'valueTiers'));
  expect(['A→B', 'A→C', 'B→C'].map((p) => tierPairs.get(p) ?? 0)).toEqual([0, 0, 0]);
  // 15,407 churned before, less the 68 who spent $0 (prospects: they never bought).
  expect(bodyRows(tables[3] as string)[2]?.slice(0, 4)).toEqual(['churned', '715', '0', '15,339']);

  // Rates for both quarters of 1998, counted here.
  const rateRows = bodyRows(tables[4] as string);
  const names = { rfm: 'RFM segment', valueTiers: 'value tier', lifecycle: 'lifecycle' };
  const transitions = [
    [0, 1],
    [1, 2],
  ] as const;
  expect(rateRows).toEqual(
    schemes.flatMap((scheme) =>
      transitions.map(([a, b]) => {
        const from = labelsOf(series.snapshots[a] as Snapshot, scheme);
        const to = labelsOf(series.snapshots[b] as Snapshot, scheme);
        return [
          names[scheme],
          `${dates[a]} → ${dates[b]}`,
          ...ratesByHand(from, to, orders[scheme]).map((v) => formatCell(v, 1)),
        ];
      }),
    ),
  );

  // 3. Sankeys: one link per non-empty pair, the pair's count, every customer once.
  for (const [i, scheme] of schemes.entries()) {
    const traces = figures[i] as Trace[];
    const pairs = pairCounts(labelsOf(spring, scheme), labelsOf(summer, scheme));
    expect(sankeyPairs(traces[0])).toEqual(pairs);
    expect(traces[0]?.link?.value.reduce((s, v) => s + v, 0)).toBe(23_570);
  }

  // 4. Cluster migration: the clusters of 1998-04-01 (library, same k and seed); the later
  // snapshot's nearest centroids computed here.
  const clusters = clusterCustomers(spring.features, { k: 3, seed: 0 });
  const notebookClusters = locals['springClusters'] as {
    profiles: { name: string; size: number }[];
  };
  expect(notebookClusters.profiles.map((p) => `${p.name} ${p.size}`)).toEqual(
    clusters.profiles.map((p) => `${p.name} ${p.size}`),
  );
  // The 23,502 customers with an order of positive value (68 spent $0: not clustered).
  expect(clusters.profiles.map((p) => `${p.name} ${p.size}`)).toEqual([
    'lapsed customers 14195',
    'recent frequent high spenders 3195',
    'recent customers 6112',
  ]);
  const nameOf = [...clusters.profiles].sort((p, q) => p.cluster - q.cluster).map((p) => p.name);
  const nearest = (table: ColumnTable): Map<string, string> => {
    const active = purchaserRows(table);
    const x = matrixFromTable(
      clusters.scaler.transform(takeRows(table, active)),
      clusters.features,
    );
    const c = clusters.model.learned.centroids;
    const ids = getText(table, 'customer_id');
    const out = new Map<string, string>();
    active.forEach((row, i) => {
      let best = -1;
      let bestDistance = Infinity;
      for (let j = 0; j < c.rows; j++) {
        let d = 0;
        for (let f = 0; f < x.cols; f++) {
          d += ((x.data[i * x.cols + f] as number) - (c.data[j * c.cols + f] as number)) ** 2;
        }
        if (d < bestDistance) [best, bestDistance] = [j, d];
      }
      out.set(ids[row] as string, nameOf[best] as string);
    });
    return out;
  };
  const before = nearest(spring.features);
  const after = nearest(summer.features);
  expect([...countBy(before.values())].sort()).toEqual(
    clusters.profiles.map((p) => [p.name, p.size]).sort(),
  );
  const clusterFrom = [...before.keys()].map((id) => before.get(id) as string);
  const clusterTo = [...before.keys()].map((id) => after.get(id) as string);
  expect(after.size).toBe(before.size);
  expect(bodyRows(tables[5] as string)).toEqual(
    migrationTableByHand(clusterFrom, clusterTo, nameOf),
  );
  const byValue = [...clusters.profiles]
    .sort((p, q) => (q.features['monetary']?.mean ?? 0) - (p.features['monetary']?.mean ?? 0))
    .map((p) => p.name);
  expect(byValue).toEqual([
    'recent frequent high spenders',
    'recent customers',
    'lapsed customers',
  ]);
  const [ranked, up, down, same] = ratesByHand(clusterFrom, clusterTo, byValue);
  expect(text).toContain(
    `upgrade ${up?.toFixed(1)} %, downgrade ${down?.toFixed(1)} %, retention ${same?.toFixed(1)} % of ${ranked} customers`,
  );
  expect(sankeyPairs(figures[3]?.[0])).toEqual(pairCounts(clusterFrom, clusterTo));
  // The markdown's reading: over a quarter of the recent customers moved, mostly to the lapsed.
  const moves = pairCounts(clusterFrom, clusterTo);
  const recentStayed = moves.get('recent customers→recent customers') ?? 0;
  expect(recentStayed / 6112).toBeLessThan(0.75);
  expect(moves.get('recent customers→lapsed customers')).toBeGreaterThan(
    moves.get('recent customers→recent frequent high spenders') ?? 0,
  );

  checkBgNbd({ locals, text, tables, figures }, days);
}

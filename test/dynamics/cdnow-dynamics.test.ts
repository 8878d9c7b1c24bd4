import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterCustomers, type CustomerClusters } from '../../src/cluster/cluster-customers.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { matrixFromTable } from '../../src/cluster/kmeans/matrix.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { clusterMigration, scoreClusters } from '../../src/dynamics/cluster-migration.js';
import { schemeMigration } from '../../src/dynamics/scheme-migration.js';
import { snapshotDates } from '../../src/dynamics/snapshot-dates.js';
import { SNAPSHOT_SCHEMES, snapshots, type SnapshotSeries } from '../../src/dynamics/snapshots.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import { purchaserRows } from '../../src/features/purchasers.js';
import { Pipeline } from '../../src/preprocess/pipeline.js';
import { getNumeric, takeRows } from '../../src/table/column-table.js';

// CDNOW: every purchase of the 23,570 customers who first bought in Q1 1997, through
// 1998-06-30; quarterly snapshots as of 1997-04-01 … 1998-07-01.
let engine: Engine;
let tx: Transactions;
let series: SnapshotSeries;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  tx = await loadTransactions('data/cdnow_master.txt', {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  series = await snapshots(tx, { every: 'quarter' });
});
afterAll(() => engine.close());

describe('snapshot dates', () => {
  it('quarter and month starts after the first transaction, up to the day after the last', async () => {
    expect(series.dates).toEqual([
      '1997-04-01',
      '1997-07-01',
      '1997-10-01',
      '1998-01-01',
      '1998-04-01',
      '1998-07-01',
    ]);
    const months = await snapshotDates(tx, {
      every: 'month',
      from: '1997-11-15',
      to: '1998-03-01',
    });
    expect(months).toEqual(['1997-12-01', '1998-01-01', '1998-02-01', '1998-03-01']);
  });

  it('refuses both or neither of asOfDates / every, and an empty range', async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'none',
        (e: unknown) => (e instanceof CohortlabError ? e.code : 'other'),
      );
    expect(await code(snapshotDates(tx, {}))).toBe('INVALID_OPTION');
    expect(await code(snapshotDates(tx, { every: 'month', asOfDates: ['1997-05-01'] }))).toBe(
      'INVALID_OPTION',
    );
    expect(
      await code(snapshotDates(tx, { every: 'quarter', from: '1997-05-02', to: '1997-06-30' })),
    ).toBe('INVALID_OPTION');
    expect(await code(snapshotDates(tx, { every: 'week' as never }))).toBe('INVALID_OPTION');
  });
});

describe('quarterly migration on CDNOW', () => {
  it('every customer is present from the first quarter on (the cohort bought first in Q1 1997)', () => {
    for (const s of series.snapshots) expect(s.customerId.length).toBe(23570);
  });

  it('row sums are the customers of each earlier class, shares sum to 1, counts match pairs', () => {
    for (let k = 0; k + 1 < series.snapshots.length; k++) {
      const before = series.snapshots[k]!;
      const after = series.snapshots[k + 1]!;
      for (const scheme of SNAPSHOT_SCHEMES) {
        for (const labels of ['fixed', 'refit'] as const) {
          const m = schemeMigration(series, scheme, { from: k, to: k + 1, labels });
          const from = before[labels]![scheme]!;
          const to = after[labels]![scheme]!;
          expect(m.rows).not.toContain('(new)');
          expect(m.total).toBe(23570);
          m.rows.forEach((cls, i) => {
            expect(m.rowTotals[i]).toBe(from.filter((l) => l === cls).length);
            if (m.rowTotals[i]! > 0) {
              expect(m.shares[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
            }
          });
          // Brute force: same customer order in both snapshots (ids ascending).
          expect(after.customerId).toEqual(before.customerId);
          m.rows.forEach((r, i) =>
            m.columns.forEach((c, j) => {
              let n = 0;
              for (let t = 0; t < from.length; t++) if (from[t] === r && to[t] === c) n++;
              expect(m.counts[i]![j]).toBe(n);
            }),
          );
        }
      }
    }
  });

  it('with fixed thresholds nobody drops a value tier (cumulative spend never falls)', () => {
    for (let k = 0; k + 1 < series.snapshots.length; k++) {
      const fixed = schemeMigration(series, 'valueTiers', { from: k, to: k + 1 });
      expect(fixed.rates!.downgraded).toBe(0);
      expect(fixed.rates!.upgraded).toBeGreaterThan(0);
    }
    // Refitted tiers keep 5 % in A, so for everyone moving up someone must move down.
    const refit = schemeMigration(series, 'valueTiers', { labels: 'refit', from: 0, to: 5 });
    expect(refit.rates!.downgraded).toBeGreaterThan(0);
  });

  it('fixed labels are the first snapshot’s models applied; refit starts equal to fixed', () => {
    const last = series.snapshots[5]!;
    expect(last.fixed!.rfm).toEqual(series.fixedModels.rfm!.predict(last.features));
    expect(series.snapshots[0]!.refit).toEqual(series.snapshots[0]!.fixed);
    expect(last.refitModels!.lifecycle!.state).not.toEqual(series.fixedModels.lifecycle!.state);
  });
});

describe('cluster migration on CDNOW', () => {
  let clusters: CustomerClusters;
  beforeAll(() => {
    clusters = clusterCustomers(series.snapshots[0]!.features, { k: 4, nInit: 3, seed: 7 });
  });

  it('scoring the earlier snapshot reproduces its cluster labels', () => {
    expect(scoreClusters(clusters, series.snapshots[0]!.features)).toEqual(clusters.labels);
  });

  it('the later snapshot is scored as in-process predict with the earlier scaler and k-means', () => {
    const later = series.snapshots[1]!.features;
    const active = purchaserRows(later);
    const x = matrixFromTable(
      clusters.scaler.transform(takeRows(later, active)),
      clusters.features,
    );
    const direct = clusters.model.predict(x);
    const scored = scoreClusters(clusters, later);
    expect(Array.from(active, (row) => scored[row])).toEqual(Array.from(direct));
    // The same through the saved models.
    const restored = {
      features: clusters.features,
      scaler: Pipeline.fromJSON(JSON.parse(JSON.stringify(clusters.scaler.toJSON()))),
      model: KMeans.fromJSON(JSON.parse(JSON.stringify(clusters.model.toJSON()))),
    };
    expect(scoreClusters(restored, later)).toEqual(scored);
  });

  it('cross-tabs earlier against later clusters, rows summing to the earlier cluster sizes', () => {
    const result = clusterMigration(
      clusters,
      series.snapshots[0]!.features,
      series.snapshots[1]!.features,
    );
    const m = result.matrix;
    expect(m.rows).toEqual(result.clusterLabels);
    // Only buyers are clustered: by the earlier date 23,500 customers had an order of
    // positive value (the others had only zero-value orders so far).
    const earlier = getNumeric(series.snapshots[0]!.features, 'frequency');
    expect(m.total).toBe(earlier.filter((f) => f > 0).length);
    expect(m.total).toBe(23_500);
    const sizes = result.clusterLabels.map((_, c) => clusters.labels.filter((l) => l === c).length);
    expect(m.rowTotals).toEqual(sizes);
    m.shares.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
    // Recency grows for customers who did not buy in Q2, so some customers change cluster.
    expect(m.stayed).toBeLessThan(23570);
    expect(m.stayed).toBeGreaterThan(0);
    const monetary = getNumeric(series.snapshots[1]!.features, 'monetary');
    expect(monetary.length).toBe(result.toClusters.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { schemeMigration } from '../../src/dynamics/scheme-migration.js';
import { snapshots, type SnapshotSeries } from '../../src/dynamics/snapshots.js';

// Five customers, two monthly snapshots (as of 2024-02-01 and 2024-03-01), where every
// migration is worked out by hand below.
//
// customer  purchases                        spend by 02-01 / 03-01
// p1        01-01 100                        100 / 100
// p2        01-10 50, 02-20 60               50 / 110
// p3        01-25 20                         20 / 20
// p4        01-20 10, 02-25 45               10 / 55
// p5        02-15 200                        —  / 200  (new between the snapshots)
let engine: Engine;
let tx: Transactions;
let series: SnapshotSeries;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  const records = [
    ['p1', '2024-01-01', 100],
    ['p2', '2024-01-10', 50],
    ['p2', '2024-02-20', 60],
    ['p3', '2024-01-25', 20],
    ['p4', '2024-01-20', 10],
    ['p4', '2024-02-25', 45],
    ['p5', '2024-02-15', 200],
  ].map(([id, date, amount]) => ({ id, date, amount }));
  tx = await loadTransactions(records, {
    engine,
    map: { customerId: 'id', date: 'date', amount: 'amount' },
  });
  series = await snapshots(tx, {
    asOfDates: ['2024-03-01', '2024-02-01', '2024-03-01'],
    rfm: false,
    // Top 25 % of customers A, next 25 % B.
    valueTiers: { cuts: [0.25, 0.5] },
    lifecycle: { newDays: 10, atRiskDays: 20, churnDays: 40 },
  });
});
afterAll(() => engine.close());

describe('snapshots of a hand-made table', () => {
  it('takes the as-of dates sorted and de-duplicated, customers from their first purchase on', () => {
    expect(series.dates).toEqual(['2024-02-01', '2024-03-01']);
    expect(series.snapshots[0]!.customerId).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(series.snapshots[1]!.customerId).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(series.snapshots[1]!.refit).toBeDefined();
    expect(series.snapshots[0]!.fixed!.rfm).toBeUndefined();
  });

  it('fixed tiers keep the first snapshot’s thresholds (A ≥ 100, B ≥ 50)', () => {
    expect(series.fixedModels.valueTiers!.state.thresholds).toEqual([100, 50]);
    expect(series.snapshots[0]!.fixed!.valueTiers).toEqual(['A', 'B', 'C', 'C']);
    expect(series.snapshots[1]!.fixed!.valueTiers).toEqual(['A', 'A', 'C', 'B', 'A']);
  });

  it('refitted tiers are the tiers as they were: at 03-01 A = {p5, p2}, B = {p1}', () => {
    expect(series.snapshots[0]!.refit!.valueTiers).toEqual(series.snapshots[0]!.fixed!.valueTiers);
    expect(series.snapshots[1]!.refitModels!.valueTiers!.state.thresholds).toEqual([110, 100]);
    expect(series.snapshots[1]!.refit!.valueTiers).toEqual(['B', 'A', 'C', 'C', 'A']);
  });

  it('fixed-tier migration: p2 B→A and p4 C→B upgrade, p1 and p3 stay, p5 is new in A', () => {
    const m = schemeMigration(series, 'valueTiers');
    // "no purchases" is a tier too (nobody here: every customer has a positive order).
    expect(m.rows).toEqual(['A', 'B', 'C', 'no purchases', '(new)']);
    expect(m.columns).toEqual(['A', 'B', 'C', 'no purchases']);
    expect(m.counts).toEqual([
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    expect(m.rowTotals).toEqual([1, 1, 2, 0, 1]);
    expect(m.columnTotals).toEqual([3, 1, 1, 0]);
    expect(m.shares.filter((_, r) => r !== 3)).toEqual([
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 0.5, 0.5, 0],
      [1, 0, 0, 0],
    ]);
    expect(m.total).toBe(5);
    expect(m.matched).toBe(4);
    expect(m.stayed).toBe(2);
    expect(m.rates).toEqual({
      ranked: 4,
      upgraded: 2,
      downgraded: 0,
      retained: 2,
      upgradeRate: 0.5,
      downgradeRate: 0,
      retentionRate: 0.5,
    });
  });

  it('refit-tier migration: p1 A→B downgrades although it did not change', () => {
    const m = schemeMigration(series, 'valueTiers', { labels: 'refit' });
    expect(m.counts).toEqual([
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    expect(m.rates).toMatchObject({ upgraded: 1, downgraded: 1, retained: 2 });
  });

  it('lifecycle migration with given thresholds (new ≤ 10, at-risk > 20, churned > 40 days)', () => {
    // 02-01: p1 recency 31 at-risk, p2 22 at-risk, p3 tenure 7 new, p4 tenure 12 active.
    // 03-01: p1 60 churned, p2 10 active, p3 36 at-risk, p4 5 active, p5 tenure 15 active.
    expect(series.snapshots[0]!.fixed!.lifecycle).toEqual(['at-risk', 'at-risk', 'new', 'active']);
    expect(series.snapshots[1]!.fixed!.lifecycle).toEqual([
      'churned',
      'active',
      'at-risk',
      'active',
      'active',
    ]);
    const m = schemeMigration(series, 'lifecycle');
    expect(m.rows).toEqual(['active', 'at-risk', 'churned', 'new', 'prospect', '(new)']);
    expect(m.counts).toEqual([
      [1, 0, 0, 0, 0],
      [1, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
    expect(m.shares[2]!.every(Number.isNaN)).toBe(true); // nobody was churned on 02-01
    // p3 new → at-risk is unranked; p1 down, p2 up, p4 retained.
    expect(m.rates).toMatchObject({ ranked: 3, upgraded: 1, downgraded: 1, retained: 1 });
  });

  it('models "fixed" and "refit" give only the label set asked for', async () => {
    const tiers = { cuts: [0.25, 0.5] };
    const single = await snapshots(tx, { asOfDates: ['2024-02-01'], rfm: false, lifecycle: false });
    expect(single.snapshots[0]!.refit).toBeDefined();
    expect(single.snapshots[0]!.fixed!.lifecycle).toBeUndefined();
    const onlyFixed = await snapshots(tx, {
      asOfDates: ['2024-02-01', '2024-03-01'],
      models: 'fixed',
      rfm: false,
      valueTiers: tiers,
      lifecycle: false,
    });
    expect(onlyFixed.snapshots[1]!.refit).toBeUndefined();
    expect(onlyFixed.snapshots[1]!.fixed!.valueTiers).toHaveLength(5);
    const onlyRefit = await snapshots(tx, {
      asOfDates: ['2024-02-01', '2024-03-01'],
      models: 'refit',
      rfm: false,
      valueTiers: tiers,
      lifecycle: false,
    });
    expect(onlyRefit.snapshots[1]!.fixed).toBeUndefined();
    expect(schemeMigration(onlyRefit, 'valueTiers').counts).toEqual(
      schemeMigration(series, 'valueTiers', { labels: 'refit' }).counts,
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomers } from '../../src/data/customers.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { getNumeric, getText, toRecords } from '../../src/table/column-table.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

interface Expected {
  recency: number;
  frequency: number;
  monetary: number;
  tenure: number;
  meanGap: number;
}

/**
 * RFM from the raw CDNOW text in plain TypeScript — no SQL — following the documented
 * definitions: an order is a customer's calendar day; frequency counts days of positive net
 * value; recency and tenure run from the last / first such day to the as-of date.
 */
function independentRfm(text: string, asOf: string): Map<string, Expected> {
  const days = new Map<string, Map<string, number>>();
  let total = 0;
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 4) continue;
    const [id, yyyymmdd, , dollars] = fields as [string, string, string, string];
    const day = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
    const perDay = days.get(id) ?? new Map<string, number>();
    perDay.set(day, (perDay.get(day) ?? 0) + Number(dollars));
    days.set(id, perDay);
    total += Math.round(Number(dollars) * 100);
  }
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  const dayMs = 86_400_000;
  const out = new Map<string, Expected>();
  for (const [id, perDay] of days) {
    const positive = [...perDay]
      .filter(([, v]) => v > 0)
      .map(([d]) => Date.parse(`${d}T00:00:00Z`));
    const any = [...perDay.keys()].map((d) => Date.parse(`${d}T00:00:00Z`));
    const pool = positive.length > 0 ? positive : any;
    const last = Math.max(...pool);
    const first = Math.min(...pool);
    out.set(id, {
      recency: (asOfMs - last) / dayMs,
      frequency: positive.length,
      monetary: [...perDay.values()].reduce((a, b) => a + b, 0),
      tenure: (asOfMs - first) / dayMs,
      meanGap: positive.length >= 2 ? (last - first) / dayMs / (positive.length - 1) : NaN,
    });
  }
  out.set('__total_cents', { recency: 0, frequency: 0, monetary: total, tenure: 0, meanGap: 0 });
  return out;
}

describe('customerFeatures on CDNOW', () => {
  it('equals an independent computation for every customer, and totals to the cent', async () => {
    const tx = await loadTransactions('data/cdnow_master.txt', {
      engine,
      map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
    });
    const features = await customerFeatures(tx);
    expect(features.asOf).toBe('1998-07-01');
    const expected = independentRfm(readFileSync('data/cdnow_master.txt', 'utf8'), '1998-07-01');
    const totalCents = expected.get('__total_cents')?.monetary;
    expected.delete('__total_cents');

    const ids = getText(features.table, 'customer_id');
    const recency = getNumeric(features.table, 'recency_days');
    const frequency = getNumeric(features.table, 'frequency');
    const monetary = getNumeric(features.table, 'monetary');
    const tenure = getNumeric(features.table, 'tenure_days');
    const gap = getNumeric(features.table, 'mean_days_between_orders');
    expect(ids).toHaveLength(23_570);
    expect(expected.size).toBe(23_570);
    expect([...ids]).toEqual([...ids].sort());
    let mismatches = 0;
    let revenueCents = 0;
    ids.forEach((id, i) => {
      const e = expected.get(id as string);
      const same =
        e !== undefined &&
        recency[i] === e.recency &&
        frequency[i] === e.frequency &&
        Math.abs((monetary[i] as number) - e.monetary) < 1e-6 &&
        tenure[i] === e.tenure &&
        (Number.isNaN(e.meanGap)
          ? Number.isNaN(gap[i] as number)
          : Math.abs((gap[i] as number) - e.meanGap) < 1e-9);
      if (!same) mismatches++;
      revenueCents += Math.round((monetary[i] as number) * 100);
    });
    expect(mismatches).toBe(0);
    expect(revenueCents).toBe(totalCents);
    expect(revenueCents).toBe(250_031_563);
    // Spot values that can be read off the file by eye.
    const row = (id: string) => toRecords(features.table)[ids.indexOf(id)];
    expect(row('00003')).toMatchObject({
      recency_days: 34,
      frequency: 6,
      monetary: 156.46,
      tenure_days: 545,
    });
  });
});

describe('customerFeatures definitions', () => {
  const transactions = [
    { cust: 'a', when: '2024-01-05', amt: 10, cat: 'books', ord: 'o1' },
    { cust: 'a', when: '2024-01-05', amt: 5, cat: 'music', ord: 'o1' },
    { cust: 'a', when: '2024-02-05', amt: -3, cat: 'music', ord: 'o2' },
    { cust: 'a', when: '2024-03-01', amt: 20, cat: 'books', ord: 'o3' },
    { cust: 'b', when: '2024-03-01', amt: 7, cat: 'books', ord: 'o4' },
    { cust: 'b', when: '2024-03-01', amt: 1, cat: 'books', ord: 'o5' },
    { cust: 'c', when: '2024-02-20', amt: 4, cat: 'games', ord: 'o6' },
    { cust: 'c', when: '2024-02-21', amt: -4, cat: 'games', ord: 'o6' },
    { cust: 'a', when: '2024-04-01', amt: 100, cat: 'books', ord: 'o7' },
  ];
  const map = { customerId: 'cust', date: 'when', amount: 'amt', category: 'cat', orderId: 'ord' };

  it('nets returns, counts orders by id, skips non-positive orders, windows and shares', async () => {
    const tx = await loadTransactions(transactions, { engine, map });
    const features = await customerFeatures(tx, { asOf: '2024-03-02', windows: [30] });
    expect(features.featureNames).toEqual([
      'recency_days',
      'frequency',
      'monetary',
      'monetary_mean',
      'tenure_days',
      'mean_days_between_orders',
      'frequency_30d',
      'monetary_30d',
      'share_books',
      'share_games',
      'share_music',
    ]);
    const rows = toRecords(features.table);
    expect(rows[0]).toEqual({
      customer_id: 'a',
      recency_days: 1, // 2024-03-01 → 2024-03-02; the April row is after as-of
      frequency: 2, // o1 (15) and o3 (20); o2 is a pure return
      monetary: 32, // 15 − 3 + 20
      monetary_mean: 17.5,
      tenure_days: 57,
      mean_days_between_orders: 56,
      frequency_30d: 1,
      monetary_30d: 17, // window from 2024-02-01: o3 (20) and the return of 2024-02-05 (−3)
      share_books: 30 / 35,
      share_games: 0,
      share_music: 5 / 35,
      has_transactions: 1,
      first_purchase: '2024-01-05',
      last_purchase: '2024-03-01',
    });
    expect(rows[1]).toMatchObject({
      customer_id: 'b',
      frequency: 2,
      monetary: 8,
      mean_days_between_orders: 0,
    });
    // c's only order nets to zero: not counted, but the customer and its dates are kept.
    expect(rows[2]).toMatchObject({
      customer_id: 'c',
      frequency: 0,
      monetary: 0,
      recency_days: 11,
      monetary_mean: null,
    });
  });

  it('without order ids an order is a calendar day', async () => {
    const tx = await loadTransactions(transactions, {
      engine,
      map: { ...map, orderId: undefined },
    });
    const features = await customerFeatures(tx, { asOf: '2024-03-02', categoryShares: false });
    const b = toRecords(features.table)[1];
    expect(b).toMatchObject({ customer_id: 'b', frequency: 1, monetary: 8, monetary_mean: 8 });
    expect(features.featureNames).not.toContain('share_books');
  });

  it('pools minor categories as "other"', async () => {
    const tx = await loadTransactions(transactions, { engine, map });
    const features = await customerFeatures(tx, { asOf: '2024-03-02', maxCategories: 2 });
    expect(features.featureNames.slice(-2)).toEqual(['share_books', 'share_other']);
    expect(toRecords(features.table)[0]).toMatchObject({
      share_books: 30 / 35,
      share_other: 5 / 35,
    });
  });

  it('joins customer attributes and keeps customers without transactions, flagged', async () => {
    const tx = await loadTransactions(transactions, { engine, map });
    const customers = await loadCustomers(
      [
        { id: 'a', region: 'North', age: 40 },
        { id: 'b', region: 'East', age: 52 },
        { id: 'z', region: 'South', age: 31 },
      ],
      { engine, idColumn: 'id' },
    );
    const features = await customerFeatures(tx, { asOf: '2024-03-02', customers });
    // c has no attributes, z no transactions: one UNMATCHED_IDS warning each way.
    expect(features.warnings.map((w) => [w.code, w.count, w.example])).toEqual([
      ['UNMATCHED_IDS', 1, '"c"'],
      ['UNMATCHED_IDS', 1, '"z"'],
    ]);
    expect(features.attributeNames).toEqual(['region', 'age']);
    const rows = toRecords(features.table);
    expect(
      rows.map((r) => [r['customer_id'], r['has_transactions'], r['region'], r['age']]),
    ).toEqual([
      ['a', 1, 'North', 40],
      ['b', 1, 'East', 52],
      ['c', 1, null, null],
      ['z', 0, 'South', 31],
    ]);
    expect(rows[3]).toMatchObject({
      frequency: 0,
      monetary: 0,
      recency_days: null,
      tenure_days: null,
    });
  });

  it('rejects bad windows and customer ids that repeat', async () => {
    const tx = await loadTransactions(transactions, { engine, map });
    await expect(customerFeatures(tx, { windows: [0] })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(
      loadCustomers([{ id: 'a' }, { id: 'b' }, { id: 'a' }], { engine, idColumn: 'id' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', row: 3, column: 'id' });
    await expect(
      loadCustomers([{ id: 'a' }, { id: null }], { engine, idColumn: 'id' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      row: 2,
    });
  });
});

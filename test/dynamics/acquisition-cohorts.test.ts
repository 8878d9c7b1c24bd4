import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../src/data/datasets.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { acquisitionCohorts } from '../../src/dynamics/acquisition-cohorts.js';
import { getNumeric, getText, rowCount } from '../../src/table/column-table.js';

// test/fixtures/value/cdnow.json: pandas on data/cdnow_master.txt (scripts/fixtures/cdnow_value.py).
type Row = [
  cohort: string,
  period: number,
  size: number,
  active: number,
  rate: number,
  revenue: number,
  perCustomer: number,
];
const fixture = JSON.parse(readFileSync('test/fixtures/value/cdnow.json', 'utf8')) as {
  acquisition: Row[];
  acquisitionByGroup: [group: string, ...Row][];
};

let engine: Engine;
let tx: Transactions;
beforeAll(async () => {
  engine = await Engine.open();
  tx = await datasets.cdnow({ engine });
}, 60_000);
afterAll(() => engine.close());

describe('acquisitionCohorts', () => {
  it('equals pandas on CDNOW month by month (cohorts 1997-01 … 1997-03, periods 0 … 17)', async () => {
    const result = await acquisitionCohorts(tx);
    expect(result.period).toBe('month');
    expect(result.asOf).toBe('1998-07-01');
    expect(result.cohorts).toEqual(['1997-01', '1997-02', '1997-03']);
    const t = result.table;
    // Every (cohort, period) up to 1998-06 is a row; pandas lists those with activity.
    expect(rowCount(t)).toBe(18 + 17 + 16);
    expect(fixture.acquisition).toHaveLength(rowCount(t));
    const cohort = getText(t, 'cohort');
    const columns = [
      'period',
      'cohort_customers',
      'active_customers',
      'retention_rate',
      'revenue',
      'revenue_per_customer',
    ].map((name) => getNumeric(t, name));
    fixture.acquisition.forEach(([c, ...values], i) => {
      expect(cohort[i]).toBe(c);
      values.forEach((v, k) => expect(columns[k]![i]).toBeCloseTo(v, 8));
    });
    // The cohorts hold every customer, and the revenue adds up to the data's 2,500,315.63.
    const sizes = new Map(cohort.map((c, i) => [c, columns[1]![i]!]));
    expect([...sizes.values()].reduce((s, v) => s + v, 0)).toBe(23570);
    expect(columns[4]!.reduce((s, v) => s + v, 0).toFixed(2)).toBe('2500315.63');
  });

  it('per group of customers equals pandas (ids < 20000 by parity, the rest unlisted)', async () => {
    const ids = Array.from({ length: 19999 }, (_, i) => String(i + 1).padStart(5, '0'));
    const labels = ids.map((id) => (Number(id) % 2 === 0 ? 'even' : 'odd'));
    const result = await acquisitionCohorts(tx, { groups: { customerId: ids, labels } });
    const t = result.table;
    expect(Object.keys(t)[0]).toBe('group');
    expect(rowCount(t)).toBe(fixture.acquisitionByGroup.length);
    const group = getText(t, 'group');
    const cohort = getText(t, 'cohort');
    const names = ['period', 'cohort_customers', 'active_customers', 'retention_rate', 'revenue'];
    const columns = names.map((name) => getNumeric(t, name));
    fixture.acquisitionByGroup.forEach(([g, c, ...values], i) => {
      expect([group[i], cohort[i]]).toEqual([g, c]);
      values.slice(0, names.length).forEach((v, k) => expect(columns[k]![i]).toBeCloseTo(v, 8));
    });
    await expect(
      acquisitionCohorts(tx, { groups: { customerId: ['00001', '00001'], labels: ['a', 'b'] } }),
    ).rejects.toThrow(/customer "00001" appears twice/);
  });

  it('groups by quarter and by ISO week, and cuts at asOf', async () => {
    const quarters = await acquisitionCohorts(tx, { period: 'quarter', asOf: '1997-10-01' });
    expect(quarters.cohorts).toEqual(['1997-Q1']);
    expect(Array.from(getNumeric(quarters.table, 'period'))).toEqual([0, 1, 2]);
    expect(getNumeric(quarters.table, 'retention_rate')[0]).toBe(1);
    const weeks = await acquisitionCohorts(tx, { period: 'week', asOf: '1997-01-20' });
    // 1997-01-01 is a Wednesday: its ISO week starts on 1996-12-30.
    expect(weeks.cohorts).toEqual(['1996-12-30', '1997-01-06', '1997-01-13']);
    expect(Array.from(getNumeric(weeks.table, 'period'))).toEqual([0, 1, 2, 0, 1, 0]);
  });

  it('counts a small hand-made case, returns included in revenue', async () => {
    const file = 'test/.acquisition.csv';
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(
      file,
      [
        'id,date,amount',
        'a,2024-01-05,10',
        'a,2024-01-20,5',
        'a,2024-03-02,-4',
        'a,2024-03-02,7',
        'b,2024-01-31,20',
        'b,2024-02-01,-20',
        'c,2024-02-10,8',
        'c,2024-04-01,2',
        'd,2024-02-11,-3',
      ].join('\n'),
    );
    try {
      const small = await loadTransactions(file, {
        engine,
        map: { customerId: 'id', date: 'date', amount: 'amount' },
      });
      const { table, cohorts } = await acquisitionCohorts(small, { asOf: '2024-04-02' });
      expect(cohorts).toEqual(['2024-01', '2024-02']); // d only returned: no cohort
      const rows = getText(table, 'cohort').map((c, i) =>
        [
          c,
          ...['period', 'active_customers', 'retention_rate', 'revenue'].map(
            (n) => getNumeric(table, n)[i],
          ),
        ].join(' '),
      );
      expect(rows).toEqual([
        '2024-01 0 2 1 35',
        '2024-01 1 0 0 -20', // b's return: no purchase day, revenue counts it
        '2024-01 2 1 0.5 3',
        '2024-01 3 0 0 0',
        '2024-02 0 1 1 8',
        '2024-02 1 0 0 0',
        '2024-02 2 1 1 2',
      ]);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('refuses an unknown period', async () => {
    await expect(acquisitionCohorts(tx, { period: 'day' as 'week' })).rejects.toThrow(
      /acquisition period must be 'week', 'month' or 'quarter', got day/,
    );
  });
});

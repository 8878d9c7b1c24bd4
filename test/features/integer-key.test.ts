import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomers } from '../../src/data/customers.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures, type FeatureOptions } from '../../src/features/customer-features.js';

// With an integer-typed id column the features group on the integer and make its text per
// customer (and read it back as a number made text in JavaScript). The same rows with the
// ids as text (CSV) group on the text: every column must come out identical, rows in the
// text order of the ids ('-5' < '10' < '12345678901234567' < '9').
const dir = mkdtempSync(join(tmpdir(), 'cohortlab-intkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS: [string, string, number, string][] = [
  ['9', '2024-01-01', 10.25, 'books'],
  ['9', '2024-01-01', 4.5, 'music'], // same day: one order of 14.75
  ['9', '2024-02-10', 20, 'books'],
  ['10', '2024-01-05', 7.1, 'games'],
  ['10', '2024-01-20', -7.1, 'games'], // a returned order: net 0, not counted
  ['10', '2024-03-01', 0.2, 'books'],
  ['-5', '2024-02-02', 3.3, 'music'],
  ['-5', '2024-02-02', -3.3, 'music'], // nets to zero: the customer has no positive order
  ['12345678901234567', '2023-12-31', 1e6 + 0.01, 'books'], // beyond 2^53: exact as text
  ['12345678901234567', '2024-03-30', 0.07, 'toys'],
];
const MAP = { customerId: 'id', date: 'd', amount: 'amount', category: 'cat' };

let engine: Engine;
let parquet: string;
let csv: string;
beforeAll(async () => {
  engine = await Engine.open();
  csv = join(dir, 'tx.csv');
  writeFileSync(csv, `id,d,amount,cat\n${ROWS.map((r) => r.join(',')).join('\n')}\n`);
  parquet = join(dir, 'tx.parquet');
  const values = ROWS.map(
    ([id, d, a, c]) => `(CAST(${id} AS BIGINT), DATE '${d}', CAST(${a} AS DOUBLE), '${c}')`,
  );
  await engine.run(
    `COPY (SELECT * FROM (VALUES ${values.join(', ')}) AS t(id, d, amount, cat)) TO '${parquet}' (FORMAT parquet)`,
  );
});
afterAll(() => engine.close());

async function both(options: FeatureOptions = {}, withCustomers = false) {
  const tables = [];
  for (const file of [parquet, csv]) {
    const tx = await loadTransactions(file, { engine, map: MAP });
    const customers = withCustomers
      ? await loadCustomers(join(dir, 'customers.csv'), { engine, idColumn: 'id' })
      : undefined;
    const f = await customerFeatures(tx, { ...options, ...(customers ? { customers } : {}) });
    tables.push({ tx, table: f.table });
  }
  return tables as [(typeof tables)[0], (typeof tables)[0]];
}

describe('features grouped on an integer id', () => {
  it('equal the features grouped on the id text, column by column', async () => {
    const [int, text] = await both({ asOf: '2024-04-01' });
    expect(int.tx.customerKey).toBe('customer_key');
    expect(text.tx.customerKey).toBe('customer_id');
    expect(int.tx.lastDay).toBe('2024-03-30');
    expect(int.table).toEqual(text.table);
    const t = int.table;
    expect(t['customer_id']).toEqual(['-5', '10', '12345678901234567', '9']);
    expect([...(t['frequency'] as Float64Array)]).toEqual([0, 2, 2, 2]);
    expect([...(t['monetary'] as Float64Array)]).toEqual([0, 0.2, 1e6 + 0.08, 34.75]);
    expect([...(t['monetary_mean'] as Float64Array)]).toEqual([
      NaN,
      3.65,
      (1e6 + 0.08) / 2,
      17.375,
    ]);
    expect([...(t['recency_days'] as Float64Array)]).toEqual([59, 31, 2, 51]);
    expect(t['first_purchase']).toEqual(['2024-02-02', '2024-01-05', '2023-12-31', '2024-01-01']);
    expect(t['last_purchase']).toEqual(['2024-02-02', '2024-03-01', '2024-03-30', '2024-02-10']);
  });

  it('equal them with windows, category shares (pooled into "other") and the default as-of', async () => {
    const [int, text] = await both({ windows: [30, 90], maxCategories: 3 });
    expect(int.table).toEqual(text.table);
    expect(Object.keys(int.table)).toContain('share_other');
    expect([...(int.table['frequency_30d'] as Float64Array)]).toEqual([0, 1, 1, 0]);
  });

  it('pool every category into "other" with maxCategories 1 (share 1 for every buyer)', async () => {
    const [int, text] = await both({ maxCategories: 1 });
    expect(int.table).toEqual(text.table);
    expect(Object.keys(int.table).filter((k) => k.startsWith('share_'))).toEqual(['share_other']);
    expect([...(int.table['share_other'] as Float64Array)]).toEqual([1, 1, 1, 1]);
  });

  it('equal them with a customer table joined in (ids then read as text)', async () => {
    writeFileSync(join(dir, 'customers.csv'), 'id,region\n9,north\n77,south\n-5,east\n');
    const [int, text] = await both({ asOf: '2024-04-01' }, true);
    expect(int.table).toEqual(text.table);
    expect(int.table['customer_id']).toEqual(['-5', '10', '12345678901234567', '77', '9']);
    expect([...(int.table['has_transactions'] as Float64Array)]).toEqual([1, 1, 1, 0, 1]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';

// The scale fixes in src/data and src/features, checked on typed Parquet: the transactions
// stay a view over the file, typed columns skip the text checks yet bad values still fail.
const dir = mkdtempSync(join(tmpdir(), 'cohortlab-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const map = { customerId: 'id', date: 'd', amount: 'amount' };

async function parquet(name: string, rows: string): Promise<string> {
  const file = join(dir, `${name}.parquet`);
  const engine = await Engine.open();
  await engine.run(
    `COPY (SELECT * FROM (VALUES ${rows}) AS t(id, d, amount)) TO '${file}' (FORMAT parquet)`,
  );
  engine.close();
  return file;
}

describe('loading typed Parquet', () => {
  it('keeps the transactions as a view, integer ids as plain text, and features as before', async () => {
    const file = await parquet(
      'ok',
      `(CAST(7 AS BIGINT), DATE '2024-01-01', 10.5), (7, DATE '2024-01-01', 4.5), (7, DATE '2024-01-11', 20.0),
       (12345678901, DATE '2024-01-05', 3.25)`,
    );
    const engine = await Engine.open();
    try {
      const tx = await loadTransactions(file, { engine, map });
      const kind = await engine.row(
        `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = '${tx.table}'`,
      );
      expect(kind['n']).toBe(1);
      expect(tx.rows).toBe(4);
      const f = await customerFeatures(tx, { asOf: '2024-01-21' });
      expect(f.table['customer_id']).toEqual(['12345678901', '7']);
      // Customer 7: two orders (the two rows of Jan 1 are one order of 15), 35 in all.
      expect(Array.from(f.table['frequency'] as Float64Array)).toEqual([1, 2]);
      expect(Array.from(f.table['monetary'] as Float64Array)).toEqual([3.25, 35]);
      expect(Array.from(f.table['monetary_mean'] as Float64Array)).toEqual([3.25, 17.5]);
      expect(Array.from(f.table['recency_days'] as Float64Array)).toEqual([16, 10]);
      expect(Array.from(f.table['mean_days_between_orders'] as Float64Array)).toEqual([NaN, 10]);
    } finally {
      engine.close();
    }
  });

  it('still rejects a non-finite typed amount, naming its row', async () => {
    const file = await parquet(
      'nan',
      `(1, DATE '2024-01-01', 1.0), (2, DATE '2024-01-02', CAST('nan' AS DOUBLE)), (3, DATE '2024-01-03', CAST('inf' AS DOUBLE))`,
    );
    const engine = await Engine.open();
    try {
      await expect(loadTransactions(file, { engine, map })).rejects.toMatchObject({
        code: 'UNPARSEABLE_AMOUNT',
        row: 2,
        column: 'amount',
        count: 2,
      });
      const dropped = await loadTransactions(file, { engine, map, onInvalid: 'drop' });
      expect(dropped.rows).toBe(1);
    } finally {
      engine.close();
    }
  });
});

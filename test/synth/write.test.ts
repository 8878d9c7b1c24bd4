import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { synthSpec } from '../../src/synth/spec.js';
import { SynthStream } from '../../src/synth/stream.js';
import { writeSynthetic } from '../../src/synth/write.js';

const dir = mkdtempSync(join(tmpdir(), 'cohortlab-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');
const N = 20_000;

async function write(
  name: string,
  seed: number,
  ext: 'parquet' | 'csv',
  chunkRows = 4096,
): Promise<{ tx: string; cu: string }> {
  const tx = join(dir, `${name}.${ext}`);
  const cu = join(dir, `${name}-customers.${ext}`);
  await writeSynthetic({
    spec: { transactions: N, seed },
    transactionsFile: tx,
    customersFile: cu,
    chunkRows,
  });
  return { tx, cu };
}

describe('writeSynthetic', () => {
  it('writes transactions whose customers all exist, dated within the period, amounts in cents', async () => {
    const { tx, cu } = await write('a', 1, 'parquet');
    const engine = await Engine.open();
    try {
      const t = `read_parquet('${tx}')`;
      const c = `read_parquet('${cu}')`;
      const columns = await engine.rows(`DESCRIBE SELECT * FROM ${t}`);
      expect(columns.map((r) => `${String(r['column_name'])} ${String(r['column_type'])}`)).toEqual(
        [
          'transaction_id BIGINT',
          'customer_id INTEGER',
          'order_date DATE',
          'amount DOUBLE',
          'category VARCHAR',
          'channel VARCHAR',
        ],
      );
      const stats = await engine.row(
        `SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids, min(transaction_id) AS lo,
           max(transaction_id) AS hi, CAST(min(order_date) AS VARCHAR) AS first,
           CAST(max(order_date) AS VARCHAR) AS last,
           count(*) FILTER (round(amount * 100) / 100 <> amount OR amount <= 0) AS odd_amounts,
           count(*) FILTER (customer_id NOT IN (SELECT customer_id FROM ${c})) AS orphans
         FROM ${t}`,
      );
      expect(stats).toEqual({
        n: N,
        ids: N,
        lo: 1,
        hi: N,
        first: '2022-01-01',
        last: '2024-12-30',
        odd_amounts: 0,
        orphans: 0,
      });
      const customers = await engine.row(
        `SELECT count(*) AS n, count(DISTINCT customer_id) AS ids, max(customer_id) AS hi,
           count(*) FILTER (region NOT IN ('north', 'south', 'east', 'west')) AS bad_regions FROM ${c}`,
      );
      // The same customers the stream makes.
      const stream = new SynthStream(synthSpec({ transactions: N, seed: 1 }));
      while (stream.next(N) !== null);
      expect(customers).toEqual({
        n: stream.customers,
        ids: stream.customers,
        hi: stream.customers,
        bad_regions: 0,
      });
      // Each customer's first purchase is on their signup date.
      const mismatched = await engine.row(
        `SELECT count(*) AS n FROM (SELECT customer_id, min(order_date) AS d FROM ${t} GROUP BY 1) AS f
         JOIN ${c} USING (customer_id) WHERE f.d <> signup_date`,
      );
      expect(mismatched['n']).toBe(0);
      // Rows are in date order within a chunk.
      const unordered = await engine.row(
        `SELECT count(*) AS n FROM (
           SELECT order_date, file_row_number // 4096 AS chunk,
             lag(order_date) OVER w AS prev, lag(file_row_number // 4096) OVER w AS prev_chunk
           FROM read_parquet('${tx}', file_row_number = true) WINDOW w AS (ORDER BY file_row_number))
         WHERE chunk = prev_chunk AND order_date < prev`,
      );
      expect(unordered['n']).toBe(0);
    } finally {
      engine.close();
    }
  });

  it('gives byte-identical Parquet and CSV files for the same seed, other files for another', async () => {
    const a = await write('same-1', 3, 'parquet');
    const b = await write('same-2', 3, 'parquet');
    const c = await write('other', 4, 'parquet');
    expect(sha256(b.tx)).toBe(sha256(a.tx));
    expect(sha256(b.cu)).toBe(sha256(a.cu));
    expect(sha256(c.tx)).not.toBe(sha256(a.tx));
    const csv1 = await write('csv-1', 3, 'csv');
    const csv2 = await write('csv-2', 3, 'csv', 1000); // another chunking, same rows except order within chunks
    expect(sha256(csv1.tx)).toBe(sha256((await write('csv-3', 3, 'csv')).tx));
    expect(readFileSync(csv1.tx, 'utf8').split('\n')[0]).toBe(
      'transaction_id,customer_id,order_date,amount,category,channel',
    );
    const sorted = (file: string): string =>
      readFileSync(file, 'utf8').trim().split('\n').slice(1).sort().join('\n');
    expect(sorted(csv2.tx)).toBe(sorted(csv1.tx));
    expect(readdirSync(dir).filter((f) => f.startsWith('.synth-'))).toEqual([]); // work files removed
  });

  it('feeds the feature pipeline: monetary totals the amounts, frequency counts buying days', async () => {
    const { tx } = await write('features', 2, 'parquet');
    const engine = await Engine.open();
    try {
      const loaded = await loadTransactions(tx, {
        engine,
        map: { customerId: 'customer_id', date: 'order_date', amount: 'amount' },
      });
      const features = await customerFeatures(loaded);
      const expected = await engine.row(
        `SELECT count(DISTINCT customer_id) AS customers, count(DISTINCT (customer_id, order_date)) AS orders,
           sum(amount) AS revenue FROM read_parquet('${tx}')`,
      );
      const frequency = features.table['frequency'] as Float64Array;
      const monetary = features.table['monetary'] as Float64Array;
      expect(frequency.length).toBe(expected['customers']);
      expect(frequency.reduce((a, b) => a + b, 0)).toBe(expected['orders']);
      expect(monetary.reduce((a, b) => a + b, 0)).toBeCloseTo(expected['revenue'] as number, 4);
    } finally {
      engine.close();
    }
  });

  it('refuses an output format it cannot write', async () => {
    await expect(
      writeSynthetic({ spec: { transactions: 10 }, transactionsFile: join(dir, 'x.xlsx') }),
    ).rejects.toThrow(/parquet or .csv/);
  });
});

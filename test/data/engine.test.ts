import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';

describe('Engine', () => {
  it('works file-backed as in memory, with the same features', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cohortlab-db-')), 'work.duckdb');
    const results = [];
    for (const engine of [await Engine.open({ path, threads: 1 }), await Engine.open()]) {
      const tx = await loadTransactions('test/fixtures/data/semicolon.csv', {
        engine,
        map: { customerId: 'customer', date: 'date', amount: 'amount', orderId: 'order' },
      });
      results.push((await customerFeatures(tx)).table);
      engine.close();
    }
    expect(results[0]).toEqual(results[1]);
    expect(Array.from(results[0]!['monetary'] as Float64Array)).toEqual([15, 20]);
  });

  it('returns numbers as Float64Array, booleans as 1/0, dates as ISO text', async () => {
    const engine = await Engine.open();
    const table = await engine.columns(
      `SELECT 1.5::DOUBLE AS d, 7::BIGINT AS b, true AS t, NULL::DOUBLE AS n, DATE '2024-02-29' AS day, 'x' AS s`,
    );
    expect(table).toEqual({
      d: new Float64Array([1.5]),
      b: new Float64Array([7]),
      t: new Float64Array([1]),
      n: new Float64Array([NaN]),
      day: ['2024-02-29'],
      s: ['x'],
    });
    engine.close();
  });
});

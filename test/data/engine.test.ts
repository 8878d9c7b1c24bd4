import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, trackQueries } from '../../src/data/engine.js';
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

  it('reports a load in % of its queries, ending at 100 % only when it returns', async () => {
    const engine = await Engine.open();
    const reports: [string, number, number, string | undefined][] = [];
    const progress = {
      start: () => undefined,
      end: () => undefined,
      advance: (step: string, done: number, total: number, unit?: string) =>
        void reports.push([step, done, total, unit]),
    };
    const tx = await loadTransactions('data/cdnow_master.txt', {
      engine,
      map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
      progress,
    });
    expect(tx.rows).toBe(69_659);
    // Whatever DuckDB reported while the queries ran stays below 100 %; then 100 % once.
    expect(reports.at(-1)).toEqual(['load', 100, 100, '%']);
    for (const [step, done, total, unit] of reports.slice(0, -1)) {
      expect([step, total, unit]).toEqual(['load', 100, '%']);
      expect(done).toBeGreaterThanOrEqual(0);
      expect(done).toBeLessThanOrEqual(99);
    }
    // Without an advance to report to, the work just runs.
    const plain = { start: () => undefined, end: () => undefined };
    expect(await trackQueries(engine, plain, 'x', async () => 7)).toBe(7);
    // DuckDB's own progress printing stays off once tracking is on.
    const settings = await engine.row(
      `SELECT current_setting('enable_progress_bar') AS tracked, current_setting('enable_progress_bar_print') AS printed`,
    );
    expect(settings).toEqual({ tracked: true, printed: false });
    engine.close();
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

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomers } from '../../src/data/customers.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { fitPipeline } from '../../src/pipeline/fit-pipeline.js';

const fixture = (name: string): string => join('test/fixtures/data/issue16', name);
const map = { customerId: 'id', date: 'date', amount: 'amount' };

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

const labels = (table: Record<string, unknown>, column: string): unknown[] =>
  Array.from(table[column] as ArrayLike<unknown>);

describe('fitPipeline returns the data layer warnings', () => {
  it('a 2099 row and 20 prospects: STRAY_DATES and UNMATCHED_IDS; tiers of buyers as without prospects', async () => {
    const tx = await loadTransactions(fixture('stray-2099.csv'), {
      engine,
      map,
      today: '2026-12-07',
    });
    const records = [
      ...['1', '2', '3', '4', '5', '6'].map((id) => ({ customer: id, region: 'buyer' })),
      ...Array.from({ length: 20 }, (_, i) => ({ customer: `p${i + 1}`, region: 'prospect' })),
    ];
    const customers = await loadCustomers(records, { engine, idColumn: 'customer' });
    // k given: the clustering of 6 buyers is not what this test is about (its k search would
    // add a WEAK_CHOICE warning).
    const alone = await fitPipeline(tx, { classes: ['abc'], seed: 0, k: 2 });
    const joined = await fitPipeline(tx, { classes: ['abc'], seed: 0, k: 2, customers });

    expect(alone.features.asOf).toBe('1998-07-01');
    expect(joined.features.asOf).toBe('1998-07-01');
    expect(alone.warnings.map((w) => [w.code, w.count, w.example])).toEqual([
      ['STRAY_DATES', 1, '2099-01-01 at row 5'],
    ]);
    expect(joined.warnings.map((w) => [w.code, w.count, w.example, w.stage])).toEqual([
      ['STRAY_DATES', 1, '2099-01-01 at row 5', 'load'],
      ['UNMATCHED_IDS', 20, '"p1"', 'features'],
    ]);
    // Monetary: 6 → 105, 3 → 62, 2 → 55.5, 1 → 33, 4 → 18, 5 → 15. Top 5 % / next 15 % of
    // the 6 buyers: one A, one B — the 20 prospects (monetary 0) must not make it 2 A and 4 B.
    expect(joined.pipeline.valueTiers?.state).toEqual(alone.pipeline.valueTiers?.state);
    expect(joined.pipeline.valueTiers?.state.customers).toBe(6);
    expect(joined.pipeline.valueTiers?.state.thresholds).toEqual([105, 62]);
    const ids = labels(joined.cohorts, 'customer_id');
    const tiers = labels(joined.cohorts, 'value_tier');
    const buyerTier = Object.fromEntries(
      ids.map((id, i) => [id, tiers[i]]).filter(([id]) => !String(id).startsWith('p')),
    );
    expect(buyerTier).toEqual({ '1': 'C', '2': 'C', '3': 'B', '4': 'C', '5': 'C', '6': 'A' });
    expect(labels(alone.cohorts, 'value_tier')).toEqual(['C', 'C', 'B', 'C', 'C', 'A']);
  });
});

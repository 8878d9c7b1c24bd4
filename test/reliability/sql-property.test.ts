/**
 * Property: the pipeline exported as one SQL query labels every customer exactly as the
 * in-process pipeline does, on generated transaction tables (fast-check, fixed seed): random
 * customers, dates, amounts in cents with returns and ties, orders or none. Checked per
 * customer: every feature (exact: money is summed as DECIMAL on both sides), RFM scores and
 * segment, value tier, lifecycle, cluster id and name, and the distance to the centroid.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { fitPipeline } from '../../src/pipeline/fit-pipeline.js';
import { pipelineScoringSql } from '../../src/pipeline/scoring-sql.js';
import { getColumn, isNumericColumn } from '../../src/table/column-table.js';
import { labelMismatches, numericDiff } from '../sql/helpers.js';

interface GeneratedRow {
  readonly customer: string;
  readonly day: string;
  readonly cents: number;
  readonly order: string | null;
}

const DAY0 = Date.UTC(2024, 0, 1);
const isoDay = (offset: number): string =>
  new Date(DAY0 + offset * 86_400_000).toISOString().slice(0, 10);

/** One customer's purchases: 1–6 rows, a few returns, amounts on a coarse grid (ties). */
const customerRows = (id: number) =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: 364 }),
        cents: fc.oneof(
          fc.integer({ min: 1, max: 40 }).map((c) => c * 500),
          fc.integer({ min: 1, max: 99_999 }),
          fc.integer({ min: -3_000, max: -1 }),
        ),
        order: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((rows) =>
      rows.map((r): GeneratedRow => ({
        customer: `c${String(id).padStart(3, '0')}`,
        day: isoDay(r.offset),
        cents: r.cents,
        order: r.order === null ? null : `o${id}-${r.offset}-${r.order}`,
      })),
    );

const transactionTables = fc
  .integer({ min: 8, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, id) => customerRows(id))))
  .map((perCustomer) => perCustomer.flat());

let engine: Engine;
let table = 0;
/** Generated tables the pipeline fitted and the SQL was compared on. */
let compared = 0;

beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
});
afterAll(() => engine.close());

describe('SQL scoring equals in-process scoring on generated data', () => {
  it('for every customer, feature and label', async () => {
    await fc.assert(
      fc.asyncProperty(transactionTables, fc.boolean(), async (rows, withOrders) => {
        const records = rows.map((r) => ({
          customer: r.customer,
          day: r.day,
          amount: r.cents / 100,
          ...(withOrders ? { invoice: r.order ?? `${r.customer}-${r.day}` } : {}),
        }));
        const map = {
          customerId: 'customer',
          date: 'day',
          amount: 'amount',
          ...(withOrders ? { orderId: 'invoice' } : {}),
        };
        const tx = await loadTransactions(records, { engine, map });
        let fit;
        try {
          fit = await fitPipeline(tx, { seed: 1, k: 2 });
        } catch (error) {
          // Data a pipeline legitimately refuses (e.g. every customer identical) is not
          // a counterexample: the refusal is a typed error, checked elsewhere.
          if ((error as { code?: string }).code === 'INVALID_INPUT') return;
          throw error;
        }
        const name = `sales_${table++}`;
        await engine.run(
          `CREATE TABLE ${name} AS SELECT customer, CAST(day AS DATE) AS day, amount${withOrders ? ', invoice' : ''} FROM ${tx.raw.name}`,
        );
        const query = pipelineScoringSql(fit.pipeline, { table: name });
        const scored = await engine.columns(query.sql);
        compared++;
        expect(getColumn(scored, 'customer_id')).toEqual(getColumn(fit.cohorts, 'customer_id'));
        for (const column of query.columns) {
          const expected = fit.cohorts[column];
          if (expected === undefined) continue;
          const actual = getColumn(scored, column);
          if (isNumericColumn(expected)) {
            const { maxAbs, missingMismatch } = numericDiff(expected, actual as ArrayLike<unknown>);
            expect(missingMismatch, column).toBe(0);
            expect(maxAbs, column).toBeLessThanOrEqual(column === 'cluster_distance' ? 1e-9 : 0);
          } else {
            expect(labelMismatches(expected, actual), column).toEqual([]);
          }
        }
      }),
      { seed: 20261122, numRuns: 60, endOnFailure: true },
    );
    expect(compared).toBeGreaterThanOrEqual(50);
  }, 240_000);
});

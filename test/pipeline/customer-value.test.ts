import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../src/data/datasets.js';
import { Engine } from '../../src/data/engine.js';
import type { Transactions } from '../../src/data/transactions.js';
import { readCustomerValue, type ValueSummary } from '../../src/pipeline/customer-value.js';
import {
  fitPipeline,
  pipelineFromJSON,
  pipelineToJSON,
  repeatBuyingSummary,
  scoreCustomers,
  type PipelineFit,
} from '../../src/pipeline/index.js';
import { customerLifetimeValue, MONTH_IN_WEEKS } from '../../src/predict/clv.js';
import { getNumeric, getText } from '../../src/table/column-table.js';

// test/fixtures/value/cdnow.json: pandas on data/cdnow_master.txt (scripts/fixtures/cdnow_value.py).
interface Fixture {
  readonly repeatSpend: {
    readonly customers: number;
    readonly repeatBuyers: number;
    readonly sum: number;
    readonly first40: [id: string, mean: number][];
  };
}
const fixture = JSON.parse(readFileSync('test/fixtures/value/cdnow.json', 'utf8')) as Fixture;

let engine: Engine;
let tx: Transactions;
let summary: ValueSummary;
let fit: PipelineFit;
beforeAll(async () => {
  engine = await Engine.open();
  tx = await datasets.cdnow({ engine });
  summary = await repeatBuyingSummary(tx, '1998-07-01');
  fit = await fitPipeline(tx, { bgNbdWeeks: 52, classes: ['rfm'], k: 3, seed: 0 });
}, 120_000);
afterAll(() => engine.close());

describe('mean repeat-purchase value from transactions (DuckDB)', () => {
  it('equals pandas on CDNOW: every customer, the repeat buyers, the total and the first 40', () => {
    const { repeatSpend } = fixture;
    expect(summary.customerId).toHaveLength(repeatSpend.customers);
    expect(summary.frequency.filter((x) => x > 0)).toHaveLength(repeatSpend.repeatBuyers);
    const total = summary.monetaryValue.reduce((s, v) => s + v, 0);
    expect(Math.abs(total - repeatSpend.sum)).toBeLessThan(1e-6);
    const rowOf = new Map(summary.customerId.map((id, i) => [id, i]));
    for (const [id, mean] of repeatSpend.first40) {
      expect(summary.monetaryValue[rowOf.get(id)!]).toBeCloseTo(mean, 9);
    }
  });
});

describe('customer value in the pipeline', () => {
  it('fits Gamma-Gamma next to BG/NBD and adds expected_spend and clv_12', () => {
    const value = fit.pipeline.repeatBuying?.value;
    expect(value).toBeDefined();
    expect(value!.horizonMonths).toBe(12);
    expect(value!.discountRate).toBe(0.01);
    expect(value!.monthLength).toBe(MONTH_IN_WEEKS);
    // Repeat buyers with a positive mean value: all repeat buyers but those whose repeat days are worth 0.
    const zero = summary.frequency.filter((x, i) => x > 0 && !(summary.monetaryValue[i]! > 0));
    expect(value!.model.state.customers).toBe(fixture.repeatSpend.repeatBuyers - zero.length);
    const names = Object.keys(fit.cohorts);
    expect(names.slice(-4)).toEqual([
      'p_alive',
      'expected_purchases_52w',
      'expected_spend',
      'clv_12',
    ]);
  });

  it('clv_12 is customerLifetimeValue of the fitted models, customer by customer', () => {
    const bg = fit.pipeline.repeatBuying!.model.parameters;
    const gg = fit.pipeline.repeatBuying!.value!.model.parameters;
    const direct = customerLifetimeValue(bg, gg, summary, {
      horizonMonths: 12,
      monthLength: MONTH_IN_WEEKS,
      discountRate: 0.01,
    });
    const ids = getText(fit.cohorts, 'customer_id');
    const clv = getNumeric(fit.cohorts, 'clv_12');
    const rowOf = new Map(summary.customerId.map((id, i) => [id, i]));
    let total = 0;
    const frequency = getNumeric(fit.cohorts, 'frequency');
    let unvalued = 0;
    for (let i = 0; i < ids.length; i++) {
      const j = rowOf.get(String(ids[i]))!;
      // No value ahead for the 68 customers who never bought anything (every order $0).
      if (frequency[i] === 0) {
        expect(clv[i]).toBeNaN();
        unvalued++;
        continue;
      }
      expect(clv[i]).toBe(direct[j]);
      total += clv[i]!;
    }
    expect(unvalued).toBe(68);
    expect(total).toBeGreaterThan(0);
  });

  it('scoreCustomers gives the same clv_12 from the fitted pipeline', async () => {
    const scored = await scoreCustomers(fit.pipeline, tx, { asOf: '1998-07-01' });
    expect(Array.from(getNumeric(scored.cohorts, 'clv_12'))).toEqual(
      Array.from(getNumeric(fit.cohorts, 'clv_12')),
    );
    expect(Array.from(getNumeric(scored.cohorts, 'expected_spend'))).toEqual(
      Array.from(getNumeric(fit.cohorts, 'expected_spend')),
    );
  });

  it('saves the spend model with the pipeline and restores it', () => {
    const doc = JSON.parse(JSON.stringify(pipelineToJSON(fit.pipeline))) as {
      bgNbd: { value: unknown };
    };
    const restored = pipelineFromJSON(doc);
    const before = fit.pipeline.repeatBuying!.value!;
    const after = restored.repeatBuying!.value!;
    expect(after.model.parameters).toEqual(before.model.parameters);
    expect(after.horizonMonths).toBe(12);
    const labelled = restored.label(fit.features.table, { repeatBuying: summary });
    expect(Array.from(getNumeric(labelled, 'clv_12'))).toEqual(
      Array.from(getNumeric(fit.cohorts, 'clv_12')),
    );
    expect(() => readCustomerValue({ ...(doc.bgNbd.value as object), horizonMonths: 0 })).toThrow(
      /"bgNbd.value" needs horizonMonths/,
    );
  });
});

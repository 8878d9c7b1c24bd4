import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/classes/lifecycle.js';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { RuleClassifier } from '../../src/classes/rules/rule-classifier.js';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import { DecisionTreeClassifier } from '../../src/classify/tree/decision-tree.js';
import { clusterCustomers } from '../../src/cluster/cluster-customers.js';
import { matrixFromTable } from '../../src/cluster/kmeans/matrix.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { customerFeatures, type CustomerFeatures } from '../../src/features/customer-features.js';
import { getNumeric, getText, takeRows, type ColumnTable } from '../../src/table/column-table.js';
import {
  customerFeaturesSql,
  duckdbDialect,
  scoringSql,
  sqlFeatureConfig,
  type ScoringParts,
  type SqlFeatureConfig,
} from '../../src/sql/index.js';
import { labelMismatches, numericDiff } from './helpers.js';

import { AS_OF, ROWS } from './edge-rows.js';

let engine: Engine;
let tx: Transactions;
let features: CustomerFeatures;
let table: ColumnTable;
let config: SqlFeatureConfig;

async function run(sql: string): Promise<ColumnTable> {
  return engine.columns(sql);
}

beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  const records = ROWS.map(([customer, date, amount, order, category]) => ({
    Customer: customer,
    'Sold at': date,
    'Net €': amount,
    Invoice: order,
    Group: category,
  }));
  tx = await loadTransactions(records, {
    engine,
    map: {
      customerId: 'Customer',
      date: 'Sold at',
      amount: 'Net €',
      orderId: 'Invoice',
      category: 'Group',
    },
  });
  // The same rows as a typed warehouse table (DATE column), read by the SQL.
  await engine.run(
    `CREATE TABLE sales AS SELECT "Customer", CAST("Sold at" AS DATE) AS "Sold at", "Net €", "Invoice", "Group" FROM ${tx.raw.name}`,
  );
  features = await customerFeatures(tx, { asOf: AS_OF, windows: [30, 180], maxCategories: 3 });
  table = features.table;
  // The fitted choices (as-of, windows, categories) with the warehouse table's column names.
  const fitted = await sqlFeatureConfig(tx, features, { maxCategories: 3 });
  config = {
    ...fitted,
    columns: {
      customerId: 'Customer',
      date: 'Sold at',
      amount: 'Net €',
      orderId: 'Invoice',
      category: 'Group',
    },
  };
});

afterAll(() => engine.close());

function row(t: ColumnTable, id: string): Record<string, unknown> {
  const i = (t['customer_id'] as string[]).indexOf(id);
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v[i]]));
}

describe('the features query on hand-made edge cases', () => {
  it('recovers the fitted choices: windows and the two largest categories plus "other"', () => {
    // Gross spend: music 260.27, books 104.34, electronics 100, toys 20.29, NULL 17.66.
    expect(config.categories).toEqual(['books', 'music', 'other']);
    expect(config.windows).toEqual([30, 180]);
    expect(config.asOf).toBe(AS_OF);
  });

  it('equals customerFeatures bit for bit on every customer and column', async () => {
    const sqlTable = await run(customerFeaturesSql(config, { table: 'sales' }));
    expect(sqlTable['customer_id']).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'erin',
      'frank',
      'gina',
      'hank',
      'judy',
      'kim',
      'lee',
    ]);
    expect(sqlTable['customer_id']).toEqual(table['customer_id']);
    for (const name of [...features.featureNames, 'has_transactions']) {
      const diff = numericDiff(getNumeric(table, name), sqlTable[name] as ArrayLike<unknown>);
      expect({ name, ...diff }).toEqual({ name, maxAbs: 0, missingMismatch: 0 });
    }
    expect(sqlTable['first_purchase']).toEqual(table['first_purchase']);
    expect(sqlTable['last_purchase']).toEqual(table['last_purchase']);
  });

  it('nets returns, keeps refund-only customers and empty windows (hand-computed)', async () => {
    const t = await run(customerFeaturesSql(config, { table: 'sales' }));
    const bob = row(t, 'bob');
    // Orders: o4 = 100 − 40 = 60 (positive), o5 = −25: one positive order, monetary 35.
    expect([bob['frequency'], bob['monetary'], bob['monetary_mean']]).toEqual([1, 35, 60]);
    expect(bob['recency_days']).toBe(151); // 2024-02-01 → 2024-07-01
    const carol = row(t, 'carol');
    // No positive order: recency and tenure from any order; no average order value.
    expect([
      carol['frequency'],
      carol['monetary'],
      carol['recency_days'],
      carol['tenure_days'],
    ]).toEqual([0, -20, 82, 91]);
    expect(carol['monetary_mean']).toBeNaN();
    expect(carol['mean_days_between_orders']).toBeNaN();
    const dave = row(t, 'dave');
    expect([
      dave['frequency_30d'],
      dave['monetary_30d'],
      dave['frequency_180d'],
      dave['monetary_180d'],
    ]).toEqual([0, 0, 0, 0]);
    const erin = row(t, 'erin');
    // 0.1 + 0.2 summed exactly: 0.3, not 0.30000000000000004; two orders (a day, then o7).
    expect([erin['frequency'], erin['monetary'], erin['monetary_mean']]).toEqual([2, 0.6, 0.3]);
    const judy = row(t, 'judy');
    expect([judy['frequency'], judy['monetary'], judy['recency_days']]).toEqual([2, 20, 1]);
    const alice = row(t, 'alice');
    // Gross spend 110: the NULL-category 10 is pooled into "other".
    expect([alice['share_books'], alice['share_music'], alice['share_other']]).toEqual([
      50 / 110,
      50 / 110,
      10 / 110,
    ]);
    expect(row(t, 'carol')['share_other']).toBe(0);
  });

  it('builds the amount from quantity × unit price like loadTransactions', async () => {
    const records = ROWS.filter((r) => r[2] !== null).map(([customer, date, amount, order]) => ({
      c: customer,
      d: date,
      q: 3,
      p: (amount as number) / 3,
      o: order,
    }));
    const tx3 = await loadTransactions(records, {
      engine,
      map: { customerId: 'c', date: 'd', quantity: 'q', unitPrice: 'p', orderId: 'o' },
    });
    const inProcess = (await customerFeatures(tx3, { asOf: AS_OF })).table;
    await engine.run(
      `CREATE TABLE sales3 AS SELECT c, CAST(d AS DATE) AS d, q, p, o FROM ${tx3.raw.name}`,
    );
    const sqlTable = await run(
      customerFeaturesSql(
        {
          asOf: AS_OF,
          columns: { customerId: 'c', date: 'd', quantity: 'q', unitPrice: 'p', orderId: 'o' },
        },
        { table: 'sales3' },
      ),
    );
    for (const name of ['monetary', 'monetary_mean', 'frequency', 'recency_days']) {
      expect(
        numericDiff(getNumeric(inProcess, name), sqlTable[name] as ArrayLike<unknown>),
      ).toEqual({
        maxAbs: 0,
        missingMismatch: 0,
      });
    }
  });
});

describe('the scoring query on hand-made edge cases', () => {
  it('matches every class scheme, with thresholds exactly on customers’ values', async () => {
    const rfm = new RfmScorer().fit(table);
    const tiers = new ValueTiers({ cuts: [0.2, 0.5] }).fit(table);
    const recency = getNumeric(table, 'recency_days');
    const tenure = getNumeric(table, 'tenure_days');
    const at = (id: string): number => (table['customer_id'] as string[]).indexOf(id);
    // Thresholds equal to customers' own values: `>` and `<=` decide, as in-process.
    const lifecycle = new Lifecycle({
      newDays: tenure[at('frank')] as number,
      atRiskDays: recency[at('frank')] as number,
      churnDays: recency[at('bob')] as number,
    }).fit(table);
    const rules = new RuleClassifier({
      rules: [
        { name: 'refunder', when: 'frequency = 0 and monetary < 0' },
        { name: 'tied', when: "monetary = 50 and last_purchase = '2024-05-15'" },
        { name: 'no gap', when: 'not (mean_days_between_orders > 0) or monetary_mean is null' },
        { name: 'music fan', when: 'share_music >= 0.5 and customer_id not in ("kim")' },
        { name: 'recent', when: 'recency_days in (1, 2, 6) or frequency_30d != 0' },
      ],
      defaultClass: 'other',
    }).fit(table);
    const parts: ScoringParts = { features: config, rfm, valueTiers: tiers, lifecycle, rules };
    // Two renderings of the rules: SQL's own NULL logic, and the explicit NULL guards that
    // dialects without it use; both must give predict's classes.
    for (const dialect of [duckdbDialect, { ...duckdbDialect, ternaryLogic: false }]) {
      const out = await run(scoringSql(parts, { dialect, table: 'sales' }).sql);
      const expected = rfm.transform(table);
      for (const name of ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_fm', 'rfm_cell', 'rfm_segment']) {
        expect({
          name,
          m: labelMismatches(
            Array.from(expected[name] as ArrayLike<unknown>),
            Array.from(out[name] as ArrayLike<unknown>),
          ),
        }).toEqual({ name, m: [] });
      }
      expect(labelMismatches(tiers.predict(table), out['value_tier'] as string[])).toEqual([]);
      expect(labelMismatches(lifecycle.predict(table), out['lifecycle'] as string[])).toEqual([]);
      expect(labelMismatches(rules.predict(table), out['custom_class'] as string[])).toEqual([]);
    }
    const stages = lifecycle.predict(table);
    // On the edges: frank's recency is atRiskDays and his tenure newDays; bob's recency is churnDays.
    expect([stages[at('kim')], stages[at('bob')], stages[at('frank')]]).toEqual([
      'active',
      'at-risk',
      'new',
    ]);
    const classes = rules.predict(table);
    expect([classes[at('carol')], classes[at('frank')], classes[at('hank')]]).toEqual([
      'refunder',
      'tied',
      'tied',
    ]);
    // The three tied customers share every class.
    const tiersOut = tiers.predict(table);
    expect(new Set([tiersOut[at('frank')], tiersOut[at('gina')], tiersOut[at('hank')]]).size).toBe(
      1,
    );
  });

  it('clusters like clusterCustomers (a refund-only customer is not clustered)', async () => {
    const clusters = clusterCustomers(table, { k: 2, seed: 3 });
    // Carol only returned things (frequency 0): she is left out, so monetary keeps its log.
    expect((clusters.scaler.steps[0]?.[1].toJSON().state as { columns: string[] }).columns).toEqual(
      ['frequency', 'monetary'],
    );
    const carol = (table['customer_id'] as string[]).indexOf('carol');
    expect(clusters.labels[carol]).toBe(-1);
    const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(table, clusters.names, {
      features: ['recency_days', 'monetary', 'share_music'],
    });
    const out = await run(
      scoringSql(
        { features: config, scaler: clusters.scaler, kmeans: clusters.model, tree },
        { table: 'sales' },
      ).sql,
    );
    // Not clustered (−1 in-process) is NULL in SQL.
    const own = Array.from(clusters.labels, (c) => (c < 0 ? NaN : c));
    expect(labelMismatches(own, Array.from(out['cluster'] as Float64Array))).toEqual([]);
    expect(
      labelMismatches(
        own.map((c) => (Number.isNaN(c) ? null : String(c))),
        out['cluster_name'] as string[],
      ),
    ).toEqual([]);
    const diff = numericDiff(clusters.distance, out['cluster_distance'] as Float64Array);
    expect(diff.missingMismatch).toBe(0);
    expect(diff.maxAbs).toBeLessThanOrEqual(1e-9);
    expect(labelMismatches(tree.predict(table), out['tree_class'] as string[])).toEqual([]);
  });

  it('leaves a customer without a cluster when the fitted log step cannot take its value', async () => {
    const ids = table['customer_id'] as string[];
    const others = Int32Array.from(ids.flatMap((id, i) => (id === 'carol' ? [] : [i])));
    const fitted = clusterCustomers(takeRows(table, others), { k: 3, seed: 1 });
    expect((fitted.scaler.steps[0]?.[1].toJSON().state as { columns: string[] }).columns).toEqual([
      'frequency',
      'monetary',
    ]);
    const out = await run(
      scoringSql(
        {
          features: config,
          scaler: fitted.scaler,
          kmeans: fitted.model,
          clusterNames: ['x', 'y', 'z'],
        },
        { table: 'sales', columns: ['cluster', 'cluster_name', 'cluster_distance'] },
      ).sql,
    );
    const carol = ids.indexOf('carol');
    expect([out['cluster']?.[carol], out['cluster_name']?.[carol]]).toEqual([NaN, null]);
    expect(out['cluster_distance']?.[carol]).toBeNaN();
    // Everyone else: the nearest centroid of the fitted model, by name.
    const x = fitted.scaler.transform(takeRows(table, others));
    const predicted = fitted.model.predict(matrixFromTable(x, fitted.features));
    const names = getText(out, 'cluster_name');
    expect(Array.from(others, (row) => names[row])).toEqual(
      Array.from(predicted, (c) => ['x', 'y', 'z'][c]),
    );
  });
});

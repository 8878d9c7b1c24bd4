import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { getNumeric, type ColumnTable } from '../../src/table/column-table.js';
import { scoringSql } from '../../src/sql/index.js';
import { fitCdnow, parityColumns, type FittedCdnow } from './fit-cdnow.js';
import { labelMismatches, numericDiff } from './helpers.js';

// The whole main job on the real CDNOW file, fitted in-process, exported as one SQL query and
// run in DuckDB over the raw transactions: every customer must come out the same.
let engine: Engine;
let fitted: FittedCdnow;
let table: ColumnTable;
let scored: ColumnTable;

beforeAll(async () => {
  engine = await Engine.open({ threads: 2 });
  fitted = await fitCdnow(engine);
  table = fitted.features.table;
  const query = scoringSql(fitted.parts, {
    table: fitted.tx.table,
    columns: parityColumns(fitted),
  });
  scored = await engine.columns(query.sql);
});

afterAll(() => engine.close());

describe('scoringSql on CDNOW (23,570 customers) in DuckDB', () => {
  it('has one row per customer, in the same order as customerFeatures', () => {
    expect(scored['customer_id']).toHaveLength(23570);
    expect(scored['customer_id']).toEqual(table['customer_id']);
  });

  it('computes every feature bit-identically (money summed in exact fixed point)', () => {
    expect(fitted.features.featureNames).toEqual([
      'recency_days',
      'frequency',
      'monetary',
      'monetary_mean',
      'tenure_days',
      'mean_days_between_orders',
      'frequency_90d',
      'monetary_90d',
      'frequency_365d',
      'monetary_365d',
    ]);
    for (const name of fitted.features.featureNames) {
      const diff = numericDiff(getNumeric(table, name), scored[name] as ArrayLike<unknown>);
      expect({ name, ...diff }).toEqual({ name, maxAbs: 0, missingMismatch: 0 });
    }
  });

  it('gives every customer the RFM scores, cell and segment of RfmScorer.transform', () => {
    const expected = fitted.rfm.transform(table);
    for (const name of ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_fm', 'rfm_cell', 'rfm_segment']) {
      const mismatches = labelMismatches(
        Array.from(expected[name] as ArrayLike<unknown>),
        Array.from(scored[name] as ArrayLike<unknown>),
      );
      expect({ name, mismatches }).toEqual({ name, mismatches: [] });
    }
    // The learned edges include ties (frequency 2 is two edges): every segment occurs.
    expect(new Set(scored['rfm_segment'] as string[]).size).toBeGreaterThanOrEqual(10);
  });

  it('gives every customer the value tier, lifecycle stage and rule class of predict', () => {
    expect(labelMismatches(fitted.tiers.predict(table), scored['value_tier'] as string[])).toEqual(
      [],
    );
    expect(
      labelMismatches(fitted.lifecycle.predict(table), scored['lifecycle'] as string[]),
    ).toEqual([]);
    expect(
      labelMismatches(fitted.rules.predict(table), scored['custom_class'] as string[]),
    ).toEqual([]);
    // Tiers are cut among the 23,502 buyers: 1,176 / 3,525 / 18,801 (computed apart with awk
    // and Python), and the 68 customers whose every order was of zero value are "no purchases".
    const tiers = scored['value_tier'] as string[];
    const count = (tier: string) => tiers.filter((t) => t === tier).length;
    expect(['A', 'B', 'C', 'no purchases'].map(count)).toEqual([1176, 3525, 18801, 68]);
    expect(new Set(scored['custom_class'] as string[])).toEqual(
      new Set(['VIP', 'one-off', 'lapsed', 'regular']),
    );
  });

  it('scales like the fitted pipeline and finds the same nearest centroid, name and distance', () => {
    const scaledInProcess = fitted.clusters.scaler.transform(table);
    // Only buyers are clustered: the 68 zero-value customers have no scaled values in SQL.
    const frequency = getNumeric(table, 'frequency');
    const buyer = Array.from(frequency, (f) => f > 0);
    for (const name of fitted.clusters.features) {
      const sql = Array.from(scored[`scaled_${name}`] as ArrayLike<unknown>);
      expect(sql.filter((v, i) => !buyer[i] && v !== null && !Number.isNaN(v))).toEqual([]);
      const diff = numericDiff(
        getNumeric(scaledInProcess, name).map((v, i) => (buyer[i] ? v : NaN)),
        sql,
      );
      expect(diff.missingMismatch).toBe(0);
      expect(diff.maxAbs).toBeLessThanOrEqual(1e-9);
    }
    // Not clustered (−1 and '' in-process) is NULL in SQL.
    expect(
      labelMismatches(
        Array.from(fitted.clusters.labels, (c) => (c < 0 ? NaN : c)),
        Array.from(scored['cluster'] as Float64Array),
      ),
    ).toEqual([]);
    expect(
      labelMismatches(
        fitted.clusters.names.map((n) => (n === '' ? null : n)),
        scored['cluster_name'] as string[],
      ),
    ).toEqual([]);
    const distance = numericDiff(
      fitted.clusters.distance,
      scored['cluster_distance'] as Float64Array,
    );
    expect(distance.missingMismatch).toBe(0);
    expect(distance.maxAbs).toBeLessThanOrEqual(1e-9);
    const clustered = Array.from(scored['cluster'] as Float64Array).filter(Number.isFinite);
    expect(clustered).toHaveLength(23_502);
    expect(new Set(clustered).size).toBe(4);
  });

  it('gives every customer the surrogate tree prediction', () => {
    expect(
      labelMismatches(fitted.tree.predict(table), scored['surrogate_cluster'] as string[]),
    ).toEqual([]);
  });

  it('reads a warehouse table with its own column names to the same result', async () => {
    const name = '"cdnow sales"';
    await engine.run(
      // Padded ids are trimmed, as loadTransactions trims them.
      `CREATE TABLE ${name} AS SELECT ' ' || customer_id || ' ' AS "Customer Id", ts AS "Bought at", amount AS "Amount $" FROM ${fitted.tx.table}`,
    );
    const query = scoringSql(
      {
        ...fitted.parts,
        features: {
          ...fitted.parts.features,
          columns: { customerId: 'Customer Id', date: 'Bought at', amount: 'Amount $' },
        },
      },
      {
        table: name,
        columns: ['monetary', 'rfm_segment', 'cluster_distance', 'surrogate_cluster'],
      },
    );
    const again = await engine.columns(query.sql);
    expect(Object.keys(again)).toEqual([
      'customer_id',
      'monetary',
      'rfm_segment',
      'cluster_distance',
      'surrogate_cluster',
    ]);
    for (const column of Object.keys(again)) {
      expect(Array.from(again[column] as ArrayLike<unknown>)).toEqual(
        Array.from(scored[column] as ArrayLike<unknown>),
      );
    }
  });
});

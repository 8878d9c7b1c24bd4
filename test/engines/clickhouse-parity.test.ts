import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineInertia,
  fitPipelineOnFeatures,
  fitSample,
  partitionInertia,
  remoteFeatures,
  scoreInEngine,
  scoreIntoTable,
  type SampleFit,
} from '../../src/engines/index.js';
import { remoteAsOf } from '../../src/engines/clickhouse/source.js';
import { customerFeatures, type CustomerFeatures } from '../../src/features/customer-features.js';
import { scoreCustomers } from '../../src/pipeline/index.js';
import { rowCount, takeRows, type ColumnTable } from '../../src/table/column-table.js';
import { labelMismatches, numericDiff } from '../sql/helpers.js';
import { CLICKHOUSE_SERVER } from './clickhouse-cluster.js';
import { CDNOW_COLUMNS, cdnowOnClickHouse, type CdnowOnClickHouse } from './clickhouse-cdnow.js';

// Features, a sample fit and scoring of every CDNOW customer in a two-shard ClickHouse 18.16
// cluster, against DuckDB in-process. Skipped where clickhouse-server is not installed.
const WINDOWS = [90, 365];
const LABELS = ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_cell', 'rfm_segment', 'value_tier', 'lifecycle'];
const CLUSTER_LABELS = ['cluster', 'cluster_name'];

let ch: CdnowOnClickHouse;
let duck: CustomerFeatures;
let sampled: SampleFit;
let inProcess: ColumnTable;

/** Largest |difference| over numeric columns, and every label mismatch. */
function compare(expected: ColumnTable, actual: ColumnTable, numeric: string[], labels: string[]) {
  let maxAbs = 0;
  let missing = 0;
  for (const name of numeric) {
    const diff = numericDiff(expected[name] as Float64Array, actual[name] as Float64Array);
    maxAbs = Math.max(maxAbs, diff.maxAbs);
    missing += diff.missingMismatch;
  }
  const mismatches = labels.flatMap((name) =>
    labelMismatches(
      Array.from(expected[name] as ArrayLike<unknown>),
      Array.from(actual[name] as ArrayLike<unknown>),
    ).map((m) => `${name} ${m}`),
  );
  return { maxAbs, missing, mismatches };
}

describe.skipIf(CLICKHOUSE_SERVER === undefined)('ClickHouse engine on two shards (CDNOW)', () => {
  beforeAll(async () => {
    ch = await cdnowOnClickHouse();
    duck = await customerFeatures(ch.tx, { windows: WINDOWS });
    sampled = await fitSample(ch.client, {
      table: 'cdnow_all',
      columns: CDNOW_COLUMNS,
      windows: WINDOWS,
      sampleCustomers: 5000,
      seed: 7,
    });
    inProcess = (await scoreCustomers(sampled.pipeline, ch.tx)).cohorts;
  });

  afterAll(async () => {
    await ch?.stop();
  });

  it('computes every customer’s features in the engine as customerFeatures does', async () => {
    for (const shards of [undefined, ch.shards]) {
      const remote = await remoteFeatures(ch.client, {
        table: 'cdnow_all',
        columns: CDNOW_COLUMNS,
        windows: WINDOWS,
        ...(shards === undefined ? {} : { shards }),
      });
      expect(remote.asOf).toBe(duck.asOf);
      expect(remote.featureNames).toEqual(duck.featureNames);
      expect(Object.keys(remote.table)).toEqual(Object.keys(duck.table));
      expect(remote.table['customer_id']).toEqual(duck.table['customer_id']);
      expect(rowCount(remote.table)).toBe(23570);
      const result = compare(
        duck.table,
        remote.table,
        [...duck.featureNames, 'has_transactions'],
        ['first_purchase', 'last_purchase'],
      );
      expect(result.mismatches).toEqual([]);
      expect(result.missing).toBe(0);
      expect(result.maxAbs).toBeLessThanOrEqual(1e-9);
    }
  });

  it('finds the default as-of date past stray dates, as loadTransactions does', async () => {
    // One row dated after today: without the stray-date rule it would move the as-of to 2031.
    const table = `(SELECT customer_id, day, amount FROM cdnow_all
      UNION ALL SELECT '99999' AS customer_id, toDate('2031-01-01') AS day, 5.0 AS amount) AS with_stray`;
    expect(await remoteAsOf(ch.client, { table, columns: CDNOW_COLUMNS })).toBe('1998-07-01');
    expect(await remoteAsOf(ch.client, { table: 'cdnow_all', columns: CDNOW_COLUMNS })).toBe(
      duck.asOf,
    );
  });

  it('draws a seeded sample of 5,000 customers in the engine, with their exact features', async () => {
    const ids = sampled.sample.table['customer_id'] as string[];
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
    expect(sampled.sample.asOf).toBe(duck.asOf); // the whole table's as-of date
    const all = duck.table['customer_id'] as string[];
    const rowOf = new Map(all.map((id, i) => [id, i]));
    const rows = Int32Array.from(ids, (id) => rowOf.get(id) ?? -1);
    expect(rows.every((r) => r >= 0)).toBe(true);
    const result = compare(
      takeRows(duck.table, rows),
      sampled.sample.table,
      [...duck.featureNames],
      [],
    );
    expect(result.maxAbs).toBeLessThanOrEqual(1e-9);
    // Same seed → same customers; another seed → another sample.
    const again = await remoteFeatures(ch.client, {
      table: 'cdnow_all',
      columns: CDNOW_COLUMNS,
      sample: { customers: 5000, seed: 7 },
    });
    expect(again.table['customer_id']).toEqual(ids);
    const other = await remoteFeatures(ch.client, {
      table: 'cdnow_all',
      columns: CDNOW_COLUMNS,
      sample: { customers: 5000, seed: 8 },
    });
    const overlap = (other.table['customer_id'] as string[]).filter((id) => new Set(ids).has(id));
    // Two independent 5,000-of-23,570 draws share about 5000²/23570 ≈ 1,061 customers.
    expect(overlap.length).toBeGreaterThan(800);
    expect(overlap.length).toBeLessThan(1400);
    expect(sampled.pipeline.features.customers).toBe(5000);
  });

  it('scores every customer in the engine exactly as the same model does in-process', async () => {
    expect(sampled.pipeline.clustering).toBeDefined();
    for (const shards of [undefined, ch.shards]) {
      const scored = await scoreInEngine(ch.client, sampled.pipeline, {
        table: 'cdnow_all',
        ...(shards === undefined ? {} : { shards }),
      });
      expect(scored.asOf).toBe(duck.asOf);
      expect(scored.table['customer_id']).toEqual(inProcess['customer_id']);
      const result = compare(
        inProcess,
        scored.table,
        ['cluster_distance'],
        [...LABELS, ...CLUSTER_LABELS],
      );
      expect(result.mismatches).toEqual([]);
      expect(result.missing).toBe(0);
      expect(result.maxAbs).toBeLessThanOrEqual(1e-9);
    }
  });

  it('writes the scores into a ClickHouse table on each shard and returns the counts', async () => {
    const summary = await scoreIntoTable(ch.client, sampled.pipeline, {
      table: 'cdnow_all',
      shards: ch.shards,
      into: 'cdnow_scores',
    });
    expect(summary.customers).toBe(23570);
    const expected: Record<string, number> = {};
    for (const name of inProcess['cluster_name'] as (string | null)[]) {
      if (name !== null) expected[name] = (expected[name] ?? 0) + 1;
    }
    expect(summary.clusters).toEqual(expected);
    const perShard = await Promise.all(
      ch.shards.map(async (s) =>
        Number((await s.client.text('SELECT count() FROM cdnow_scores')).trim()),
      ),
    );
    expect(perShard.every((n) => n > 5000)).toBe(true);
    expect(perShard[0]! + perShard[1]!).toBe(23570);
  });

  it('measures the sampled model’s inertia over every customer in the engine', async () => {
    const model = sampled.pipeline;
    const clustering = model.clustering!;
    const sampledInertia = await engineInertia(ch.client, model, {
      table: 'cdnow_all',
      shards: ch.shards,
    });
    const distances = inProcess['cluster_distance'] as Float64Array;
    let expected = 0;
    let clustered = 0;
    for (const d of distances) {
      if (!Number.isNaN(d)) {
        expected += d * d;
        clustered++;
      }
    }
    expect(sampledInertia.customers).toBe(clustered);
    expect(Math.abs(sampledInertia.inertia - expected) / expected).toBeLessThan(1e-12);

    // A full fit with the same k, its inertia measured the same way; both partitions then
    // in the full fit's units.
    const full = fitPipelineOnFeatures(
      {
        table: duck.table,
        featureNames: duck.featureNames,
        asOf: duck.asOf,
        mapping: CDNOW_COLUMNS,
      },
      { windows: WINDOWS, k: clustering.names.length, seed: 7 },
    ).pipeline;
    const fullInertia = await engineInertia(ch.client, full, { table: 'cdnow_all' });
    const fullModelInertia = full.clustering!.kmeans.inertia;
    expect(Math.abs(fullInertia.inertia - fullModelInertia) / fullModelInertia).toBeLessThan(1e-9);
    const sampledInFullUnits = partitionInertia(sampledInertia, model, full);
    const fullInFullUnits = partitionInertia(fullInertia, full);
    // Lloyd's fixed point: a converged partition's WSS about its means is its inertia.
    expect(Math.abs(fullInFullUnits - fullModelInertia) / fullModelInertia).toBeLessThan(1e-6);
    console.log(
      `k=${clustering.names.length}: sampled model Σd² ${sampledInertia.inertia.toFixed(2)} (own units), ` +
        `${sampledInFullUnits.toFixed(2)} (full-fit units); full fit ${fullModelInertia.toFixed(2)}; ` +
        `ratio ${(sampledInFullUnits / fullModelInertia).toFixed(4)}`,
    );
    expect(sampledInFullUnits / fullModelInertia).toBeGreaterThan(0.99);
    expect(sampledInFullUnits / fullModelInertia).toBeLessThan(1.05);
  });
});

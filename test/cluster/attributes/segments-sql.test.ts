/**
 * The segments as SQL, run in DuckDB on the same CSV files: the same segment and name for
 * every row as in-process, for k-prototypes (text and numeric-coded categories, logged
 * features) and k-means; missing values and unseen categories as in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentAttributes, segmentsSql } from '../../../src/cluster/attributes/index.js';
import { KPrototypes } from '../../../src/cluster/kprototypes/index.js';
import { Engine } from '../../../src/data/engine.js';
import { readTable } from '../../../src/data/read-table.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
  await engine.run(
    `CREATE TABLE mall AS SELECT row_number() OVER () AS row_id, * FROM read_csv_auto('data/mall_customers.csv')`,
  );
  await engine.run(
    `CREATE TABLE wholesale AS SELECT row_number() OVER () AS row_id, * FROM read_csv_auto('data/wholesale_customers.csv')`,
  );
});
afterAll(() => engine.close());

async function scored(sql: string): Promise<{ segment: number[]; names: (string | null)[] }> {
  const table = await engine.columns(`SELECT segment, segment_name FROM (${sql}) ORDER BY row_id`);
  return {
    segment: Array.from(table['segment'] as Float64Array),
    names: [...(table['segment_name'] as (string | null)[])],
  };
}

describe('segmentsSql in DuckDB', () => {
  it('k-prototypes on the Mall customers: the same segment and name for every row', async () => {
    const mall = await readTable('data/mall_customers.csv');
    const seg = segmentAttributes(mall, {
      features: ['Genre', 'Age', 'Annual*', 'Spending*'],
      k: 5,
    });
    const out = await scored(segmentsSql(seg, { from: 'mall' }));
    expect(out.segment).toEqual(Array.from(seg.labels));
    expect(out.names).toEqual(seg.names);
  });

  it('Wholesale with numeric-coded categories and logged spends', async () => {
    const wholesale = await readTable('data/wholesale_customers.csv');
    const seg = segmentAttributes(wholesale, {
      features: ['Channel', 'Region', 'Fresh', 'Milk', 'Grocery', 'Frozen', 'Det*', 'Deli*'],
      k: 4,
      transforms: { Channel: 'categorical', Region: 'categorical' },
    });
    expect(seg.scaling.every((s) => s.log)).toBe(true);
    const sql = segmentsSql(seg, { from: 'wholesale' });
    expect(sql).toContain('"Channel" = 2 THEN 0');
    const out = await scored(sql);
    expect(out.segment).toEqual(Array.from(seg.labels));
  });

  it('k-means (numbers only); a missing value gives −1, an unseen category a full mismatch', async () => {
    const mall = await readTable('data/mall_customers.csv');
    const five = segmentAttributes(mall, { features: ['Annual*', 'Spending*'], k: 5 });
    expect((await scored(segmentsSql(five, { from: 'mall' }))).segment).toEqual(
      Array.from(five.labels),
    );
    const mixed = segmentAttributes(mall, { features: ['Genre', 'Age'], k: 3 });
    await engine.run(
      `CREATE TABLE odd AS SELECT 1 AS row_id, 'Other' AS "Genre", 30.0 AS "Age" UNION ALL SELECT 2, 'Male', NULL`,
    );
    const out = await scored(segmentsSql(mixed, { from: 'odd' }));
    const model = mixed.model as KPrototypes;
    const expected = model.predict({
      numeric: [[(30 - mixed.scaling[0]!.mean) / mixed.scaling[0]!.std]],
      categorical: { Genre: ['Other'] },
    });
    expect(out.segment).toEqual([expected[0], -1]);
    expect(out.names[1]).toBeNull();
  });

  it('quotes what it embeds', () => {
    const table = {
      'we"ird': Float64Array.of(1, 2, 10, 11),
      "it's": ["a'b", "a'b", 'c', 'c'],
    };
    const seg = segmentAttributes(table, { features: ['we"ird', "it's"], k: 2 });
    const sql = segmentsSql(seg, { from: 'my "table"' });
    expect(sql).toContain('"we""ird"');
    expect(sql).toContain(`"it's" = 'a''b'`);
    expect(sql).toContain('FROM "my ""table"""');
  });
});

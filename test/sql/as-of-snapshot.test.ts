import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { fitPipeline, type PipelineFit } from '../../src/pipeline/fit-pipeline.js';
import { scoreCustomers } from '../../src/pipeline/score.js';
import { pipelineModelText } from '../../src/pipeline/index.js';
import { pipelineScoringSql } from '../../src/pipeline/scoring-sql.js';
import { getColumn, type ColumnTable } from '../../src/table/column-table.js';
import { cli, io, tempDir } from '../cli/helpers.js';
import { labelMismatches, numericDiff } from './helpers.js';

// Fit on CDNOW before 1998-01-01, score all of CDNOW (to 1998-06-30) in-process and with the
// scoring query in DuckDB: the query computes the as-of date from the table it reads, as
// scoreCustomers does, so every customer gets the same labels.
const map = { customerId: 'customer_id', date: 'date', amount: 'dollar_value' };
const LABELS = ['rfm_segment', 'rfm_cell', 'value_tier', 'lifecycle', 'cluster', 'cluster_name'];

let engine: Engine;
let fit: PipelineFit;
let all: Transactions;
let modelFile: string;

beforeAll(async () => {
  engine = await Engine.open();
  const dir = tempDir();
  const lines = readFileSync('data/cdnow_master.txt', 'utf8').split('\n');
  const early = [
    lines[0],
    ...lines.slice(1).filter((l) => /\s19970\d{3}\s|\s1997[01]\d{3}\s/.test(l)),
  ];
  const earlyFile = join(dir, 'cdnow_1997.txt');
  writeFileSync(earlyFile, `${early.join('\n')}\n`);
  const tx = await loadTransactions(earlyFile, { engine, map });
  fit = await fitPipeline(tx, { seed: 42, k: 4 });
  modelFile = join(dir, 'model.json');
  writeFileSync(modelFile, pipelineModelText(fit.pipeline));
  all = await loadTransactions('data/cdnow_master.txt', { engine, map });
  await engine.run(
    `CREATE TABLE snapshot AS SELECT customer_id, CAST(strptime(CAST(date AS VARCHAR), '%Y%m%d') AS DATE) AS date,
       dollar_value FROM ${all.raw.name}`,
  );
}, 120_000);
afterAll(() => engine.close());

function compare(expected: ColumnTable, actual: ColumnTable, columns: readonly string[]): void {
  expect(getColumn(actual, 'customer_id')).toEqual(getColumn(expected, 'customer_id'));
  for (const name of columns) {
    const e = expected[name];
    if (e === undefined) continue;
    if (e instanceof Float64Array) {
      const diff = numericDiff(e, getColumn(actual, name) as ArrayLike<unknown>);
      expect({ name, ...diff }).toEqual({ name, maxAbs: diff.maxAbs, missingMismatch: 0 });
      expect(diff.maxAbs, name).toBeLessThanOrEqual(name === 'cluster_distance' ? 1e-9 : 0);
    } else {
      expect(labelMismatches(e, getColumn(actual, name) as ArrayLike<unknown>), name).toEqual([]);
    }
  }
}

describe('scoring SQL: the as-of date of a later snapshot', () => {
  it('fitted as of 1998-01-01; the query computes 1998-07-01 from the snapshot, as scoreCustomers does', async () => {
    expect(fit.features.asOf).toBe('1998-01-01');
    const scored = await scoreCustomers(fit.pipeline, all);
    expect(scored.asOf).toBe('1998-07-01');
    const query = pipelineScoringSql(fit.pipeline, { table: 'snapshot' });
    expect(query.sql).not.toContain("DATE '1998-01-01'");
    const sql = await engine.columns(query.sql);
    expect(getColumn(sql, 'customer_id')).toHaveLength(23_570);
    compare(scored.cohorts, sql, [...query.columns, ...LABELS]);
    // The snapshot's recency runs to 1998-07-01: a last purchase on 1998-06-30 is 1 day old.
    const recency = getColumn(sql, 'recency_days') as Float64Array;
    expect(Math.min(...recency)).toBe(1);
  });

  it('a given as-of date is fixed in the query and in scoreCustomers alike', async () => {
    const scored = await scoreCustomers(fit.pipeline, all, { asOf: '1998-03-01' });
    const query = pipelineScoringSql(fit.pipeline, { table: 'snapshot', asOf: '1998-03-01' });
    expect(query.sql).toContain("DATE '1998-03-01'");
    compare(scored.cohorts, await engine.columns(query.sql), [...query.columns, ...LABELS]);
  });

  it('stray rows (2099, 1850, 0001) move neither as-of date; labels still agree', async () => {
    await engine.run(`CREATE TABLE stray AS SELECT * FROM snapshot UNION ALL
      SELECT * FROM (VALUES ('00001', DATE '2099-01-01', 5.0), ('00002', DATE '1850-03-04', 6.0),
        ('00003', DATE '0001-01-01', 7.0)) AS t(customer_id, date, dollar_value)`);
    const file = join(tempDir(), 'stray.csv');
    await engine.run(`COPY stray TO '${file}' (HEADER)`);
    const tx = await loadTransactions(file, { engine, map });
    expect(tx.warnings.map((w) => [w.code, w.count])).toEqual([['STRAY_DATES', 3]]);
    const scored = await scoreCustomers(fit.pipeline, tx);
    expect(scored.asOf).toBe('1998-07-01');
    expect(scored.warnings.map((w) => [w.code, w.count, w.example])).toEqual([
      ['STRAY_DATES', 3, '2099-01-01 at row 69660'],
    ]);
    const query = pipelineScoringSql(fit.pipeline, { table: 'stray' });
    const sql = await engine.columns(query.sql);
    compare(scored.cohorts, sql, [...query.columns, ...LABELS]);
    // 00002 and 00003 now first bought in 1850 and in year 1: their tenure says so.
    const ids = getColumn(sql, 'customer_id') as string[];
    const tenure = getColumn(sql, 'tenure_days') as Float64Array;
    expect(tenure[ids.indexOf('00002')]).toBe(54_175); // 1850-03-04 → 1998-07-01 (Python: 54175 days)
  });

  it('cohortlab sql: --as-of fixes the date, the header says which; a bad date names the flag', async () => {
    expect(await cli('sql', '--model', modelFile, '--table', 'snapshot')).toBe(0);
    expect(io.stdout).toContain(
      '-- As of the day after the last plausible transaction of snapshot',
    );
    expect(io.stdout).toContain('Fitted as of 1998-01-01.');
    const computed = await engine.columns(io.stdout.trim().replace(/;$/, ''));
    expect(getColumn(computed, 'customer_id')).toHaveLength(23_570);
    expect(
      await cli('sql', '--model', modelFile, '--table', 'snapshot', '--as-of', '1998-03-01'),
    ).toBe(0);
    expect(io.stdout).toContain('-- As of 1998-03-01 (transactions before it count).');
    expect(await cli('sql', '--model', modelFile, '--as-of', '1998-02-30')).toBe(2);
    expect(io.stderr).toBe('cohortlab: --as-of must be a date like 1998-07-01, got "1998-02-30"\n');
  });
});

/**
 * Inputs from the catalogue that look odd but are valid: the library must load them with the
 * right values, and `cohortlab run` must finish (exit 0, nothing on stderr). Data too small or
 * too uniform to cluster is run without clusters, with a note, by design of the main job.
 */
import { readFileSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterCustomers } from '../../src/cluster/cluster-customers.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { matrixFromTable } from '../../src/cluster/kmeans/matrix.js';
import type { MatrixLike } from '../../src/cluster/metrics/matrix-like.js';
import { bootstrapStability } from '../../src/cluster/metrics/stability.js';
import { Engine } from '../../src/data/engine.js';
import { qualityReport } from '../../src/data/quality.js';
import { loadTransactions, type TransactionMapping } from '../../src/data/transactions.js';
import { assertWritable } from '../../src/export/write-file.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { getNumeric, getText } from '../../src/table/column-table.js';
import { bad, expectRefused, failure, MAP, MAP_ARG, runCli, tempDir } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
});
afterAll(() => engine.close());

const load = (file: string, map: TransactionMapping = MAP) =>
  loadTransactions(file, { engine, map });
const rows = async (table: string) =>
  engine.rows(
    `SELECT customer_id, CAST(day AS VARCHAR) AS day, amount, category FROM ${table} ORDER BY __row`,
  );
async function featuresOf(file: string, asOf?: string) {
  const tx = await load(file);
  return { tx, table: (await customerFeatures(tx, asOf === undefined ? {} : { asOf })).table };
}
/** Per customer id, the value of a numeric feature. */
function byCustomer(table: Awaited<ReturnType<typeof featuresOf>>['table'], feature: string) {
  const ids = getText(table, 'customer_id');
  const values = getNumeric(table, feature);
  return Object.fromEntries(ids.map((id, i) => [id, values[i]]));
}
/** The report files every successful run writes (the per-customer table's name and formats vary). */
const REPORTS = ['classes.json', 'clusters.json', 'quality.json'];

/** Runs the CLI on a catalogue file and asserts it succeeded; returns the outcome and the folder. */
async function runOk(args: string[]) {
  const out = join(tempDir(), 'out');
  const outcome = await runCli(args, out);
  // Only warnings on stderr (each one line, `cohortlab: warning CODE: …`), never an error.
  const lines = outcome.stderr.split('\n').filter(Boolean);
  expect(lines.filter((line) => !/^cohortlab: warning [A-Z_]+: /.test(line))).toEqual([]);
  expect(outcome.code).toBe(0);
  expect(outcome.written).toEqual(expect.arrayContaining(REPORTS));
  return { outcome, out };
}
/** A JSON file the run wrote. */
const written = <T>(out: string, name: string): T =>
  JSON.parse(readFileSync(join(out, name), 'utf8')) as T;
type Quality = Awaited<ReturnType<typeof qualityReport>>;

describe('accepted inputs: loaded with the right values', () => {
  it('a UTF-8 BOM is not part of the first column name', async () => {
    const tx = await load(bad('bom.csv'));
    expect(tx.raw.columns.map((c) => c.name)).toEqual(['customer', 'date', 'amount']);
    const loaded = await rows(tx.table);
    expect(loaded).toHaveLength(10);
    expect(loaded[0]).toEqual({
      customer_id: 'c1',
      day: '2024-01-05',
      amount: 10.5,
      category: null,
    });
    expect(loaded[9]).toEqual({
      customer_id: 'c6',
      day: '2024-01-02',
      amount: 300,
      category: null,
    });
    const { out } = await runOk(['--transactions', bad('bom.csv'), '--map', MAP_ARG]);
    expect(written<Quality>(out, 'quality.json')).toMatchObject({
      rows: 10,
      usableRows: 10,
      customers: 6,
    });
  });

  it('a gzip-compressed CSV loads like the plain file', async () => {
    const plain = await rows((await load(bad('good.csv'))).table);
    const packed = await load(bad('good.csv.gz'));
    expect(packed.raw.columns.map((c) => c.name)).toEqual(['customer', 'date', 'amount']);
    expect(await rows(packed.table)).toEqual(plain);
    expect(plain).toHaveLength(10);
  });

  it('quoted fields keep newlines, delimiters and doubled quotes', async () => {
    const tx = await load(bad('quoted-newlines.csv'), { ...MAP, category: 'note' });
    expect(await rows(tx.table)).toEqual([
      { customer_id: 'c1', day: '2024-01-05', amount: 10.5, category: 'two\nlines' },
      { customer_id: 'c2', day: '2024-01-07', amount: 5.25, category: 'a "quoted", word' },
      { customer_id: 'c3', day: '2024-03-01', amount: 100, category: 'plain' },
    ]);
    await runOk([
      '--transactions',
      bad('quoted-newlines.csv'),
      '--map',
      `${MAP_ARG},category=note`,
    ]);
  });

  it('negative and zero amounts are returns: loaded, netted, counted', async () => {
    const { tx, table } = await featuresOf(bad('returns.csv'));
    expect(byCustomer(table, 'monetary')).toEqual({ c1: 70, c2: 50, c3: 0, c4: 75 });
    const quality = await qualityReport(tx);
    expect(quality).toMatchObject({
      rows: 7,
      usableRows: 7,
      negativeAmounts: 2,
      negativeAmountTotal: -50,
      zeroAmounts: 1,
      revenue: 195,
    });
    const { out } = await runOk(['--transactions', bad('returns.csv'), '--map', MAP_ARG]);
    // quality.json is the quality report plus the run's warnings.
    const { warnings, ...report } = written<Quality & { warnings: { code: string }[] }>(
      out,
      'quality.json',
    );
    expect(report).toEqual(quality);
    // 4 buyers (c3's return nets one of two orders): k = 3 on 2 of 5 votes is WEAK_CHOICE.
    expect(warnings.map((w) => w.code)).toEqual(['WEAK_CHOICE', 'PART_SKIPPED', 'PART_SKIPPED']);
  });

  it('transactions dated after the as-of date are counted and left out of the features', async () => {
    const { tx, table } = await featuresOf(bad('future-dates.csv'), '2024-06-01');
    expect(byCustomer(table, 'monetary')).toEqual({ c1: 10.5, c2: 5.25, c3: 100 });
    expect(byCustomer(table, 'recency_days')).toEqual({ c1: 148, c2: 146, c3: 92 });
    const quality = await qualityReport(tx, { asOf: '2024-06-01' });
    expect([quality.afterAsOf, quality.revenue]).toEqual([2, 115.75]);
    const { out } = await runOk([
      '--transactions',
      bad('future-dates.csv'),
      '--map',
      MAP_ARG,
      '--as-of',
      '2024-06-01',
    ]);
    const written = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as {
      afterAsOf: number;
    };
    expect(written.afterAsOf).toBe(2);
  });

  it('rows without a customer id are left out and counted', async () => {
    const { tx, table } = await featuresOf(bad('missing-customer-ids.csv'));
    expect(getText(table, 'customer_id')).toEqual(['c1', 'c2', 'c3']);
    const quality = await qualityReport(tx);
    expect([
      quality.rows,
      quality.usableRows,
      quality.missingCustomerId,
      quality.customers,
    ]).toEqual([5, 3, 2, 3]);
    await runOk(['--transactions', bad('missing-customer-ids.csv'), '--map', MAP_ARG]);
  });
});

describe('data too small or too uniform to cluster', () => {
  it('a single customer: the library refuses to cluster, the CLI runs without clusters', async () => {
    const { table } = await featuresOf(bad('single-customer.csv'));
    const error = await failure(() => clusterCustomers(table));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('clustering needs at least 2 customers with purchases, found 1');
    const { outcome, out } = await runOk([
      '--transactions',
      bad('single-customer.csv'),
      '--map',
      MAP_ARG,
    ]);
    expect(outcome.stdout).toContain(`clustering skipped: ${error.message}`);
    expect(JSON.parse(readFileSync(join(out, 'clusters.json'), 'utf8'))).toEqual({
      skipped: error.message,
    });
  });

  it('all customers identical: one distinct point, no k to choose', async () => {
    const { table } = await featuresOf(bad('identical-customers.csv'));
    const error = await failure(() => clusterCustomers(table));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(
      'choosing k needs at least 3 customers with distinct recency_days, frequency, monetary, found 1',
    );
    const { outcome } = await runOk([
      '--transactions',
      bad('identical-customers.csv'),
      '--map',
      MAP_ARG,
    ]);
    expect(outcome.stdout).toContain(`clustering skipped: ${error.message}`);
  });

  it('a constant feature (every customer bought once) is centred, not divided by zero', async () => {
    const { table } = await featuresOf(bad('constant-feature.csv'));
    expect([...getNumeric(table, 'frequency')]).toEqual([1, 1, 1, 1, 1, 1]);
    const clusters = clusterCustomers(table, { seed: 3 });
    const scaled = clusters.scaler.transform(table);
    expect([...getNumeric(scaled, 'frequency')]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(clusters.k).toBeGreaterThanOrEqual(2);
    expect([...clusters.labels].every((l) => l >= 0 && l < clusters.k)).toBe(true);
    const { out } = await runOk(['--transactions', bad('constant-feature.csv'), '--map', MAP_ARG]);
    expect((JSON.parse(readFileSync(join(out, 'clusters.json'), 'utf8')) as { k: number }).k).toBe(
      clusters.k,
    );
  });

  it('three customers are clustered: bootstrap resamples with fewer than k points are left out', async () => {
    const { table } = await featuresOf(bad('few-customers.csv'));
    const clusters = clusterCustomers(table);
    expect(clusters.k).toBe(2);
    expect(new Set(clusters.labels).size).toBe(2);
    // Three points, k = 2: a resample drawing one point three times cannot be clustered.
    const x = { data: Float64Array.from([0, 0, 1, 1, 5, 5]), rows: 3, cols: 2 };
    const cluster = (data: MatrixLike, k: number, seed: number) =>
      new KMeans({ k, seed, nInit: 1 }).fit(data).labels;
    const [row] = bootstrapStability(x, { ks: [2], resamples: 40, seed: 1, cluster });
    const scores = row?.scores ?? [];
    const measured = scores.filter((s) => !Number.isNaN(s));
    expect(measured.length).toBeGreaterThan(0);
    expect(measured.length).toBeLessThan(40);
    expect(row?.mean).toBeCloseTo(measured.reduce((a, b) => a + b, 0) / measured.length, 12);
    const { outcome } = await runOk(['--transactions', bad('few-customers.csv'), '--map', MAP_ARG]);
    expect(outcome.stdout).not.toContain('clustering skipped');
  });

  it('k larger than the distinct customers: KMeans refuses, and so does the CLI', async () => {
    const { table } = await featuresOf(bad('good.csv'));
    const x = matrixFromTable(table, ['recency_days', 'frequency', 'monetary']);
    const error = await failure(() => new KMeans({ k: 10 }).fit(x));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(
      'KMeans.fit: k = 10 but the data has only 6 distinct points; use k <= 6',
    );
    // An explicit --k the data cannot give is refused (exit 2, one line, nothing written);
    // only an automatic k is skipped with a note when there are too few customers.
    const out = join(tempDir(), 'out');
    const outcome = await runCli(
      ['--transactions', bad('good.csv'), '--map', MAP_ARG, '--k', '10'],
      out,
    );
    expectRefused(outcome, `k = 10: ${error.message}`);
  });
});

describe('existing output', () => {
  it('is refused without --force before any work, and left as it was', async () => {
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    const existing = join(out, 'quality.json');
    writeFileSync(existing, 'old\n');
    const error = await failure(() => assertWritable(existing));
    expect([error.code, error.file]).toEqual(['OUTPUT_EXISTS', existing]);
    const outcome = await runCli(['--transactions', bad('good.csv'), '--map', MAP_ARG], out);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(
      /^cohortlab: [^\n]*quality\.json: file exists; pass --force[^\n]*\n$/,
    );
    expect(readdirSync(out)).toEqual(['quality.json']);
    expect(readFileSync(existing, 'utf8')).toBe('old\n');
    // With --force the same run replaces it.
    const forced = await runCli(
      ['--transactions', bad('good.csv'), '--map', MAP_ARG, '--force'],
      out,
    );
    expect(forced.code).toBe(0);
    // Nothing on stderr but the run's warnings, one line each: a weak choice of k on 10 rows,
    // and three repeat buyers are too few for the spend model (left out with a note).
    expect(forced.stderr).toMatch(/^(cohortlab: warning [A-Z_]+: [^\n]*\n)*$/);
    expect(forced.stderr).toContain(
      'cohortlab: warning PART_SKIPPED: customer value skipped: Gamma-Gamma needs at least 20 ' +
        'repeat buyers with a positive mean repeat spend; found 3\n',
    );
    expect(written<Quality>(out, 'quality.json').rows).toBe(10);
  });
});

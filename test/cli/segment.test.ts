/** `cohortlab segment`: a customers-only run on the Mall data, its outputs and its errors. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSegmentsModel } from '../../src/cluster/attributes/index.js';
import { KPrototypes } from '../../src/cluster/kprototypes/index.js';
import { captureOutput, cli, io, parseCsv, tempDir } from './helpers.js';

captureOutput();
const MALL = 'data/mall_customers.csv';

describe('cohortlab segment', () => {
  it('segments the Mall customers on income and spending score: the five groups', async () => {
    const out = join(tempDir(), 'mall.csv');
    expect(
      await cli(
        'segment',
        '--customers',
        MALL,
        '--features',
        'Annual*,Spending*',
        '--k',
        '5',
        '--out',
        out,
      ),
    ).toBe(0);
    expect(io.stdout).toMatch(
      /segmented 200 customers on Annual Income \(k\$\) \(z-score\), Spending Score \(1-100\) \(z-score\)/,
    );
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual([
      'CustomerID',
      'Genre',
      'Age',
      'Annual Income (k$)',
      'Spending Score (1-100)',
      'segment',
      'segment_name',
    ]);
    const sizes = new Map<string, number>();
    for (const row of rows.slice(1)) sizes.set(row[5]!, (sizes.get(row[5]!) ?? 0) + 1);
    expect([...sizes.values()].sort((a, b) => a - b)).toEqual([22, 23, 35, 39, 81]);
  });

  it('segments on gender and age too (k-prototypes) and writes the model', async () => {
    const dir = tempDir();
    const model = join(dir, 'model.json');
    const code = await cli(
      'segment',
      '--customers',
      MALL,
      '--features',
      'Genre,Age,Annual*,Spending*',
      '--k',
      '4',
      '--seed',
      '3',
      '--model',
      model,
    );
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/Genre \(categorical\)/);
    expect(io.stdout).toMatch(/% (Female|Male), \d\.\d× the base rate/);
    const sql = join(dir, 'segments.sql');
    expect(
      await cli(
        'segment',
        '--customers',
        MALL,
        '--features',
        'Genre,Age,Annual*,Spending*',
        '--k',
        '4',
        '--seed',
        '3',
        '--sql',
        sql,
      ),
    ).toBe(0);
    expect(readFileSync(sql, 'utf8')).toMatch(
      /^SELECT \*, CASE WHEN "Age" IS NULL OR .*"Genre" IS NULL THEN -1 .* FROM "customers";\n$/s,
    );
    const restored = readSegmentsModel(readFileSync(model, 'utf8'));
    expect(restored.model).toBeInstanceOf(KPrototypes);
    expect((restored.model as KPrototypes).learned.categoricalNames).toEqual(['Genre']);
    // --apply labels a table with the saved model: the same segments as the fit.
    const fitted = join(dir, 'fitted.csv');
    const applied = join(dir, 'applied.csv');
    const fit = [
      'segment',
      '--customers',
      MALL,
      '--features',
      'Genre,Age,Annual*,Spending*',
      '--k',
      '4',
      '--seed',
      '3',
    ];
    expect(await cli(...fit, '--out', fitted)).toBe(0);
    expect(await cli('segment', '--customers', MALL, '--apply', model, '--out', applied)).toBe(0);
    expect(readFileSync(applied, 'utf8')).toBe(readFileSync(fitted, 'utf8'));
    expect(await cli('segment', '--customers', MALL, '--apply', model, '--k', '3')).toBe(2);
    expect(io.stderr).toMatch(/--k does not go with --apply/);
  });

  it('reads numeric codes as categories with --categorical (Wholesale Channel, Region)', async () => {
    const code = await cli(
      'segment',
      '--customers',
      'data/wholesale_customers.csv',
      '--features',
      'Channel,Region,Fresh,Milk,Grocery,Frozen,Det*,Deli*',
      '--categorical',
      'Channel,Region',
      '--k',
      '2',
    );
    expect(code).toBe(0);
    expect(io.stdout).toMatch(
      /Channel \(categorical\), Region \(categorical\), Fresh \(log, z-score\)/,
    );
    expect(io.stdout).toMatch(/Channel 2 /);
  });

  it('prints one clear line and writes nothing on bad input', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.csv');
    expect(
      await cli('segment', '--customers', MALL, '--features', 'Income', '--k', '3', '--out', out),
    ).toBe(2);
    expect(io.stderr).toMatch(
      /^cohortlab: data\/mall_customers\.csv: feature "Income" matches no column; columns: CustomerID, Genre/,
    );
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(
      await cli(
        'segment',
        '--customers',
        MALL,
        '--features',
        'Age',
        '--k',
        '3',
        '--categorical',
        'Genre',
      ),
    ).toBe(2);
    expect(io.stderr).toMatch(/--categorical: "Genre" is not among the --features columns/);
    expect(await cli('segment', '--customers', MALL, '--features', 'Age')).toBe(2);
    expect(io.stderr).toMatch(/segment needs --customers FILE, --features LIST and --k N/);
    expect(
      await cli('segment', '--customers', MALL, '--features', 'Age', '--k', '3', '--gamma', '0'),
    ).toBe(2);
    expect(io.stderr).toMatch(/--gamma must be auto, huang or a number > 0/);
    writeFileSync(out, 'keep');
    expect(
      await cli('segment', '--customers', MALL, '--features', 'Age', '--k', '3', '--out', out),
    ).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep');
  });

  it('warns on stderr about rows left out', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.csv');
    writeFileSync(file, 'id,age,country\n1,20,DE\n2,,FR\n3,60,FR\n4,62,FR\n5,21,DE\n');
    expect(await cli('segment', '--customers', file, '--features', 'age,country', '--k', '2')).toBe(
      0,
    );
    expect(io.stderr).toMatch(
      /^warning ROWS_DROPPED: 1 rows have a missing value .* \(e\.g\. row 2\)$/m,
    );
  });
});

describe('cohortlab segment --help', () => {
  it('prints its help', async () => {
    expect(await cli('segment', '--help')).toBe(0);
    expect(io.stdout.startsWith('Usage: cohortlab segment --customers FILE')).toBe(true);
    expect(await cli('help', 'segment')).toBe(0);
    expect(io.stdout).toContain('--categorical LIST');
    expect(await cli('--help')).toBe(0);
    expect(io.stdout).toContain('segment    segment a customer table');
  });
});

describe('cohortlab segment --k auto', () => {
  it('chooses k and says why', async () => {
    const code = await cli(
      'segment',
      '--customers',
      MALL,
      '--features',
      'Genre,Age,Annual*,Spending*',
      '--k',
      'auto',
    );
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/^k = (\d): highest Gower silhouette \(\d\.\d{3}\)/m);
    expect(io.stdout).toMatch(/^ {2}k = 2: silhouette \d\.\d{3}$/m);
    expect(io.stdout).toMatch(/^ {2}k = 6: silhouette \d\.\d{3}$/m);
    expect(await cli('segment', '--customers', MALL, '--features', 'Age', '--k', 'some')).toBe(2);
    expect(io.stderr).toMatch(/--k must be a whole number >= 1, got "some"/);
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { isNumericColumn } from '../../src/table/column-table.js';
import { captureOutput, cli, io, parseCsv, tempDir } from './helpers.js';

captureOutput();

const NUMERIC = new Set([
  'recency_days',
  'frequency',
  'monetary',
  'monetary_mean',
  'tenure_days',
  'mean_days_between_orders',
  'has_transactions',
  'rfm_r',
  'rfm_f',
  'rfm_m',
  'cluster',
  'cluster_distance',
  'purchase_probability',
  'p_alive',
  'expected_purchases_52w',
  'expected_spend',
  'clv_12',
]);
const FORMATS = ['csv', 'parquet', 'json', 'ndjson'];
const runArgs = (out: string): string[] => [
  'run',
  '--out',
  out,
  '--format',
  FORMATS.join(','),
  '--split-by',
  'cluster_name',
  '--seed',
  '7',
  '--likelihood',
  '90',
  '-q',
];

let first: string;
let second: string;
let firstStdout: string;
let header: string[];
let rows: string[][];
beforeAll(async () => {
  first = join(tempDir(), 'out');
  second = join(tempDir(), 'out');
  expect(await cli(...runArgs(first))).toBe(0);
  firstStdout = io.stdout;
  expect(await cli(...runArgs(second))).toBe(0);
  [header, ...rows] = parseCsv(readFileSync(join(first, 'cohorts.csv'), 'utf8')) as [
    string[],
    ...string[][],
  ];
}, 180_000);

/** A CSV cell as the value it stands for: numbers for numeric columns, null for empty. */
const csvValue = (name: string, cell: string): number | string | null =>
  cell === '' ? null : NUMERIC.has(name) ? Number(cell) : cell;

describe('cohortlab run exports (CDNOW, every format, split by cluster name)', () => {
  it('two runs with the same seed give byte-identical files', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
        .sort();
    expect(files(first)).toEqual(files(second));
    // Every file, report.html included (it reads no clock), is identical.
    for (const file of files(first)) {
      expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(
        true,
      );
    }
    const model = JSON.parse(readFileSync(join(first, 'model.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(model['createdAt']).toBeUndefined();
    expect((model['config'] as { seed: number }).seed).toBe(7);
    expect(header.slice(-5)).toEqual([
      'purchase_probability',
      'p_alive',
      'expected_purchases_52w',
      'expected_spend',
      'clv_12',
    ]);
    expect(firstStdout).toMatch(/Purchase likelihood \(90 days\): out-of-fold AUC 0\.\d{3}/);
  });

  it('Parquet read back through DuckDB holds exactly the CSV values, as DOUBLE and VARCHAR', async () => {
    const engine = await Engine.open();
    try {
      const path = join(first, 'cohorts.parquet').replace(/'/g, "''");
      const types = await engine.rows(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
      expect(types.map((t) => t['column_name'])).toEqual(header);
      for (const t of types) {
        const name = String(t['column_name']);
        expect(t['column_type'], name).toBe(NUMERIC.has(name) ? 'DOUBLE' : 'VARCHAR');
      }
      const table = await engine.columns(`SELECT * FROM read_parquet('${path}')`);
      expect(table['customer_id']).toHaveLength(23_570);
      header.forEach((name, j) => {
        const column = table[name]!;
        let mismatches = 0;
        rows.forEach((row, i) => {
          const expected = csvValue(name, row[j]!);
          const actual = isNumericColumn(column)
            ? Number.isNaN(column[i])
              ? null
              : column[i]
            : column[i];
          if (!Object.is(actual, expected)) mismatches++;
        });
        expect(mismatches, name).toBe(0);
      });
    } finally {
      engine.close();
    }
  });

  it('JSON and NDJSON records round-trip to the CSV values', () => {
    const records = JSON.parse(readFileSync(join(first, 'cohorts.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    const lines = readFileSync(join(first, 'cohorts.ndjson'), 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const ndjson = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(23_570);
    expect(ndjson).toEqual(records);
    const expected = rows.map((row) =>
      Object.fromEntries(header.map((name, j) => [name, csvValue(name, row[j]!)])),
    );
    expect(records).toEqual(expected);
    expect(Object.keys(records[0]!)).toEqual(header);
  });

  it('split-by writes one file per cluster name that together partition the customers', () => {
    const dir = join(first, 'cohorts');
    const nameAt = header.indexOf('cluster_name');
    const names = [...new Set(rows.map((r) => r[nameAt]!))].sort();
    const slug = (name: string): string => (name === '' ? 'missing' : name.replace(/ /g, '-'));
    expect(readdirSync(dir).sort()).toEqual(
      names.flatMap((n) => FORMATS.map((f) => `${slug(n)}.${f}`)).sort(),
    );
    const seen: string[] = [];
    for (const name of names) {
      const [partHeader, ...part] = parseCsv(readFileSync(join(dir, `${slug(name)}.csv`), 'utf8'));
      expect(partHeader).toEqual(header);
      expect(part.every((r) => r[nameAt] === name)).toBe(true);
      expect(part).toEqual(rows.filter((r) => r[nameAt] === name));
      seen.push(...part.map((r) => r[0]!));
      const ndjson = readFileSync(join(dir, `${slug(name)}.ndjson`), 'utf8')
        .trim()
        .split('\n');
      expect(ndjson).toHaveLength(part.length);
    }
    expect(seen.sort()).toEqual(rows.map((r) => r[0]!).sort());
  });
});

describe('cohortlab score', () => {
  const model = (): string => join(first, 'model.json');

  it('labels the training data exactly as the run did, and --where selects exactly the matching customers', async () => {
    const out = join(tempDir(), 'scored.csv');
    const where = 'lifecycle = "at-risk" and cluster = 1';
    expect(
      await cli(
        'score',
        '--model',
        model(),
        '--transactions',
        'data/cdnow_master.txt',
        '--out',
        out,
        '-q',
      ),
    ).toBe(0);
    expect(readFileSync(out).equals(readFileSync(join(first, 'cohorts.csv')))).toBe(true);
    expect(
      await cli(
        'score',
        '--model',
        model(),
        '--transactions',
        'data/cdnow_master.txt',
        '--where',
        where,
        '-q',
      ),
    ).toBe(0);
    const [scoredHeader, ...scored] = parseCsv(io.stdout);
    expect(scoredHeader).toEqual(header);
    const lifecycle = header.indexOf('lifecycle');
    const cluster = header.indexOf('cluster');
    const expected = rows.filter((r) => r[lifecycle] === 'at-risk' && r[cluster] === '1');
    expect(expected.length).toBeGreaterThan(100);
    expect(scored).toEqual(expected);
    // With CSV on stdout, the summary goes to stderr.
    expect(io.stderr).toMatch(/^customers\s+[\d,]+$/m);
  }, 60_000);

  it('writes Parquet when --out says so; refuses to overwrite without --force', async () => {
    const dir = tempDir();
    const args = ['score', '--model', model(), '--transactions', 'data/cdnow_master.txt'];
    expect(
      await cli(...args, '--out', join(dir, 'scores'), '--format', 'parquet,ndjson', '-q'),
    ).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['scores.ndjson', 'scores.parquet']);
    expect(await cli(...args, '--out', join(dir, 'scores.ndjson'), '-q')).toBe(2);
    expect(io.stderr).toBe(
      `cohortlab: ${join(dir, 'scores.ndjson')}: file exists; pass --force (force: true) to replace it\n`,
    );
    expect(readFileSync(join(dir, 'scores.ndjson'), 'utf8').split('\n')[0]).toBe(
      readFileSync(join(first, 'cohorts.ndjson'), 'utf8').split('\n')[0],
    );
  }, 60_000);
});

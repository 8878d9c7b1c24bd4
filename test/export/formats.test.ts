import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import {
  assertCanWrite,
  cohortSlug,
  filterRows,
  formatOfPath,
  parseFormats,
  planCohortExport,
  splitRows,
  toJson,
  toNdjson,
  writeCohortExport,
  writeParquet,
} from '../../src/export/index.js';
import type { ColumnTable } from '../../src/table/column-table.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'cohortlab-export-'));

// Values that stress float64 text round trips: subnormals, 0.1 + 0.2, huge, negative zero.
const table: ColumnTable = {
  id: ['a', 'b', 'c', 'd', 'e'],
  value: Float64Array.of(0.1 + 0.2, 5e-324, -1.7976931348623157e308, NaN, -0),
  segment: ['At risk', 'Champions', null, 'At risk', 'Champions'],
  cluster: Float64Array.of(1, 0, NaN, 1, 0),
};

describe('JSON and NDJSON', () => {
  it('write shortest round-trip numbers, null for NaN and missing text', () => {
    const records = JSON.parse(toJson(table)) as Record<string, unknown>[];
    expect(records).toEqual([
      { id: 'a', value: 0.30000000000000004, segment: 'At risk', cluster: 1 },
      { id: 'b', value: 5e-324, segment: 'Champions', cluster: 0 },
      { id: 'c', value: -1.7976931348623157e308, segment: null, cluster: null },
      { id: 'd', value: null, segment: 'At risk', cluster: 1 },
      { id: 'e', value: 0, segment: 'Champions', cluster: 0 },
    ]);
    const lines = toNdjson(table).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
    expect(lines.slice(0, 5).map((l) => JSON.parse(l) as unknown)).toEqual(records);
    expect(lines[0]).toBe('{"id":"a","value":0.30000000000000004,"segment":"At risk","cluster":1}');
    expect(toJson({ id: [] })).toBe('[]\n');
  });

  it('escape text and column names', () => {
    const text = toNdjson({ 'a "b"': ['line\nbreak "quoted" \\'] });
    expect(JSON.parse(text)).toEqual({ 'a "b"': 'line\nbreak "quoted" \\' });
  });
});

describe('writeParquet', () => {
  it('keeps every double bit-exact, NULL for NaN, types DOUBLE / VARCHAR; atomic and no-clobber', async () => {
    const dir = tempDir();
    const file = join(dir, 'nested', 't.parquet');
    await writeParquet(table, file);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['t.parquet']);
    const engine = await Engine.open();
    try {
      const rows = await engine.rows(
        `SELECT id, value, segment, cluster, typeof(value) AS t FROM read_parquet('${file}')`,
      );
      expect(rows.map((r) => r['t'])).toEqual(new Array(5).fill('DOUBLE'));
      expect(rows.map((r) => r['value'])).toEqual([
        0.30000000000000004,
        5e-324,
        -1.7976931348623157e308,
        null,
        -0,
      ]);
      expect(Object.is(rows[4]!['value'], -0)).toBe(true);
      expect(rows.map((r) => r['segment'])).toEqual([
        'At risk',
        'Champions',
        null,
        'At risk',
        'Champions',
      ]);
      await expect(writeParquet(table, file, { engine })).rejects.toMatchObject({
        code: 'OUTPUT_EXISTS',
        file,
      });
      await writeParquet({ id: ['z'] }, file, { engine, force: true });
      const replaced = await engine.rows(`SELECT * FROM read_parquet('${file}')`);
      expect(replaced).toEqual([{ id: 'z' }]);
      expect(readdirSync(join(dir, 'nested'))).toEqual(['t.parquet']);
    } finally {
      engine.close();
    }
  });
});

describe('filters, splits and formats', () => {
  it('filterRows uses the rule language with SQL semantics for missing values', () => {
    expect([...filterRows(table, 'segment = "At risk" and cluster = 1')]).toEqual([0, 3]);
    expect([...filterRows(table, "segment in ('Champions') or value > 1")]).toEqual([1, 4]);
    expect([...filterRows(table, 'not (cluster = 1)')]).toEqual([1, 4]); // NaN: unknown
    expect([...filterRows(table, 'segment is null')]).toEqual([2]);
    expect(() => filterRows(table, 'tier = "A"')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FEATURE', column: 'tier' }),
    );
    expect(() => filterRows(table, 'segment > 3')).toThrow(
      expect.objectContaining({ code: 'INVALID_RULE' }),
    );
    expect(() => filterRows(table, 'cluster = ')).toThrow(
      expect.objectContaining({ code: 'INVALID_RULE' }),
    );
  });

  it('splitRows partitions rows by value, ordered, with unique slugs', () => {
    const parts = splitRows(table, 'segment');
    expect(parts.map((p) => [p.value, p.slug, [...p.rows]])).toEqual([
      ['At risk', 'at-risk', [0, 3]],
      ['Champions', 'champions', [1, 4]],
      [null, 'missing', [2]],
    ]);
    const numeric = splitRows(table, 'cluster');
    expect(numeric.map((p) => [p.value, p.slug, [...p.rows]])).toEqual([
      ['0', '0', [1, 4]],
      ['1', '1', [0, 3]],
      [null, 'missing', [2]],
    ]);
    const clash = splitRows({ s: ['At risk', 'at-risk', 'Até'] }, 's');
    expect(clash.map((p) => p.slug)).toEqual(['at-risk', 'ate', 'at-risk-2']);
    expect(cohortSlug('  Recent, frequent — high spenders!  ')).toBe(
      'recent-frequent-high-spenders',
    );
    expect(cohortSlug('***')).toBe('cohort');
  });

  it('parseFormats and formatOfPath', () => {
    expect(parseFormats('CSV, parquet,csv')).toEqual(['csv', 'parquet']);
    expect(parseFormats(['ndjson'])).toEqual(['ndjson']);
    expect(() => parseFormats('xlsx')).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(formatOfPath('a/b.JSONL')).toBe('ndjson');
    expect(formatOfPath('a/b.parquet')).toBe('parquet');
    expect(formatOfPath('a/b.txt')).toBeUndefined();
  });
});

describe('cohort export plans', () => {
  it('filter then split into <dir>/cohorts/<slug>.<format>, checked before writing', async () => {
    const dir = tempDir();
    const plan = planCohortExport(table, {
      dir,
      formats: ['csv', 'ndjson'],
      splitBy: 'segment',
      where: 'cluster is not null',
    });
    expect(plan.files.map((f) => [f.path.slice(dir.length + 1), [...f.rows]])).toEqual([
      ['cohorts.csv', [0, 1, 2, 3]],
      ['cohorts.ndjson', [0, 1, 2, 3]],
      ['cohorts/at-risk.csv', [0, 2]],
      ['cohorts/at-risk.ndjson', [0, 2]],
      ['cohorts/champions.csv', [1, 3]],
      ['cohorts/champions.ndjson', [1, 3]],
    ]);
    expect(existsSync(join(dir, 'cohorts'))).toBe(false);
    const written = await writeCohortExport(plan);
    expect(written.map((w) => [w.path.slice(dir.length + 1), w.rows])).toEqual(
      plan.files.map((f) => [f.path.slice(dir.length + 1), f.rows.length]),
    );
    expect(readFileSync(join(dir, 'cohorts', 'champions.csv'), 'utf8')).toBe(
      'id,value,segment,cluster\r\nb,5e-324,Champions,0\r\ne,0,Champions,0\r\n',
    );
    expect(written[0]!.bytes).toBe(readFileSync(join(dir, 'cohorts.csv')).length);
    expect(() => planCohortExport(table, { dir, formats: ['csv'] })).toThrow(
      expect.objectContaining({ code: 'OUTPUT_EXISTS', file: join(dir, 'cohorts.csv') }),
    );
  });

  it('assertCanWrite refuses a folder in the way and a file as a parent', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => assertCanWrite(join(dir, 'file', 'deep', 'out.csv'))).toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED' }),
    );
    expect(() => assertCanWrite(dir, { force: true })).toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED', file: dir }),
    );
    expect(() => assertCanWrite(join(dir, 'new', 'deeper', 'out.csv'))).not.toThrow();
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });
});

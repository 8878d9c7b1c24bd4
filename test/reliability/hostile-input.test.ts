/**
 * Hostile and broken input (issue 17, items 2, 3, 6 and 8): pathological JSON nesting, deep
 * rule conditions, ids that mix JSON numbers and strings, amounts that are not plain numbers,
 * a NUL-filled tail and a file of 20,000 columns. Each must be refused with one typed line
 * (library and CLI) or read faithfully, and none may hang or crash the process.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { MAX_JSON_DEPTH } from '../../src/data/json-nesting.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { MAX_RULE_NESTING, parseRuleExpression } from '../../src/classes/rules/parser.js';
import { bad, expectRefused, failure, MAP, MAP_ARG, runCli, tempDir } from './helpers.js';

let engine: Engine;
let dir: string;
const path = (name: string): string => join(dir, name);
const record = (customer: string | number, day: number, amount: unknown): string =>
  JSON.stringify({ customer, date: `2024-01-${String(day).padStart(2, '0')}`, amount });

beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  dir = tempDir();
});
afterAll(() => engine.close());

/** Where a library error points, for one comparison. */
async function refusal(file: string): Promise<Record<string, unknown>> {
  const error = await failure(() => loadTransactions(file, { engine, map: MAP }));
  expect(error.message).not.toMatch(/\n/);
  const { code, row, line, column } = error;
  return { code, file: error.file, row, line, column };
}

describe('pathological JSON nesting (item 2)', () => {
  const cases: [string, () => string | Buffer][] = [
    ['deep-1000.json', () => '['.repeat(1000) + ']'.repeat(1000)],
    ['deep-100000.json', () => '['.repeat(100_000) + ']'.repeat(100_000)],
    [
      'deep-value.ndjson',
      () =>
        `${record('a', 1, 1)}\n${record('b', 2, 2).slice(0, -1)},"x":${'{"y":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n`,
    ],
    ['deep-1000.json.gz', () => gzipSync('['.repeat(1000) + ']'.repeat(1000))],
  ];
  for (const [name, content] of cases) {
    it(`${name}: READ_FAILED naming the file and line, library and CLI`, async () => {
      writeFileSync(path(name), content());
      const line = name.endsWith('.ndjson') ? 2 : 1;
      expect(await refusal(path(name))).toEqual({
        code: 'READ_FAILED',
        file: path(name),
        row: undefined,
        line,
        column: undefined,
      });
      const out = join(tempDir(), 'out');
      expectRefused(
        await runCli(['--transactions', path(name), '--map', MAP_ARG], out),
        `${path(name)}, line ${line}: JSON nested deeper than ${MAX_JSON_DEPTH} levels of arrays/objects: records must hold plain values`,
      );
    });
  }

  it('zstd-compressed JSON, which cannot be checked, is UNSUPPORTED_FORMAT (DuckDB crashed on it)', async () => {
    // The bytes do not matter: the extension alone decides, before anything is read.
    const file = path('deep.json.zst');
    writeFileSync(file, '['.repeat(100_000));
    expect(await refusal(file)).toEqual({
      code: 'UNSUPPORTED_FORMAT',
      file,
      row: undefined,
      line: undefined,
      column: undefined,
    });
  });

  it(`nesting up to ${MAX_JSON_DEPTH} levels, brackets inside strings and escaped quotes are read`, async () => {
    const inner = MAX_JSON_DEPTH - 2; // the array and the record take two levels
    const rows = [
      record('a', 1, 5).replace('}', `,"x":${'['.repeat(inner)}${']'.repeat(inner)}}`),
      record('b]]]}}}\\"[[[', 2, 7),
    ];
    writeFileSync(path('nested-ok.json'), `[${rows.join(',\n')}]`);
    const tx = await loadTransactions(path('nested-ok.json'), { engine, map: MAP });
    const ids = await engine.rows(`SELECT customer_id FROM ${tx.table} ORDER BY __row`);
    expect(ids.map((r) => r['customer_id'])).toEqual(['a', 'b]]]}}}\\"[[[']);
  });
});

describe('deep rule conditions (item 2)', () => {
  const deep = `${'('.repeat(5000)}frequency > 1${')'.repeat(5000)}`;

  it(`a condition nested deeper than ${MAX_RULE_NESTING} levels is INVALID_RULE, not a RangeError`, async () => {
    const error = await failure(() => parseRuleExpression(deep, 'deep'));
    expect(error.code).toBe('INVALID_RULE');
    expect(error.message).toBe(
      `rule "deep", position ${MAX_RULE_NESTING + 1}: nesting of "(" and "not" deeper than ${MAX_RULE_NESTING} levels, found "("`,
    );
    const nots = await failure(() => parseRuleExpression(`${'not '.repeat(5000)}frequency > 1`));
    expect(nots.code).toBe('INVALID_RULE');
    const ok = `${'('.repeat(MAX_RULE_NESTING)}frequency > 1${')'.repeat(MAX_RULE_NESTING)}`;
    expect(parseRuleExpression(ok)).toEqual({
      kind: 'compare',
      op: '>',
      left: { kind: 'column', name: 'frequency' },
      right: { kind: 'number', value: 1 },
    });
  });

  it('--where of 5,000 parentheses: one line, exit 2', async () => {
    const out = join(tempDir(), 'out');
    const outcome = await runCli(
      ['--transactions', bad('good.csv'), '--map', MAP_ARG, '--where', deep],
      out,
    );
    expectRefused(
      outcome,
      /^cohortlab: rule "--where", position 101: nesting of "\(" and "not" deeper than 100 levels, found "\("\n$/,
    );
  });

  it('a rules file of 5,000 parentheses is reported as a rule error, not as invalid JSON', async () => {
    const file = path('deep-rules.json');
    writeFileSync(
      file,
      JSON.stringify({ defaultClass: 'other', rules: [{ name: 'deep', when: deep }] }),
    );
    const out = join(tempDir(), 'out');
    const outcome = await runCli(
      ['--transactions', bad('good.csv'), '--map', MAP_ARG, '--rules', file],
      out,
    );
    expectRefused(
      outcome,
      `${file}: rule "deep", position 101: nesting of "(" and "not" deeper than 100 levels, found "("`,
    );
  });
});

describe('JSON ids mixing numbers and strings (item 3)', () => {
  it('"007" and 7 are two ids, read without quotes; the two "007" rows are one customer', async () => {
    const file = path('mixed-ids.json');
    const rows = [record('007', 1, 5), record(7, 2, 6), record('007', 3, 7), record(7.0, 4, 1)];
    // JSON.stringify writes 7.0 as 7: write one id as 8.0 by hand, read as 8 like a CSV's 8.0.
    writeFileSync(file, `[${rows.join(',')},{"customer": 8.0, "date": "2024-01-05", "amount": 2}]`);
    const tx = await loadTransactions(file, { engine, map: MAP });
    const features = await customerFeatures(tx, { asOf: '2024-01-10' });
    expect(features.table['customer_id']).toEqual(['007', '7', '8']);
    expect([...(features.table['frequency'] as Float64Array)]).toEqual([2, 2, 1]);
    expect([...(features.table['monetary'] as Float64Array)]).toEqual([12, 7, 2]);
  });

  it('the CLI writes the ids as text: 007 and 7 in cohorts.csv', async () => {
    const out = join(tempDir(), 'out');
    const outcome = await runCli(
      [
        '--transactions',
        path('mixed-ids.json'),
        '--map',
        MAP_ARG,
        '--k',
        '2',
        '--no-report',
        '--no-bgnbd',
        '--format',
        'csv',
      ],
      out,
    );
    expect(outcome.code).toBe(0);
    const ids = readFileSync(join(out, 'cohorts.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(ids).toEqual(['007', '7', '8']);
  });
});

describe('amounts that are not plain numbers, NUL tails (item 6)', () => {
  it('1_000 is UNPARSEABLE_AMOUNT with file, row and column', async () => {
    const file = path('underscore.csv');
    writeFileSync(file, 'customer,date,amount\na,2024-01-01,5\nb,2024-01-02,1_000\n');
    expect(await refusal(file)).toEqual({
      code: 'UNPARSEABLE_AMOUNT',
      file,
      row: 2,
      line: undefined,
      column: 'amount',
    });
  });

  it('JSON true / false as amounts are UNPARSEABLE_AMOUNT, also when the column is all booleans', async () => {
    const all = path('bool-amounts.json');
    writeFileSync(all, `[${record('a', 1, true)},${record('b', 2, false)}]`);
    const error = await failure(() => loadTransactions(all, { engine, map: MAP }));
    expect([error.code, error.row, error.column, error.count]).toEqual([
      'UNPARSEABLE_AMOUNT',
      1,
      'amount',
      2,
    ]);
    expect(error.message).toContain("unparseable amount 'true'");
    const mixed = path('mixed-amounts.json');
    writeFileSync(mixed, `[${record('a', 1, 5)},${record('b', 2, true)}]`);
    expect(await refusal(mixed)).toMatchObject({
      code: 'UNPARSEABLE_AMOUNT',
      row: 2,
      column: 'amount',
    });
  });

  it('a JSON amount beyond HUGEINT (1e308) is UNPARSEABLE_AMOUNT, not a conversion crash', async () => {
    const file = path('huge-amount.json');
    writeFileSync(file, `[${record('a', 1, 5)},${record('b', 2, 1e308)}]`);
    const error = await failure(() => loadTransactions(file, { engine, map: MAP }));
    expect([error.code, error.row, error.column]).toEqual(['UNPARSEABLE_AMOUNT', 2, 'amount']);
    expect(error.message).toContain("unparseable amount '1e+308'");
  });

  it('a valid CSV followed by 2 GB of NUL bytes (sparse) is INVALID_ENCODING at the line after it', async () => {
    const file = path('nul-tail.csv');
    writeFileSync(file, readFileSync(bad('good.csv')));
    truncateSync(file, 2 ** 31); // a hole: reads as NULs, takes no disk
    expect(await refusal(file)).toEqual({
      code: 'INVALID_ENCODING',
      file,
      row: undefined,
      line: 12,
      column: undefined,
    });
    const out = join(tempDir(), 'out');
    expectRefused(
      await runCli(['--transactions', file, '--map', MAP_ARG], out),
      /^cohortlab: .*nul-tail\.csv, line 12: file contains NUL bytes/,
    );
  });

  it('a gzipped CSV with a NUL tail is refused the same way', async () => {
    const file = path('nul-tail.csv.gz');
    writeFileSync(
      file,
      gzipSync(Buffer.concat([readFileSync(bad('good.csv')), Buffer.alloc(1 << 24)])),
    );
    expect(await refusal(file)).toEqual({
      code: 'INVALID_ENCODING',
      file,
      row: undefined,
      line: 12,
      column: undefined,
    });
  });

  it('a gzipped CSV cut off is READ_FAILED saying so, not a missing column', async () => {
    const file = path('cut.csv.gz');
    writeFileSync(file, readFileSync(bad('good.csv.gz')).subarray(0, 60));
    const error = await failure(() => loadTransactions(file, { engine, map: MAP }));
    expect([error.code, error.message]).toEqual([
      'READ_FAILED',
      `${file}: the gzip data is corrupt or cut off`,
    ]);
  });

  it('a NUL inside a field is refused too, at its line', async () => {
    const file = path('nul-field.csv');
    writeFileSync(file, 'customer,date,amount\na,2024-01-01,5\nb\0,2024-01-02,6\n');
    expect(await refusal(file)).toMatchObject({ code: 'INVALID_ENCODING', line: 3 });
  });
});

describe('wide files (item 8)', () => {
  it('only the mapped columns of a 20,000-column file are read; messages still list all', async () => {
    const file = path('wide.csv');
    const extra = Array.from({ length: 19_997 }, (_, i) => `x${i}`);
    const lines = [`customer,date,amount,${extra.join(',')}`];
    for (let r = 0; r < 50; r++) {
      lines.push(
        `c${r % 7},2024-01-${String(1 + (r % 28)).padStart(2, '0')},${r},${extra.map(() => r % 10).join(',')}`,
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const tx = await loadTransactions(file, { engine, map: MAP });
    expect(tx.raw.columns.map((c) => c.name)).toEqual(['customer', 'date', 'amount']);
    expect(tx.rows).toBe(50);
    const error = await failure(() =>
      loadTransactions(file, { engine, map: { ...MAP, amount: 'X5' } }),
    );
    expect(error.code).toBe('MISSING_COLUMN');
    expect(error.message).toContain('did you mean "x5"?');
    expect(error.message).toContain(', x19996');
  });

  it('a bad row in a partly read CSV is a typed error and leaves the engine usable', async () => {
    // The fuzz's file: the id column misnamed, so only date and amount are wanted, and a
    // malformed row. Asking DuckDB for those two columns alone made its error report fail
    // fatally ("index 2 within vector of size 2"), invalidating the database.
    const file = path('partly-read.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('custome\'r,date,amount\nc1,2024-0"1-05,'),
        Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), // invalid UTF-8
        Buffer.from('10.50\nc1,2024-02-10,20\n2024-1-5'),
      ]),
    );
    const error = await failure(() => loadTransactions(file, { engine, map: MAP }));
    expect(error.message).not.toMatch(/INTERNAL|vector/);
    const tx = await loadTransactions(bad('good.csv'), { engine, map: MAP });
    expect(tx.rows).toBe(10);
  });

  it('Parquet and JSON also read only the mapped columns', async () => {
    const parquet = path('wide.parquet');
    await engine.run(
      `COPY (SELECT 'c' || (i % 3) AS customer, DATE '2024-01-01' + CAST(i AS INTEGER) AS date, i * 1.5 AS amount,
         i AS other, 'x' AS more FROM range(10) t(i)) TO '${parquet}' (FORMAT parquet)`,
    );
    const json = path('wide.json');
    writeFileSync(
      json,
      `[${[1, 2, 3].map((d) => record('a', d, d).replace('}', ',"other":[1,2],"more":"z"}')).join(',')}]`,
    );
    for (const file of [parquet, json]) {
      const tx = await loadTransactions(file, { engine, map: MAP });
      expect(tx.raw.columns.map((c) => c.name)).toEqual(['customer', 'date', 'amount']);
      expect(tx.raw.available).toEqual(['customer', 'date', 'amount', 'other', 'more']);
    }
  });
});

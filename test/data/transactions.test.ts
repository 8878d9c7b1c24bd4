import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type LoadTransactionsOptions } from '../../src/data/transactions.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';

const fixture = (name: string): string => join('test/fixtures/data', name);
const basic = { customerId: 'id', date: 'date', amount: 'amount' };

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

async function load(source: Parameters<typeof loadTransactions>[0], options: Omit<LoadTransactionsOptions, 'engine'>) {
  return loadTransactions(source, { ...options, engine });
}

async function rowsOf(tx: Awaited<ReturnType<typeof load>>) {
  return engine.rows(
    `SELECT customer_id, CAST(ts AS VARCHAR) AS ts, amount, order_id, category FROM ${tx.table} ORDER BY __row`,
  );
}

/** Runs `action`, which must throw a CohortlabError; returns it. */
async function failure(action: () => Promise<unknown>): Promise<CohortlabError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(CohortlabError);
    return error as CohortlabError;
  }
  throw new Error('expected a CohortlabError, nothing was thrown');
}

describe('loadTransactions: sources and dialects', () => {
  it('reads a semicolon CSV with order ids', async () => {
    const tx = await load(fixture('semicolon.csv'), {
      map: { customerId: 'customer', date: 'date', amount: 'amount', orderId: 'order' },
    });
    expect(tx.rows).toBe(3);
    expect(tx.hasOrderId).toBe(true);
    expect(await rowsOf(tx)).toEqual([
      { customer_id: 'c1', ts: '2024-01-05 00:00:00', amount: 10.5, order_id: 'o1', category: null },
      { customer_id: 'c1', ts: '2024-01-05 00:00:00', amount: 4.5, order_id: 'o1', category: null },
      { customer_id: 'c2', ts: '2024-02-01 00:00:00', amount: 20, order_id: 'o2', category: null },
    ]);
  });

  it('reads tab-separated files', async () => {
    const tx = await load(fixture('tabs.tsv'), { map: { customerId: 'customer', date: 'date', amount: 'amount' } });
    expect((await rowsOf(tx)).map((r) => r['amount'])).toEqual([10.5, 20]);
  });

  it('reads Chinese headers, a UTF-8 BOM and quoted fields with newlines and quotes', async () => {
    const tx = await load(fixture('chinese-bom-quoted.csv'), {
      map: { customerId: '客户编号', date: '日期', amount: '金额', category: '备注' },
    });
    expect(tx.raw.columns.map((c) => c.name)).toEqual(['客户编号', '日期', '金额', '备注']);
    const rows = await rowsOf(tx);
    expect(rows.map((r) => r['category'])).toEqual(['first line\nsecond line', 'said "hi", left']);
    expect(rows.map((r) => r['amount'])).toEqual([10.5, 20]);
  });

  it('reads the whitespace-separated CDNOW layout with yyyymmdd dates and keeps id padding', async () => {
    const tx = await load('data/cdnow_master.txt', {
      map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
    });
    expect(tx.rows).toBe(69_659);
    expect(tx.dateFormat).toBe('%Y%m%d');
    const first = await engine.rows(
      `SELECT customer_id, CAST(day AS VARCHAR) AS day, amount FROM ${tx.table} ORDER BY __row LIMIT 2`,
    );
    expect(first).toEqual([
      { customer_id: '00001', day: '1997-01-01', amount: 11.77 },
      { customer_id: '00002', day: '1997-01-12', amount: 12 },
    ]);
  });

  it('reads JSON arrays and NDJSON', async () => {
    for (const file of ['records.json', 'records.ndjson']) {
      const tx = await load(fixture(file), { map: basic });
      expect((await rowsOf(tx)).map((r) => [r['customer_id'], r['amount']])).toEqual([
        ['c1', 10],
        ['c2', 20.25],
      ]);
    }
  });

  it('reads Parquet with typed columns and reports Parquet rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-'));
    const file = join(dir, 'tx.parquet');
    await engine.run(
      `COPY (SELECT * FROM (VALUES ('c1', DATE '2024-01-05', 10.0), ('c2', DATE '2024-02-01', 2.5))
         AS t(id, date, amount)) TO '${file}' (FORMAT parquet)`,
    );
    const tx = await load(file, { map: basic });
    expect(tx.dateFormat).toBe('native');
    expect((await rowsOf(tx)).map((r) => [r['customer_id'], r['ts'], r['amount']])).toEqual([
      ['c1', '2024-01-05 00:00:00', 10],
      ['c2', '2024-02-01 00:00:00', 2.5],
    ]);
  });

  it('reads arrays of records, column objects and DataFrame-shaped objects', async () => {
    const records = [
      { id: 7, date: new Date('2024-01-05T00:00:00Z'), amount: 10 },
      { id: 8, date: new Date('2024-02-01T12:00:00Z'), amount: 2.5 },
    ];
    const columns = { id: ['7', '8'], date: ['2024-01-05', '2024-02-01 12:00:00'], amount: new Float64Array([10, 2.5]) };
    const frame = {
      columns: ['id', 'date', 'amount'],
      values: [
        ['7', '2024-01-05', 10],
        ['8', '2024-02-01T12:00:00', 2.5],
      ],
      shape: [2, 3],
    };
    for (const source of [records, columns, frame]) {
      const tx = await load(source, { map: basic });
      expect((await rowsOf(tx)).map((r) => [r['customer_id'], r['ts'], r['amount']])).toEqual([
        ['7', '2024-01-05 00:00:00', 10],
        ['8', '2024-02-01 12:00:00', 2.5],
      ]);
    }
  });

  it('multiplies quantity by unit price and maps categories', async () => {
    const tx = await load(fixture('quantity-price.csv'), {
      map: { customerId: 'id', date: 'date', quantity: 'qty', unitPrice: 'price', category: 'category' },
    });
    expect((await rowsOf(tx)).map((r) => [r['amount'], r['category']])).toEqual([
      [6.5, 'books'],
      [10, 'music'],
      [4.5, 'books'],
    ]);
  });
});

describe('loadTransactions: dates', () => {
  it('detects ISO timestamps in both layouts', async () => {
    const tx = await load(fixture('timestamps.csv'), { map: { customerId: 'id', date: 'ts', amount: 'amount' } });
    expect(tx.dateFormat).toBe('iso');
    expect((await rowsOf(tx)).map((r) => r['ts'])).toEqual([
      '2024-01-05 10:30:00',
      '2024-02-01 23:59:59',
      '2024-03-01 08:00:00',
    ]);
  });

  it('detects day-first dates when only that order fits', async () => {
    const tx = await load(fixture('day-first.csv'), { map: { customerId: 'id', date: 'day', amount: 'amount' } });
    expect(tx.dateFormat).toBe('%d/%m/%Y');
    expect((await rowsOf(tx)).map((r) => r['ts'])).toEqual(['2024-01-05 00:00:00', '2024-02-13 00:00:00']);
  });

  it('refuses to guess between day-first and month-first', async () => {
    const error = await failure(() =>
      load(fixture('ambiguous-dates.csv'), { map: { customerId: 'id', date: 'day', amount: 'amount' } }),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.column).toBe('day');
    expect(error.message).toMatch(/ambiguous dates/);
  });

  it('uses an explicit format', async () => {
    const tx = await load(fixture('ambiguous-dates.csv'), {
      map: { customerId: 'id', date: 'day', amount: 'amount' },
      dateFormat: '%m/%d/%Y',
    });
    expect((await rowsOf(tx)).map((r) => r['ts'])).toEqual(['2024-05-01 00:00:00', '2024-06-02 00:00:00']);
  });
});

describe('loadTransactions: bad input', () => {
  it('names a missing file', async () => {
    const error = await failure(() => load('test/fixtures/data/nope.csv', { map: basic }));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.file).toBe('test/fixtures/data/nope.csv');
    expect(error.message).toBe('test/fixtures/data/nope.csv: file not found');
  });

  it('names a missing mapped column and suggests a near match', async () => {
    const error = await failure(() =>
      load(fixture('semicolon.csv'), { map: { customerId: 'Customer', date: 'date', amount: 'amount' } }),
    );
    expect(error.code).toBe('MISSING_COLUMN');
    expect(error.column).toBe('Customer');
    expect(error.message).toContain('did you mean "customer"?');
    expect(error.message).toContain('available: customer, date, amount, order');
  });

  it('rejects a header-only file and an empty file', async () => {
    const headerOnly = await failure(() => load(fixture('header-only.csv'), { map: basic }));
    expect(headerOnly.code).toBe('NO_ROWS');
    expect(headerOnly.message).toBe('test/fixtures/data/header-only.csv: no data rows');
    const empty = await failure(() => load(fixture('empty.csv'), { map: basic }));
    expect(empty.code).toBe('NO_ROWS');
    expect(empty.message).toBe('test/fixtures/data/empty.csv: file is empty');
  });

  it('reports the first unparseable date with its row, column and the count', async () => {
    const error = await failure(() => load(fixture('bad-dates.csv'), { map: basic }));
    expect(error.code).toBe('UNPARSEABLE_DATE');
    expect([error.file, error.row, error.column, error.count]).toEqual([fixture('bad-dates.csv'), 2, 'date', 2]);
    expect(error.message).toMatch(/^test\/fixtures\/data\/bad-dates\.csv, row 2, column "date": unparseable date '2024-13-45'/);
    expect(error.message).toContain('(2 rows affected)');
  });

  it('reports unparseable amounts: thousands separators, currency symbols, NaN', async () => {
    const error = await failure(() => load(fixture('bad-amounts.csv'), { map: basic }));
    expect(error.code).toBe('UNPARSEABLE_AMOUNT');
    expect([error.row, error.column, error.count]).toEqual([2, 'amount', 3]);
    expect(error.message).toContain(`unparseable amount '1,234.00'`);
  });

  it("drops unparseable rows with onInvalid: 'drop'", async () => {
    const tx = await load(fixture('bad-dates.csv'), { map: basic, onInvalid: 'drop' });
    expect((await rowsOf(tx)).map((r) => r['customer_id'])).toEqual(['c1', 'c3']);
  });

  it('reports ragged rows, duplicate header names, invalid UTF-8 and unknown extensions', async () => {
    const ragged = await failure(() => load(fixture('ragged.csv'), { map: basic }));
    expect([ragged.code, ragged.line]).toEqual(['READ_FAILED', 3]);
    expect(ragged.message).toBe('test/fixtures/data/ragged.csv, line 3: expected 3 fields, found 4 (check the delimiter and quotes)');
    const dup = await failure(() => load(fixture('duplicate-columns.csv'), { map: basic }));
    expect([dup.code, dup.column]).toEqual(['DUPLICATE_COLUMN', 'id']);
    const utf = await failure(() => load(fixture('invalid-utf8.csv'), { map: basic }));
    expect(utf.code).toBe('INVALID_ENCODING');
    expect(utf.message).not.toMatch(/Error:|\n/);
    const ext = await failure(() => load(fixture('unknown.xyz'), { map: basic }));
    expect(ext.code).toBe('UNSUPPORTED_FORMAT');
  });

  it('requires an amount or quantity and unit price', async () => {
    const error = await failure(() => load(fixture('semicolon.csv'), { map: { customerId: 'customer', date: 'date' } }));
    expect(error.code).toBe('INVALID_OPTION');
  });

  it('rejects a file where no row is usable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-'));
    const file = join(dir, 'no-ids.csv');
    writeFileSync(file, 'id,date,amount\n,2024-01-01,3\n,2024-01-02,4\n');
    const error = await failure(() => load(file, { map: basic }));
    expect(error.code).toBe('NO_ROWS');
    expect(error.message).toContain('none of the 2 rows has a customer id, a date and an amount');
  });
});

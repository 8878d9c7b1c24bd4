import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, io, parseCsv, tempDir } from './helpers.js';

// What the command line says about messy data: flags, not library option names; bad joins and
// dates that cannot give an as-of date are exit 2 naming the file; stray dates are not.
const fixture = (name: string): string => join('test/fixtures/data/issue16', name);
const MAP = 'id=id,date=date,amount=amount';
const run = (file: string, out: string, ...more: string[]): Promise<number> =>
  cli('run', '--transactions', file, '--map', MAP, '--out', out, '--no-report', '-q', ...more);

function cohorts(out: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

describe('cohortlab run: messages in flag vocabulary', () => {
  it('an unparseable date suggests --on-invalid drop, which then drops the rows', async () => {
    const out = join(tempDir(), 'out');
    expect(await run('test/fixtures/data/bad-dates.csv', out)).toBe(2);
    expect(io.stderr).toBe(
      'cohortlab: test/fixtures/data/bad-dates.csv, row 2, column "date": unparseable date \'2024-13-45\' ' +
        '(expected format iso; pass --on-invalid drop to skip such rows) (2 rows affected)\n',
    );
    expect(existsSync(out)).toBe(false);
    expect(await run('test/fixtures/data/bad-dates.csv', out, '--on-invalid', 'drop')).toBe(0);
    expect(cohorts(out).map((r) => r['customer_id'])).toEqual(['c1', 'c3']);
  });

  it.each([
    [['--on-invalid', 'skip'], 'cohortlab: --on-invalid must be error or drop, got "skip"\n'],
    [
      ['--as-of', '1998-13-01'],
      'cohortlab: --as-of must be a date like 1998-07-01, got "1998-13-01"\n',
    ],
    [
      ['--as-of', '1998-02-30'],
      'cohortlab: --as-of must be a date like 1998-07-01, got "1998-02-30"\n',
    ],
  ])('%j: exit 2, %s', async (flags, message) => {
    const out = join(tempDir(), 'out');
    expect(await run(fixture('plain.csv'), out, ...flags)).toBe(2);
    expect(io.stderr).toBe(message);
  });

  it('--map with quantity but no price names the map keys, not unitPrice', async () => {
    const out = join(tempDir(), 'out');
    expect(
      await cli(
        'run',
        '--transactions',
        fixture('plain.csv'),
        '--map',
        'id=id,date=date,quantity=amount',
        '--out',
        out,
      ),
    ).toBe(2);
    expect(io.stderr).toBe('cohortlab: --map needs amount=…, or quantity=… and price=…\n');
  });
});

describe('cohortlab score: --on-invalid', () => {
  it('suggests --on-invalid drop; with it, scores the parseable rows', async () => {
    const out = join(tempDir(), 'out');
    expect(await run(fixture('plain.csv'), out)).toBe(0);
    const score = [
      'score',
      '--model',
      join(out, 'model.json'),
      '--transactions',
      'test/fixtures/data/bad-dates.csv',
      '-q',
    ];
    expect(await cli(...score)).toBe(2);
    expect(io.stderr).toContain('pass --on-invalid drop to skip such rows');
    expect(await cli(...score, '--on-invalid', 'drop')).toBe(0);
    const [header, ...rows] = parseCsv(io.stdout);
    expect(rows.map((r) => r[(header ?? []).indexOf('customer_id')])).toEqual(['c1', 'c3']);
  });
});

describe('cohortlab run: joins and dates', () => {
  it('0 vs 00000 with 3 of 4 matched: runs; 00000 is a prospect, 0 has no attributes', async () => {
    const out = join(tempDir(), 'out');
    const customers = [
      '--customers',
      fixture('customers-zero-ids.csv'),
      '--customer-id',
      'customer',
    ];
    expect(await run(fixture('tx-zero-ids.csv'), out, ...customers)).toBe(0);
    const rows = cohorts(out);
    expect(rows.map((r) => [r['customer_id'], r['has_transactions'], r['region']])).toEqual([
      ['0', '1', ''],
      ['00000', '0', 'North'],
      ['1', '1', 'South'],
      ['2', '1', 'East'],
      ['3', '1', 'West'],
    ]);
  });

  it('fewer than half matched (0, 1, 2 vs 00000, 00001, 00002): exit 2 naming the customer file', async () => {
    const out = join(tempDir(), 'out');
    const customers = [
      '--customers',
      fixture('customers-zero-padded.csv'),
      '--customer-id',
      'customer',
    ];
    expect(await run(fixture('tx-zero-ids.csv'), out, ...customers)).toBe(2);
    expect(io.stderr).toBe(
      `cohortlab: ${fixture('customers-zero-padded.csv')}: only 1 of the 4 customers in the transactions (25 %) ` +
        'have a row in this customer table, and 3 of its 4 ids have no transactions ' +
        '(transactions e.g. "0"; customer table e.g. "00000"); ids are compared as trimmed text, ' +
        '12347.0 as 12347, leading zeros kept: check the id columns\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('12347 vs 12347.0: every customer joined', async () => {
    const out = join(tempDir(), 'out');
    const customers = [
      '--customers',
      fixture('customers-float-ids.csv'),
      '--customer-id',
      'customer',
    ];
    expect(
      await cli(
        'run',
        '--transactions',
        fixture('tx-int-ids.csv'),
        '--map',
        MAP,
        '--out',
        out,
        '--no-report',
        '-q',
        ...customers,
      ),
    ).toBe(0);
    expect(cohorts(out).map((r) => [r['customer_id'], r['region']])).toEqual([
      ['12347', 'North'],
      ['12348', 'South'],
      ['12349', 'East'],
      ['12350', 'West'],
    ]);
  });

  it.each(['stray-2099.csv', 'stray-1850.csv', 'stray-0001.csv', 'date-9999.csv'])(
    '%s: exit 0, as-of 1998-07-01 (the stray row does not move it)',
    async (name) => {
      const out = join(tempDir(), 'out');
      expect(await run(fixture(name), out)).toBe(0);
      expect(io.stdout).toMatch(/as-of date\s+1998-07-01/);
      const recency = Object.fromEntries(
        cohorts(out).map((r) => [r['customer_id'], r['recency_days']]),
      );
      expect(recency['6']).toBe('1'); // last purchase 1998-06-30
    },
  );

  it('9999-12-31 as the only date: exit 2 naming file, row and column, not an option', async () => {
    const out = join(tempDir(), 'out');
    expect(await run(fixture('date-9999-only.csv'), out)).toBe(2);
    expect(io.stderr).toBe(
      `cohortlab: ${fixture('date-9999-only.csv')}, row 1, column "date": the last date, 9999-12-31, ` +
        'leaves no day after it to be the as-of date; fix the row or give an as-of date\n',
    );
  });
});

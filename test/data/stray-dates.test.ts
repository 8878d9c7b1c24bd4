import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAsOf } from '../../src/data/as-of.js';
import { Engine } from '../../src/data/engine.js';
import { findStrayDates } from '../../src/data/stray-dates.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import { customerFeatures } from '../../src/features/customer-features.js';

const fixture = (name: string): string => join('test/fixtures/data/issue16', name);
const map = { customerId: 'id', date: 'date', amount: 'amount' };
const TODAY = '2026-12-07';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

const load = (name: string, today: string = TODAY): Promise<Transactions> =>
  loadTransactions(fixture(name), { engine, map, today });

describe('stray dates (CDNOW-like data, 1997-01-03 … 1998-06-30)', () => {
  it('clean data: no warning, as-of the day after the last row', async () => {
    const tx = await load('plain.csv');
    expect(tx.warnings).toEqual([]);
    expect(tx.strayDates).toBe(0);
    expect(tx.lastDay).toBe('1998-06-30');
    expect(await resolveAsOf(tx)).toBe('1998-07-01');
  });

  it.each([
    // Bounds checked independently (Python: quartiles as the lower of the two middle rows).
    ['stray-2099.csv', '2099-01-01', 5, '1987-03-05 … 2008-02-12'],
    ['stray-1850.csv', '1850-03-04', 7, '1987-02-23 … 2007-12-03'],
    ['stray-0001.csv', '0001-01-01', 3, '1987-02-23 … 2007-12-03'],
    ['date-9999.csv', '9999-12-31', 9, '1987-03-05 … 2008-02-12'],
  ])('%s: one STRAY_DATES warning naming %s at row %i; the as-of stays 1998-07-01', async (name, day, row, bounds) => {
    const tx = await load(name);
    expect(tx.strayDates).toBe(1);
    expect(tx.warnings).toHaveLength(1);
    const [w] = tx.warnings;
    expect(w?.code).toBe('STRAY_DATES');
    expect(w?.count).toBe(1);
    expect(w?.example).toBe(`${day} at row ${row}`);
    expect(w?.stage).toBe('load');
    expect(w?.message).toBe(
      `1 row of ${fixture(name)} dated after today or far from the bulk of the data (outside ${bounds}), ` +
        'column "date": the default as-of date ignores them; give an as-of date, or fix or remove them',
    );
    expect(tx.lastDay).toBe('1998-06-30');
    expect(await resolveAsOf(tx)).toBe('1998-07-01');
    // The stray row is still data: a given as-of decides what counts.
    expect(await resolveAsOf(tx, '2100-01-01')).toBe('2100-01-01');
  });

  it('counts several strays and gives the first by row as the example', async () => {
    const tx = await load('stray-mixed.csv');
    expect(tx.strayDates).toBe(3);
    expect(tx.warnings[0]?.count).toBe(3);
    expect(tx.warnings[0]?.example).toBe('2099-01-01 at row 2');
    expect(tx.warnings[0]?.message).toMatch(/^3 rows of /);
    expect(await resolveAsOf(tx)).toBe('1998-07-01');
  });

  it('a row dated after today is stray even close to the data; today is injectable', async () => {
    // With today = 1998-03-01, the last two rows (1998-04-01, 1998-06-30) lie in the future.
    const tx = await load('plain.csv', '1998-03-01');
    expect(tx.strayDates).toBe(2);
    expect(tx.warnings[0]?.example).toBe('1998-04-01 at row 11');
    expect(tx.warnings[0]?.message).toContain('(outside 1987-02-23 … 1998-03-01)');
    expect(await resolveAsOf(tx)).toBe('1998-02-15');
    // Rows on/after the as-of are left out of the features.
    const features = await customerFeatures(tx);
    expect(features.asOf).toBe('1998-02-15');
    expect(features.table['customer_id']).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(Array.from(features.table['frequency'] as Float64Array)).toEqual([3, 2, 2, 1, 1, 1]);
    expect(features.warnings.map((w) => w.code)).toEqual(['STRAY_DATES']);
  });

  it('the 2099 row does not enter the features: recency and tenure are as without it', async () => {
    const plain = await customerFeatures(await load('plain.csv'));
    const stray = await customerFeatures(await load('stray-2099.csv'));
    expect(stray.asOf).toBe(plain.asOf);
    expect(stray.table['customer_id']).toEqual(plain.table['customer_id']);
    expect(Array.from(stray.table['recency_days'] as Float64Array)).toEqual(
      Array.from(plain.table['recency_days'] as Float64Array),
    );
  });

  it('9999-12-31 as the only date: the as-of error names file, row and column, not an option', async () => {
    const tx = await load('date-9999-only.csv');
    expect(tx.strayDates).toBe(2);
    expect(tx.warnings[0]?.message).toContain('every row is, so the latest of them sets it');
    expect(tx.lastDay).toBe('9999-12-31');
    const error = await resolveAsOf(tx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CohortlabError);
    const e = error as CohortlabError;
    expect(e.code).toBe('INVALID_INPUT');
    expect([e.file, e.row, e.column]).toEqual([fixture('date-9999-only.csv'), 1, 'date']);
    expect(e.message).toBe(
      `${fixture('date-9999-only.csv')}, row 1, column "date": the last date, 9999-12-31, leaves no day after it to be the as-of date; fix the row or give an as-of date`,
    );
    expect(e.message).not.toContain('asOf');
  });

  it('findStrayDates: bounds from the quartiles, at least ten years either side', async () => {
    const tx = await load('plain.csv');
    const found = await findStrayDates(engine, tx.table, { file: 'f', column: 'date', today: TODAY });
    expect(found.bounds).toEqual(['1987-02-23', '2007-12-03']);
    expect(found.rows).toBe(12);
    expect(found.stray).toBe(0);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomers } from '../../src/data/customers.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import { customerFeatures } from '../../src/features/customer-features.js';

const fixture = (name: string): string => join('test/fixtures/data/issue16', name);
const map = { customerId: 'id', date: 'date', amount: 'amount' };
const today = '2026-12-07';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

async function join2(transactions: string, customers: string) {
  const tx = await loadTransactions(fixture(transactions), { engine, map, today });
  const table = await loadCustomers(fixture(customers), { engine, idColumn: 'customer' });
  return customerFeatures(tx, { customers: table });
}

describe('customer ids are normalised alike on both sides of the join', () => {
  it('12347 (integer column) matches 12347.0 (a float column): every customer matched, no warning', async () => {
    const features = await join2('tx-int-ids.csv', 'customers-float-ids.csv');
    expect(features.warnings).toEqual([]);
    expect(features.table['customer_id']).toEqual(['12347', '12348', '12349', '12350']);
    expect(features.table['region']).toEqual(['North', 'South', 'East', 'West']);
    expect(Array.from(features.table['has_transactions'] as Float64Array)).toEqual([1, 1, 1, 1]);
  });

  it('text ids " 12347.0 " and "12348.00" read as 12347 and 12348; other text is kept', async () => {
    const features = await join2('tx-text-ids.csv', 'customers-text-ids.csv');
    expect(features.warnings).toEqual([]);
    expect(features.table['customer_id']).toEqual(['12347', '12348', '12350', 'A-1']);
    expect(features.table['region']).toEqual(['North', 'South', 'West', 'East']);
    expect(Array.from(features.table['frequency'] as Float64Array)).toEqual([2, 1, 1, 1]);
  });

  it('0 and 00000 are different ids: an UNMATCHED_IDS warning each way, with counts', async () => {
    const features = await join2('tx-zero-ids.csv', 'customers-zero-ids.csv');
    expect(features.table['customer_id']).toEqual(['0', '00000', '1', '2', '3']);
    expect(Array.from(features.table['has_transactions'] as Float64Array)).toEqual([1, 0, 1, 1, 1]);
    const rule = 'ids are compared as trimmed text, 12347.0 as 12347, leading zeros kept';
    expect(features.warnings).toEqual([
      {
        code: 'UNMATCHED_IDS',
        message: `1 of the 4 customers in the transactions have no row in ${fixture('customers-zero-ids.csv')} (${rule}): their attributes are missing`,
        count: 1,
        example: '"0"',
        stage: 'features',
      },
      {
        code: 'UNMATCHED_IDS',
        message: `1 of the 4 customers of ${fixture('customers-zero-ids.csv')} have no transaction before 1997-09-10 (${rule}): they are kept as prospects, without purchases`,
        count: 1,
        example: '"00000"',
        stage: 'features',
      },
    ]);
  });

  it('fewer than half of the transaction customers matched: an error naming the customer file', async () => {
    const error = await join2('tx-zero-ids.csv', 'customers-zero-padded.csv').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CohortlabError);
    const e = error as CohortlabError;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.file).toBe(fixture('customers-zero-padded.csv'));
    expect(e.message).toBe(
      `${fixture('customers-zero-padded.csv')}: only 1 of the 4 customers in the transactions (25 %) have a row in this customer table, ` +
        'and 3 of its 4 ids have no transactions (transactions e.g. "0"; customer table e.g. "00000"); ' +
        'ids are compared as trimmed text, 12347.0 as 12347, leading zeros kept: check the id columns',
    );
  });
});

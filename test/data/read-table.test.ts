import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/data/read-table.js';
import { getNumeric, getText } from '../../src/table/column-table.js';

describe('readTable', () => {
  it('reads the wholesale CSV with numeric columns as float64', async () => {
    const table = await readTable('data/wholesale_customers.csv');
    expect(Object.keys(table)).toEqual(['Channel', 'Region', 'Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen']);
    const fresh = getNumeric(table, 'Fresh');
    expect(fresh).toHaveLength(440);
    expect([fresh[0], fresh[439]]).toEqual([12669, 2787]);
    expect(Array.from(getNumeric(table, 'Channel')).filter((c) => c === 1)).toHaveLength(298);
  });

  it('keeps zero-padded ids and mixed columns as text, empty numeric cells as NaN', async () => {
    const mall = await readTable('data/mall_customers.csv');
    expect(getText(mall, 'CustomerID').slice(0, 2)).toEqual(['0001', '0002']); // padded ids stay text
    expect(getNumeric(mall, 'Age')[0]).toBe(19);
    expect(getText(mall, 'Genre').slice(0, 2)).toEqual(['Male', 'Male']);
    const table = await readTable({ id: ['a', 'b'], value: ['1.5', ''], mixed: ['1', 'x'], zero: ['0', '0.5'] });
    expect(Array.from(getNumeric(table, 'zero'))).toEqual([0, 0.5]);
    expect(Array.from(getNumeric(table, 'value'))).toEqual([1.5, NaN]);
    expect(getText(table, 'mixed')).toEqual(['1', 'x']);
  });
});

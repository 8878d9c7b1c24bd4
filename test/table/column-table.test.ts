import { describe, expect, it } from 'vitest';
import {
  getNumeric,
  getText,
  rowCount,
  selectColumns,
  takeRows,
  toMatrix,
  toRecords,
} from '../../src/table/column-table.js';

const table = {
  id: ['a', 'b', 'c'],
  x: new Float64Array([1, 2, NaN]),
  y: new Float64Array([10, 20, 30]),
};

describe('column tables', () => {
  it('counts rows and rejects ragged tables', () => {
    expect(rowCount(table)).toBe(3);
    expect(rowCount({})).toBe(0);
    expect(() => rowCount({ a: ['x'], b: new Float64Array(2) })).toThrow(
      /column "b": column has 2 rows/,
    );
  });

  it('gets typed columns with errors naming the column', () => {
    expect(getNumeric(table, 'x')[1]).toBe(2);
    expect(getText(table, 'id')).toEqual(['a', 'b', 'c']);
    expect(() => getNumeric(table, 'id')).toThrow(/column "id": expected a numeric column/);
    expect(() => getText(table, 'zzz')).toThrow(
      /column "zzz": no such column; available: id, x, y/,
    );
  });

  it('selects, takes rows, and converts to records and row-major matrices', () => {
    expect(Object.keys(selectColumns(table, ['y', 'id']))).toEqual(['y', 'id']);
    const taken = takeRows(table, [2, 0]);
    expect(taken['id']).toEqual(['c', 'a']);
    expect(Array.from(taken['y'] as Float64Array)).toEqual([30, 10]);
    expect(toRecords(table)[2]).toEqual({ id: 'c', x: null, y: 30 });
    const m = toMatrix(table, ['y', 'x']);
    expect([m.rows, m.cols]).toEqual([3, 2]);
    expect(Array.from(m.data)).toEqual([10, 1, 20, 2, 30, NaN]);
  });
});

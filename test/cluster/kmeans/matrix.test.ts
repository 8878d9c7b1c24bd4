/**
 * The matrix adapters: column tables, danfo DataFrames, plain column objects and rows.
 */
import { describe, expect, it } from 'vitest';
import {
  SHARED_MIN_VALUES,
  checkedMatrix,
  createMatrix,
  matrixFromRows,
  matrixFromTable,
  matrixToRows,
} from '../../../src/cluster/kmeans/matrix.js';
import { KMeans } from '../../../src/cluster/kmeans/kmeans.js';
import { toMatrix } from '../../../src/table/column-table.js';
import { bytes, expectError } from './helpers.js';

describe('matrixFromTable', () => {
  const table = {
    id: ['a', 'b', 'c'],
    recency: Float64Array.from([10, 20, 30]),
    frequency: Float64Array.from([1, 2, 3]),
    monetary: Float64Array.from([100.5, 0, -3]),
  };

  it('takes every numeric column of a ColumnTable by default, row-major', () => {
    const m = matrixFromTable(table);
    expect(m.rows).toBe(3);
    expect(m.cols).toBe(3);
    expect(m.names).toEqual(['recency', 'frequency', 'monetary']);
    expect(Array.from(m.data)).toEqual([10, 1, 100.5, 20, 2, 0, 30, 3, -3]);
  });

  it('matches toMatrix of the column table', () => {
    const names = ['monetary', 'recency'];
    const ours = matrixFromTable(table, names);
    const theirs = toMatrix(table, names);
    expect(bytes(ours.data)).toEqual(bytes(theirs.data));
    expect(ours.names).toEqual(names);
    // A toMatrix result is a Matrix as it is.
    expect(new KMeans({ k: 2 }).fit(theirs).nFeatures).toBe(2);
  });

  it('takes plain arrays, with null as NaN', () => {
    const m = matrixFromTable({ a: [1, 2, null], b: [4, 5, 6], label: ['x', 'y', 'z'] });
    expect(m.names).toEqual(['a', 'b']);
    expect(Array.from(m.data)).toEqual([1, 4, 2, 5, NaN, 6]);
    const error = expectError(() => new KMeans({ k: 2 }).fit(m), 'INVALID_INPUT');
    expect(error.column).toBe('a');
    expect(error.row).toBe(3);
  });

  it('takes danfo-like frames (columns + row values)', () => {
    const frame = {
      columns: ['x', 'y', 'name'],
      values: [
        [1, 2, 'a'],
        [3, 4, 'b'],
      ],
    };
    const m = matrixFromTable(frame);
    expect(m.names).toEqual(['x', 'y']);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(matrixFromTable(frame, ['y']).data)).toEqual([2, 4]);
  });

  it('takes a real danfo.js DataFrame', async () => {
    const danfo = await import('danfojs-node');
    const df = new danfo.DataFrame({ f: [1.5, 2.5, 3.5], g: [7, 8, 9], s: ['p', 'q', 'r'] });
    const m = matrixFromTable(df as unknown as { columns: string[]; values: unknown[][] });
    expect(m.names).toEqual(['f', 'g']);
    expect(Array.from(m.data)).toEqual([1.5, 7, 2.5, 8, 3.5, 9]);
  }, 60_000);

  it('refuses unknown, text and duplicate columns', () => {
    expectError(() => matrixFromTable(table, ['nope']), 'UNKNOWN_FEATURE');
    expectError(() => matrixFromTable(table, ['id']), 'INVALID_INPUT');
    expectError(() => matrixFromTable(table, ['recency', 'recency']), 'INVALID_OPTION');
    expectError(() => matrixFromTable({ a: [1, 2], b: [1] }), 'INVALID_INPUT');
  });
});

describe('createMatrix', () => {
  it('puts large matrices in shared memory, small ones not', () => {
    const small = createMatrix(10, 3, ['a', 'b', 'c']);
    expect(small.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(small.names).toEqual(['a', 'b', 'c']);
    const large = createMatrix(SHARED_MIN_VALUES / 4, 4);
    expect(large.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(large.data).toHaveLength(SHARED_MIN_VALUES);
    // matrixFromTable allocates the same way.
    const column = new Float64Array(SHARED_MIN_VALUES / 2).fill(1);
    expect(matrixFromTable({ a: column, b: column }).data.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('matrixFromRows / matrixToRows / checkedMatrix', () => {
  it('round-trips rows', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const m = matrixFromRows(rows, ['a', 'b', 'c']);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(matrixToRows(m)).toEqual(rows);
  });

  it('refuses ragged rows and mismatched names', () => {
    expectError(() => matrixFromRows([[1, 2], [3]]), 'INVALID_INPUT');
    expectError(() => matrixFromRows([[1, 2]], ['a']), 'INVALID_INPUT');
  });

  it('checks shape and finiteness, counting the bad values of the feature', () => {
    expectError(
      () => checkedMatrix({ data: new Float64Array(4), rows: 2, cols: 3 }, 'test'),
      'INVALID_INPUT',
    );
    expectError(
      () => checkedMatrix({ data: new Float64Array(4), rows: 2, cols: 2, names: ['a'] }, 'test'),
      'INVALID_INPUT',
    );
    const error = expectError(
      () =>
        checkedMatrix(
          { data: Float64Array.from([1, -Infinity, 2, NaN, 3, NaN]), rows: 3, cols: 2 },
          'test',
        ),
      'INVALID_INPUT',
    );
    expect(error.row).toBe(1);
    expect(error.column).toBe('#1');
    expect(error.count).toBe(3);
    expect(error.message).toMatch(/-Infinity at row 1/);
  });
});

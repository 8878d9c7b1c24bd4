/**
 * Shared helpers of the preprocess tests: fixtures, comparisons, JSON round trips.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { CohortlabError, type ErrorCode } from '../../src/errors/cohortlab-error.js';
import type { Column, ColumnTable } from '../../src/table/column-table.js';

const FIXTURES = new URL('../fixtures/preprocess/', import.meta.url);

/** Parsed JSON fixture written by scripts/fixtures/preprocess.py. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

/** Float64Array from JSON numbers, null meaning NaN. */
export function f64(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : v));
}

/** The six spend columns of the wholesale data set. */
export const SPEND = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];

interface InputFixture {
  numeric: Record<string, (number | null)[]>;
  text: Record<string, (string | null)[]>;
}

/** The wholesale spend columns (numeric) and Channel/Region/RegionMissing (text). */
export function wholesale(): { numeric: ColumnTable; text: ColumnTable } {
  const input = fixture<InputFixture>('wholesale-input.json');
  const numeric: Record<string, Float64Array> = {};
  for (const name of SPEND) numeric[name] = f64(input.numeric[name] ?? []);
  return { numeric, text: input.text };
}

/** Numeric table from plain arrays (null → NaN). */
export function numericTable(columns: Record<string, readonly (number | null)[]>): ColumnTable {
  const out: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(columns)) out[name] = f64(values);
  return out;
}

/** Largest |a - b| over two columns; NaN must match NaN (else Infinity is returned). */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number | null>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] ?? NaN;
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e)) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(a - e));
  }
  return worst;
}

/** Largest |a - b| / max(1, |b|): absolute for small values, relative for large ones. */
export function maxScaledDiff(
  actual: ArrayLike<number>,
  expected: ArrayLike<number | null>,
): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] ?? NaN;
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e)) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}

/** Asserts two numeric columns agree within `tol` (absolute), NaN where NaN. */
export function expectClose(
  actual: Column | undefined,
  expected: ArrayLike<number | null>,
  tol = 1e-12,
): void {
  expect(actual).toBeInstanceOf(Float64Array);
  expect(maxAbsDiff(actual as Float64Array, expected)).toBeLessThanOrEqual(tol);
}

/** A deep copy of a table, to check later that the original was not written to. */
export function snapshot(table: ColumnTable): ColumnTable {
  const out: Record<string, Column> = {};
  for (const [name, column] of Object.entries(table)) {
    out[name] = column instanceof Float64Array ? Float64Array.from(column) : [...column];
  }
  return out;
}

/** JSON text → parse, as a saved model would travel. */
export function viaJSON(model: { toJSON(): unknown }): unknown {
  return JSON.parse(JSON.stringify(model.toJSON())) as unknown;
}

/** Asserts `fn` throws a CohortlabError with `code` (and the given location fields). */
export function expectError(
  fn: () => unknown,
  code: ErrorCode,
  where: { column?: string; row?: number } = {},
): CohortlabError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CohortlabError);
  const error = caught as CohortlabError;
  expect(error.code).toBe(code);
  if (where.column !== undefined) expect(error.column).toBe(where.column);
  if (where.row !== undefined) expect(error.row).toBe(where.row);
  return error;
}

/** Asserts two tables are identical: same column order, same values bit for bit (NaN = NaN). */
export function expectSameTable(actual: ColumnTable, expected: ColumnTable): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const name of Object.keys(expected)) {
    const a = actual[name];
    const e = expected[name];
    if (e instanceof Float64Array) {
      expect(a).toBeInstanceOf(Float64Array);
      // Compare bit patterns so that -0 vs 0 or different NaNs would show up too.
      expect(bytes(a as Float64Array)).toEqual(bytes(e));
    } else {
      expect(a).toEqual(e);
    }
  }
}

function bytes(column: Float64Array): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

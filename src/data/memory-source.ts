import type { DuckDBAppender } from '@duckdb/node-api';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Engine } from './engine.js';
import { describeRelation } from './file-source.js';
import type { RawRelation } from './raw-relation.js';
import { quoteIdent } from './sql.js';
import { emptyRecord } from '../util/own.js';

/** Rows as plain objects, e.g. parsed JSON. */
export type RecordsSource = readonly Readonly<Record<string, unknown>>[];
/** Columns as arrays or typed arrays of equal length, keyed by name. */
export type ColumnsSource = Readonly<Record<string, ArrayLike<unknown>>>;
/** The shape of a danfo.js DataFrame that cohortlab reads (no import of danfo needed). */
export interface DataFrameLike {
  readonly columns: readonly string[];
  /** Rows as arrays (a one-column frame may hold bare values). */
  readonly values: readonly unknown[];
  readonly shape: readonly number[];
}

type ColumnType = 'DOUBLE' | 'BOOLEAN' | 'VARCHAR';

/** True for objects shaped like a danfo DataFrame. */
export function isDataFrameLike(value: unknown): value is DataFrameLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<DataFrameLike>;
  return Array.isArray(v.columns) && Array.isArray(v.values) && Array.isArray(v.shape);
}

/** Column view of an array of records: the union of keys, in first-seen order. */
export function recordsToColumns(records: RecordsSource): Record<string, unknown[]> {
  // No prototype: a key such as "__proto__" or "toString" is a column like any other.
  const columns = emptyRecord<unknown[]>();
  records.forEach((record, i) => {
    for (const key of Object.keys(record)) {
      columns[key] ??= new Array<unknown>(records.length).fill(null);
      (columns[key] as unknown[])[i] = record[key];
    }
  });
  return columns;
}

/** Column view of a danfo-like DataFrame. */
export function dataFrameToColumns(frame: DataFrameLike): Record<string, unknown[]> {
  const columns = emptyRecord<unknown[]>();
  frame.columns.forEach((name, j) => {
    columns[name] = frame.values.map((row) => (Array.isArray(row) ? (row as unknown[])[j] : row));
  });
  return columns;
}

/**
 * Copies in-memory columns into an engine table through DuckDB's appender. Numbers become
 * DOUBLE (NaN → NULL), booleans BOOLEAN, Dates ISO text (parsed later like any date), and
 * mixed columns text.
 */
export async function loadColumns(
  engine: Engine,
  columns: ColumnsSource,
  label: string,
): Promise<RawRelation> {
  const names = Object.keys(columns);
  if (names.length === 0) throw new CohortlabError('NO_ROWS', 'source has no columns', { file: label });
  const length = columns[names[0] as string]?.length ?? 0;
  for (const name of names) {
    if (columns[name]?.length !== length) {
      throw new CohortlabError('INVALID_INPUT', `column length differs from ${length}`, {
        file: label,
        column: name,
      });
    }
  }
  const types = names.map((name) => inferType(columns[name] as ArrayLike<unknown>));
  const name = engine.uniqueName('raw');
  const table = `${name}_data`;
  const ddl = names.map((n, j) => `${quoteIdent(n)} ${types[j] as string}`).join(', ');
  await engine.run(`CREATE TEMP TABLE ${table} (${ddl})`);
  const appender = await engine.duckdb.createAppender(table, 'main', 'temp');
  for (let i = 0; i < length; i++) {
    for (let j = 0; j < names.length; j++) {
      appendValue(appender, types[j] as ColumnType, (columns[names[j] as string] as ArrayLike<unknown>)[i]);
    }
    appender.endRow();
  }
  appender.closeSync();
  await engine.run(`CREATE TEMP VIEW ${name} AS SELECT rowid + 1 AS __row, * FROM ${table}`);
  return describeRelation(engine, name, label);
}

function inferType(values: ArrayLike<unknown>): ColumnType {
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array) {
    return 'DOUBLE';
  }
  let type: ColumnType | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const t: ColumnType =
      typeof v === 'number' || typeof v === 'bigint' ? 'DOUBLE' : typeof v === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
    if (type === undefined) type = t;
    else if (type !== t) return 'VARCHAR';
  }
  return type ?? 'VARCHAR';
}

function appendValue(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
    appender.appendNull();
  } else if (type === 'DOUBLE') appender.appendDouble(Number(value));
  else if (type === 'BOOLEAN') appender.appendBoolean(Boolean(value));
  else appender.appendVarchar(value instanceof Date ? value.toISOString() : String(value));
}

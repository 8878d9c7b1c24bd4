import { DuckDBTypeId, type DuckDBResultReader } from '@duckdb/node-api';
import type { Column, ColumnTable } from '../table/column-table.js';

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

/** True when DuckDB values of this type read as numbers (booleans as 1/0). */
export function isNumericTypeId(typeId: DuckDBTypeId): boolean {
  return NUMERIC_TYPES.has(typeId);
}

/**
 * Converts a fully read DuckDB result into a {@link ColumnTable}: numeric and boolean columns
 * become Float64Array (NULL → NaN), dates become 'YYYY-MM-DD' text, everything else text.
 */
export function readColumns(reader: DuckDBResultReader): ColumnTable {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const values = reader.getColumnsJS();
  const table: Record<string, Column> = {};
  names.forEach((name, j) => {
    const column = values[j] ?? [];
    const typeId = types[j]?.typeId ?? DuckDBTypeId.VARCHAR;
    table[name] = NUMERIC_TYPES.has(typeId) ? toFloat64(column) : toText(column, typeId);
  });
  return table;
}

function toFloat64(values: readonly unknown[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] =
      v === null || v === undefined
        ? NaN
        : typeof v === 'boolean'
          ? Number(v)
          : typeof v === 'bigint'
            ? Number(v)
            : (v as number);
  }
  return out;
}

function toText(values: readonly unknown[], typeId: DuckDBTypeId): (string | null)[] {
  const isDate = typeId === DuckDBTypeId.DATE;
  return values.map((v) => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return isDate ? v.toISOString().slice(0, 10) : v.toISOString();
    return String(v);
  });
}

import { endianness } from 'node:os';
import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBDataChunk,
  type DuckDBType,
  type DuckDBVector,
} from '@duckdb/node-api';
import type { Column, ColumnTable } from '../table/column-table.js';
import { duckDateText } from './date-text.js';

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
 * Converts a fully fetched DuckDB result into a {@link ColumnTable}: numeric and boolean
 * columns become Float64Array (NULL → NaN), dates become their DuckDB text ('YYYY-MM-DD'),
 * everything else text. Integer columns named in `asText` become their decimal text instead,
 * the text DuckDB's `CAST(… AS VARCHAR)` gives them (a number's text is made faster in
 * JavaScript than a string is copied out of DuckDB).
 *
 * Read chunk by chunk, column by column, straight into the output: the library's generic
 * `getColumnsJS` builds an array of boxed values per column first, which for 1.1M customers
 * × 10 columns cost ~1.4 s, more than the feature query's share of a core.
 */
export function readColumns(
  names: readonly string[],
  types: readonly DuckDBType[],
  chunks: readonly DuckDBDataChunk[],
  asText: ReadonlySet<string> = new Set(),
): ColumnTable {
  let rows = 0;
  for (const chunk of chunks) rows += chunk.rowCount;
  const table: Record<string, Column> = {};
  names.forEach((name, j) => {
    const type = types[j] as DuckDBType;
    const vectors = chunks.map((c) => c.getColumnVector(j));
    table[name] = NUMERIC_TYPES.has(type.typeId) && !asText.has(name)
      ? readNumbers(vectors, rows)
      : readText(vectors, rows, type.typeId);
  });
  return table;
}

function readNumbers(vectors: readonly DuckDBVector[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  let offset = 0;
  for (const vector of vectors) {
    const n = vector.itemCount;
    if (!copyFloats(vector, out, offset)) {
      for (let i = 0; i < n; i++) out[offset + i] = toNumber(vector.getItem(i), vector.type);
    }
    offset += n;
  }
  return out;
}

/** NULL → NaN; booleans 1/0; bigints and decimals as the nearest double (as before). */
function toNumber(item: unknown, type: DuckDBType): number {
  if (item === null || item === undefined) return NaN;
  if (typeof item === 'number') return item;
  const v = JSDuckDBValueConverter(item as never, type, JSDuckDBValueConverter);
  return typeof v === 'boolean' || typeof v === 'bigint' ? Number(v) : (v as number);
}

/**
 * What a DOUBLE or FLOAT vector of @duckdb/node-api 1.5 holds: its values as a typed array and
 * a validity mask of 64-bit words (null when every value is valid). Not public API, so every
 * part is checked and anything unexpected falls back to `getItem`.
 */
interface FloatVectorInternals {
  readonly items?: unknown;
  readonly validity?: { readonly data?: unknown; readonly offset?: unknown };
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Copies a DOUBLE/FLOAT vector in one `set` (NULL → NaN); false when it cannot. */
function copyFloats(vector: DuckDBVector, out: Float64Array, offset: number): boolean {
  const typeId = vector.type.typeId;
  if (typeId !== DuckDBTypeId.DOUBLE && typeId !== DuckDBTypeId.FLOAT) return false;
  const { items, validity } = vector as unknown as FloatVectorInternals;
  const n = vector.itemCount;
  const typed =
    (typeId === DuckDBTypeId.DOUBLE && items instanceof Float64Array) ||
    (typeId === DuckDBTypeId.FLOAT && items instanceof Float32Array);
  if (!typed || (items as Float64Array).length !== n || validity?.offset !== 0) return false;
  const mask = validity.data;
  if (mask !== null && !(mask instanceof BigUint64Array && LITTLE_ENDIAN)) return false;
  out.set(items as Float64Array, offset);
  if (mask !== null) {
    // Bit i of the mask (little-endian 64-bit words) is row i; read as 32-bit words, no BigInt.
    const words = new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2);
    for (let i = 0; i < n; i++) {
      if (((words[i >>> 5] as number) & (1 << (i & 31))) === 0) out[offset + i] = NaN;
    }
  }
  return true;
}

function readText(
  vectors: readonly DuckDBVector[],
  rows: number,
  typeId: DuckDBTypeId,
): (string | null)[] {
  const out = new Array<string | null>(rows);
  let offset = 0;
  // Dates repeat (a few thousand days across a million customers): format each day once.
  const dates = new Map<number, string>();
  for (const vector of vectors) {
    const n = vector.itemCount;
    for (let i = 0; i < n; i++) {
      const item = vector.getItem(i);
      let text: string | null;
      if (item === null || item === undefined) text = null;
      else if (typeof item === 'string') text = item;
      else if (typeof item === 'number' || typeof item === 'bigint') text = String(item);
      else if (typeId === DuckDBTypeId.DATE) {
        const days = (item as { days: number }).days;
        text = dates.get(days) ?? null;
        if (text === null) {
          text = duckDateText(days);
          dates.set(days, text);
        }
      } else text = otherText(item, vector.type);
      out[offset + i] = text;
    }
    offset += n;
  }
  return out;
}

/** Timestamps as ISO text; anything else as its JS value's text. */
function otherText(item: unknown, type: DuckDBType): string | null {
  const v: unknown = JSDuckDBValueConverter(item as never, type, JSDuckDBValueConverter);
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

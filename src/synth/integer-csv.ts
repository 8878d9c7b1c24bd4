/**
 * Headerless CSV of non-negative whole numbers, written digit by digit into one Buffer: how a
 * chunk of typed arrays reaches DuckDB (read_csv, then dates, money and labels are decoded and
 * the chunk sorted in the same INSERT). Measured against @duckdb/node-api's appender on 1M rows
 * × 6 integer columns it costs about the same CPU (~0.35 s; appendInteger per value ~0.45 s,
 * appendDataChunk ~0.33 s), so the simpler SQL-side decoding decided.
 *
 * @module
 */

/** Column values: a typed array, or a function of the row for implicit columns such as ids. */
export type IntegerColumn = ArrayLike<number> | ((row: number) => number);

// Longest decimal of a safe integer (16 digits) plus the separator.
const MAX_FIELD_BYTES = 17;

/** Encodes `rows` rows of non-negative integers (≤ 2⁵³) as CSV lines, no header. */
export function encodeIntegerCsv(columns: readonly IntegerColumn[], rows: number): Buffer {
  const buffer = Buffer.allocUnsafe(rows * columns.length * MAX_FIELD_BYTES);
  const digits = new Uint8Array(MAX_FIELD_BYTES);
  let pos = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as IntegerColumn;
      let v = typeof column === 'function' ? column(r) : (column[r] as number);
      if (v === 0) buffer[pos++] = 48;
      else {
        let n = 0;
        while (v > 0) {
          const q = Math.floor(v / 10);
          digits[n++] = 48 + (v - q * 10);
          v = q;
        }
        while (n > 0) buffer[pos++] = digits[--n] as number;
      }
      buffer[pos++] = c === columns.length - 1 ? 10 : 44; // '\n' or ','
    }
  }
  return buffer.subarray(0, pos);
}

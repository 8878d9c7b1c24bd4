/**
 * ClickHouse RowBinary encoding for test data: doubles travel as their 8 bytes, so values
 * arrive bit for bit (ClickHouse 18.16's text parsers round some doubles differently).
 */

/** Column types the encoder writes. */
export type RowBinaryType =
  'String' | 'Date' | 'Float64' | 'Nullable(String)' | 'Nullable(Float64)';

/** A cell: text, a 'YYYY-MM-DD' date, a number, or null (Nullable only). */
export type RowBinaryValue = string | number | null;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

function encode(type: RowBinaryType, value: RowBinaryValue, out: Buffer[]): void {
  if (type.startsWith('Nullable(')) {
    out.push(Buffer.from([value === null ? 1 : 0]));
    if (value === null) return;
    encode(type.slice('Nullable('.length, -1) as RowBinaryType, value, out);
    return;
  }
  if (value === null) throw new Error(`${type} cannot hold NULL`);
  if (type === 'String') {
    const bytes = Buffer.from(String(value), 'utf8');
    out.push(Buffer.from(varint(bytes.length)), bytes);
  } else if (type === 'Date') {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(Date.parse(`${String(value)}T00:00:00Z`) / 86_400_000);
    out.push(b);
  } else {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(Number(value));
    out.push(b);
  }
}

/** Rows (arrays of cells in column order) as one RowBinary body. */
export function rowBinary(
  types: readonly RowBinaryType[],
  rows: readonly RowBinaryValue[][],
): Buffer {
  const out: Buffer[] = [];
  for (const row of rows) types.forEach((type, j) => encode(type, row[j] ?? null, out));
  return Buffer.concat(out);
}

/** A JSONCompact result as columns of plain values (null for NULL), by column name. */
export function jsonColumns(text: string): Record<string, (string | number | null)[]> {
  const json = JSON.parse(text) as { meta: { name: string }[]; data: (string | number | null)[][] };
  const columns: Record<string, (string | number | null)[]> = {};
  json.meta.forEach(({ name }, j) => {
    columns[name] = json.data.map((row) => row[j] ?? null);
  });
  return columns;
}

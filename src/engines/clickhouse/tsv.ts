/**
 * Reads ClickHouse's `TSVWithNamesAndTypes` output into a {@link ColumnTable}. ClickHouse
 * writes doubles in their shortest round-trip form, so numbers read back bit for bit.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { Column, ColumnTable } from '../../table/column-table.js';

const UNESCAPE: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  r: '\r',
  n: '\n',
  t: '\t',
  '0': '\0',
  "'": "'",
  '\\': '\\',
};

/** A TSV field with ClickHouse's backslash escapes undone. */
function unescapeField(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c);
}

/** True for the ClickHouse types that read as numbers (inside Nullable too). */
export function isNumericType(type: string): boolean {
  const inner = /^Nullable\((.*)\)$/.exec(type)?.[1] ?? type;
  return /^(U?Int(8|16|32|64|128|256)|Float(32|64)|Decimal.*|Bool)$/.test(inner);
}

function parseNumber(field: string): number {
  switch (field) {
    case '\\N':
    case 'nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    default:
      return Number(field);
  }
}

/**
 * Columns of a `TSVWithNamesAndTypes` body: numeric types become Float64Array (NULL and
 * nan → NaN), everything else text (NULL → null; dates as 'YYYY-MM-DD').
 */
export function parseTsvWithNamesAndTypes(text: string): ColumnTable {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 2) {
    throw new CohortlabError('ENGINE_ERROR', 'ClickHouse answered without the column header');
  }
  const names = (lines[0] as string).split('\t').map(unescapeField);
  const types = (lines[1] as string).split('\t').map(unescapeField);
  const n = lines.length - 2;
  const numeric = types.map(isNumericType);
  const columns: Column[] = numeric.map((isNumber) =>
    isNumber ? new Float64Array(n) : new Array<string | null>(n).fill(null),
  );
  for (let i = 0; i < n; i++) {
    const fields = (lines[i + 2] as string).split('\t');
    for (let j = 0; j < columns.length; j++) {
      const field = fields[j] ?? '\\N';
      const column = columns[j] as Column;
      if (numeric[j]) (column as Float64Array)[i] = parseNumber(field);
      else (column as (string | null)[])[i] = field === '\\N' ? null : unescapeField(field);
    }
  }
  const table: Record<string, Column> = {};
  names.forEach((name, j) => {
    table[name] = columns[j] as Column;
  });
  return table;
}

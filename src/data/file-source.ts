import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { readCsvHeader, type Delimiter } from './csv-header.js';
import { assertJsonNesting } from './json-nesting.js';
import { assertNoNulBytes } from './nul-bytes.js';
import type { Engine } from './engine.js';
import { columnKind, type RawRelation } from './raw-relation.js';
import { quoteIdent, quoteLiteral } from './sql.js';
import { printableText } from '../sql/safe-text.js';

/** File formats cohortlab reads. */
export type FileFormat = 'csv' | 'parquet' | 'json' | 'ndjson';

/** How to read a file. Everything is detected when left out. */
export interface FileReadOptions {
  /** Default: from the extension (.csv .tsv .txt .dat → csv, .parquet, .json, .ndjson/.jsonl). */
  readonly format?: FileFormat | 'auto';
  /** CSV delimiter: a character, 'whitespace', or 'auto' (default; see {@link readCsvHeader}). */
  readonly delimiter?: Delimiter | 'auto';
  /** CSV quote character; default '"'. */
  readonly quote?: string;
}

const EXTENSIONS: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.dat': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

/** The format of `file` from options or its extension (a trailing .gz/.zst is ignored). */
export function detectFormat(file: string, format: FileFormat | 'auto' = 'auto'): FileFormat {
  if (format !== 'auto') return format;
  const bare = file.replace(/\.(gz|zst)$/i, '');
  const found = EXTENSIONS[extname(bare).toLowerCase()];
  if (found === undefined) {
    throw new CohortlabError(
      'UNSUPPORTED_FORMAT',
      `cannot tell the format from the extension "${extname(bare)}"; pass format: csv, parquet, json or ndjson`,
      { file },
    );
  }
  return found;
}

/**
 * Loads a file into the engine as a {@link RawRelation}. CSV values stay text so that parse
 * errors can be reported by cohortlab with their row; Parquet and JSON keep their types.
 */
export async function loadFile(
  engine: Engine,
  file: string,
  options: FileReadOptions = {},
  keep?: readonly string[],
): Promise<RawRelation> {
  assertReadableFile(file);
  const format = detectFormat(file, options.format);
  const name = engine.uniqueName('raw');
  // Only the columns in `keep` are read (in file order; a name the file lacks is left to the
  // caller's MISSING_COLUMN): a file of 20,000 columns costs no more than one of 3 then.
  const pick = (all: readonly string[]): readonly string[] => {
    const kept = keep === undefined ? all : all.filter((n) => keep.includes(n));
    return kept.length > 0 ? kept : all; // none mapped: read as is, for the caller's message
  };
  let available: readonly string[];
  try {
    if (format === 'csv') available = await loadCsv(engine, file, name, options, pick);
    else if (format === 'parquet') {
      const parquet = `read_parquet(${quoteLiteral(file)}, file_row_number = true)`;
      available = await columnNames(engine, `SELECT * EXCLUDE (file_row_number) FROM ${parquet}`);
      // A view: Parquet is scanned where it lies, row numbers come from the file itself.
      await engine.run(
        `CREATE TEMP VIEW ${name} AS SELECT file_row_number + 1 AS __row, ${selectList(pick(available))}
         FROM ${parquet}`,
      );
    } else {
      // Compressed JSON is checked by DuckDB alone (array format, but not for a cut-off end).
      if (format === 'json' && !/\.(gz|zst)$/i.test(file)) assertJsonArray(file);
      await assertJsonNesting(file);
      available = await loadJson(engine, file, name, format, pick);
    }
  } catch (error) {
    if (error instanceof CohortlabError) throw error;
    throw translateReadError(error, file, format);
  }
  const relation = await describe(engine, name, file);
  // Checked on every column of the file, read or not (a rename shows in the names).
  assertNoCaseRenames(available, file);
  return relation.columns.length === available.length ? relation : { ...relation, available };
}

/**
 * Keys that differ only in case ("Amount", "amount") are one name to the engine, which keeps
 * the second as "amount_1" when it reads JSON or Parquet. A column `x_N` beside another
 * column that equals `x` but for case is such a rename: DUPLICATE_COLUMN naming both.
 */
function assertNoCaseRenames(names: readonly string[], file: string): void {
  for (const name of names) {
    const base = /^(.*)_\d+$/.exec(name)?.[1];
    if (base === undefined) continue;
    const other = names.find((n) => n !== base && n.toLowerCase() === base.toLowerCase());
    if (other !== undefined) {
      throw new CohortlabError(
        'DUPLICATE_COLUMN',
        `columns "${printableText(other)}" and "${printableText(base)}" differ only in case, and column names are compared without case: rename one`,
        { file, column: base },
      );
    }
  }
}

async function columnNames(engine: Engine, query: string): Promise<string[]> {
  const rows = await engine.rows(`DESCRIBE ${query}`);
  return rows.map((row) => String(row['column_name']));
}

const selectList = (names: readonly string[]): string => names.map(quoteIdent).join(', ');

async function loadJson(
  engine: Engine,
  file: string,
  name: string,
  format: 'json' | 'ndjson',
  pick: (all: readonly string[]) => readonly string[],
): Promise<readonly string[]> {
  const jsonFormat = format === 'ndjson' ? 'newline_delimited' : 'array';
  const json = `read_json(${quoteLiteral(file)}, format = '${jsonFormat}')`;
  const table = `${name}_data`;
  // The schema from DuckDB's sample first, then only the kept fields are materialised: a
  // table of every field of a 20,000-field file costs 3× the memory.
  const columns = await engine.rows(`DESCRIBE SELECT * FROM ${json}`);
  const all = columns.map((c) => String(c['column_name']));
  const kept = new Set(pick(all));
  // A field whose values mix types ("007" and 7) comes out typed JSON, whose text keeps the
  // quotes of strings ('"007"'): its values are read as the text they hold instead.
  const select = columns
    .filter((c) => kept.has(String(c['column_name'])))
    .map((c) => {
      const column = quoteIdent(String(c['column_name']));
      return c['column_type'] === 'JSON' ? `(${column} ->> '$') AS ${column}` : column;
    });
  await engine.run(`CREATE TEMP TABLE ${table} AS SELECT ${select.join(', ')} FROM ${json}`);
  await engine.run(`CREATE TEMP VIEW ${name} AS SELECT rowid + 1 AS __row, * FROM ${table}`);
  return all;
}

function assertReadableFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new CohortlabError('FILE_NOT_FOUND', 'file not found', { file });
  }
  if (!isFile) throw new CohortlabError('FILE_NOT_FOUND', 'not a regular file', { file });
}

async function loadCsv(
  engine: Engine,
  file: string,
  name: string,
  options: FileReadOptions,
  pick: (all: readonly string[]) => readonly string[],
): Promise<readonly string[]> {
  const header = readCsvHeader(file, options.delimiter ?? 'auto');
  assertUniqueNames(header.names, file);
  await assertNoNulBytes(file);
  const table = `${name}_data`;
  if (header.delimiter === 'whitespace') {
    await loadWhitespaceSeparated(engine, file, table, header.names, pick(header.names));
  } else {
    const columns = header.names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(', ');
    // Every column up to the last one needed: DuckDB 1.5's CSV reader, asked for a column
    // whose position is past the number of columns asked for, fails its error report on a bad
    // row with a fatal internal error that invalidates the whole database.
    const wanted = new Set(pick(header.names));
    const last = header.names.reduce((end, n, i) => (wanted.has(n) ? i + 1 : end), 0);
    const quote = quoteLiteral(options.quote ?? '"');
    // Explicit dialect and columns: DuckDB then rejects ragged rows instead of guessing.
    await engine.run(
      `CREATE TEMP TABLE ${table} AS SELECT ${selectList(header.names.slice(0, last))} FROM read_csv(${quoteLiteral(file)},
         header = true, auto_detect = false, delim = ${quoteLiteral(header.delimiter)},
         quote = ${quote}, escape = ${quote}, columns = {${columns}})`,
    );
  }
  await engine.run(`CREATE TEMP VIEW ${name} AS SELECT rowid + 1 AS __row, * FROM ${table}`);
  return header.names;
}

/** Whitespace-separated text (CDNOW): read lines, split on runs of blanks in SQL. */
async function loadWhitespaceSeparated(
  engine: Engine,
  file: string,
  table: string,
  names: readonly string[],
  kept: readonly string[],
): Promise<void> {
  const lines = `${table}_lines`;
  await engine.run(
    `CREATE TEMP TABLE ${lines} AS SELECT string_split_regex(trim(line), '\\s+') AS parts
     FROM read_csv(${quoteLiteral(file)}, columns = {'line': 'VARCHAR'}, header = true,
       auto_detect = false, delim = chr(31), quote = '', escape = '')`,
  );
  const bad = await engine.row(
    `SELECT count(*) AS n, min(rowid) + 1 AS first_row, any_value(len(parts)) AS fields FROM ${lines}
     WHERE len(parts) <> ${names.length} AND NOT (len(parts) = 1 AND parts[1] = '')`,
  );
  if (Number(bad['n']) > 0) {
    throw new CohortlabError(
      'READ_FAILED',
      `expected ${names.length} whitespace-separated fields, found ${String(bad['fields'])}`,
      { file, row: Number(bad['first_row']), count: Number(bad['n']) },
    );
  }
  const select = names
    .map((n, i) => `parts[${i + 1}] AS ${quoteIdent(n)}`)
    .filter((_, i) => kept.includes(names[i] as string))
    .join(', ');
  await engine.run(
    `CREATE TEMP TABLE ${table} AS SELECT ${select} FROM ${lines}
     WHERE NOT (len(parts) = 1 AND parts[1] = '') ORDER BY rowid`,
  );
  await engine.run(`DROP TABLE ${lines}`);
}

function assertUniqueNames(names: readonly string[], file: string): void {
  const seen = new Set<string>();
  // The engine's names are case-insensitive: "Amount" and "amount" would be one column.
  const folded = new Map<string, string>();
  for (const [index, name] of names.entries()) {
    if (name === '') {
      throw new CohortlabError(
        'READ_FAILED',
        `header field ${index + 1} of ${names.length} is an empty column name (check the delimiter)`,
        { file, line: 1 },
      );
    }
    if (seen.has(name)) {
      throw new CohortlabError('DUPLICATE_COLUMN', 'column name appears twice in the header', {
        file,
        column: name,
      });
    }
    seen.add(name);
    const other = folded.get(name.toLowerCase());
    if (other !== undefined) {
      throw new CohortlabError(
        'DUPLICATE_COLUMN',
        `columns "${printableText(other)}" and "${printableText(name)}" differ only in case, and column names are compared without case: rename one`,
        { file, column: name },
      );
    }
    folded.set(name.toLowerCase(), name);
  }
}

/**
 * An engine error met while scanning `file` after it was opened (a Parquet view is read
 * again by every query: a corrupt page shows up there) as READ_FAILED naming the file;
 * anything else (a typed error, a bug of ours) unchanged.
 */
export function fileScanError(error: unknown, file: string): unknown {
  if (error instanceof CohortlabError || !(error instanceof Error)) return error;
  if (!/^[A-Z][A-Za-z ]*Error: /.test(error.message)) return error;
  return new CohortlabError(
    'READ_FAILED',
    `cannot read the file: ${cleanReason(error.message)} (the file looks corrupt or truncated)`,
    { file },
    error,
  );
}

/**
 * A .json file must hold one array of records. DuckDB would also read a lone object or scalar
 * as a one-row table, and an array cut off after a complete record as if it were whole, so
 * the first and last non-blank characters are checked here.
 */
function assertJsonArray(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const edge = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, edge, 0, edge.length, 0);
    const head = edge.toString('utf8').replace(/^\uFEFF/, '').trim();
    const first = head[0];
    readSync(fd, edge, 0, edge.length, size - edge.length);
    const last = edge.toString('latin1').trimEnd().at(-1);
    if (first === undefined || /^\[\s*\]$/.test(head)) {
      throw new CohortlabError('NO_ROWS', first === undefined ? 'file is empty' : 'the JSON array is empty', {
        file,
      });
    }
    if (first !== '[') {
      throw new CohortlabError(
        'READ_FAILED',
        `expected a JSON array of records like [{"id": …}, …], found '${first}' at the start (for one record per line use format 'ndjson')`,
        { file },
      );
    }
    if (last !== ']') {
      throw new CohortlabError('READ_FAILED', 'the JSON array is not closed by "]": the file looks truncated', {
        file,
      });
    }
  } finally {
    closeSync(fd);
  }
}

async function describe(engine: Engine, name: string, label: string): Promise<RawRelation> {
  const rows = await engine.rows(`DESCRIBE SELECT * EXCLUDE (__row) FROM ${name}`);
  const columns = rows.map((row) => {
    const type = String(row['column_type']);
    return { name: String(row['column_name']), duckdbType: type, kind: columnKind(type) };
  });
  return { name, columns, label };
}

export { describe as describeRelation };

/** Turns a DuckDB read error into one typed line; keeps the line number DuckDB reports. */
function translateReadError(error: unknown, file: string, format: FileFormat): CohortlabError {
  const message = error instanceof Error ? error.message : String(error);
  const lineMatch = /CSV Error on Line: (\d+)/.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const location = line === undefined ? { file } : { file, line };
  if (/Invalid unicode|not utf-8/i.test(message)) {
    return new CohortlabError('INVALID_ENCODING', 'file is not valid UTF-8', location, error);
  }
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (columns) {
    return new CohortlabError(
      'READ_FAILED',
      `expected ${columns[1]} fields, found ${columns[2]} (check the delimiter and quotes)`,
      location,
      error,
    );
  }
  // NDJSON errors name the physical line; array errors count "record/value"s, left out here.
  const json = /Malformed JSON in file ".*?", at byte \d+ in (line|record\/value) (\d+): (.*?)\.?\s*$/m.exec(
    message,
  );
  if (json) {
    const where = json[1] === 'line' ? { file, line: Number(json[2]) } : { file };
    return new CohortlabError('READ_FAILED', `malformed JSON: ${json[3]}`, where, error);
  }
  const long = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/.exec(message);
  if (long) {
    return new CohortlabError(
      'READ_FAILED',
      `a line of ${long[2]} bytes is longer than the ${long[1]} a row may have: a field this long is no transaction data (check the delimiter and quotes)`,
      location,
      error,
    );
  }
  const duplicate = /Duplicate struct entry name "(.*)"/.exec(message);
  if (duplicate) {
    return new CohortlabError(
      'DUPLICATE_COLUMN',
      'two columns have this name when case is ignored (column names are compared without case): rename one',
      { ...location, column: duplicate[1] as string },
      error,
    );
  }
  if (/unterminated quote|quote/i.test(message) && format === 'csv') {
    return new CohortlabError('READ_FAILED', 'unterminated quoted field', location, error);
  }
  const reason = cleanReason(message);
  return new CohortlabError('READ_FAILED', `cannot read ${format}: ${reason}`, location, error);
}

/** First meaningful line of a DuckDB message, without its "X Error:" prefix. */
function cleanReason(message: string): string {
  const first = message.split('\n').find((l) => l.trim() !== '') ?? message;
  return first.replace(/^[A-Za-z ]*Error:\s*/, '').trim();
}

import { openSync, readSync, closeSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { CohortlabError } from '../errors/cohortlab-error.js';

/** A delimiter character, or 'whitespace' for columns separated by runs of spaces/tabs. */
export type Delimiter = string;

/** What the first record of a delimited text file says about it. */
export interface CsvHeader {
  /** Column names, BOM and surrounding whitespace removed. */
  readonly names: readonly string[];
  /** The delimiter used (given or detected). */
  readonly delimiter: Delimiter;
}

const CANDIDATES = [',', ';', '\t', '|'] as const;
// The header of any sane file fits in this; a longer first line means no newline at all.
const HEAD_BYTES = 1 << 20;

/**
 * Reads the header record of a delimited text file: detects the delimiter when not given and
 * splits the names, honouring RFC 4180 quotes (quoted names may hold delimiters or newlines).
 *
 * Detection counts the candidates , ; tab | outside quotes in the header and takes the most
 * frequent; when none occurs and the line holds runs of blanks, the file is whitespace-separated
 * (the CDNOW layout). An empty file is a NO_ROWS error.
 */
export function readCsvHeader(file: string, delimiter: Delimiter | 'auto' = 'auto'): CsvHeader {
  const text = readHead(file);
  if (text.trim() === '') {
    throw new CohortlabError('NO_ROWS', 'file is empty', { file });
  }
  const firstLine = firstRecordText(text);
  assertTextHeader(file, firstLine);
  const chosen = delimiter === 'auto' ? detectDelimiter(firstLine) : delimiter;
  const names =
    chosen === 'whitespace' ? firstLine.trim().split(/\s+/) : splitRecord(firstLine, chosen);
  return { names: names.map((name) => name.trim()), delimiter: chosen };
}

function readHead(file: string): string {
  if (/\.zst$/i.test(file)) {
    throw new CohortlabError('UNSUPPORTED_FORMAT', 'zstd-compressed CSV is not supported; use .gz or plain text', {
      file,
    });
  }
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const bytes = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    let head: Buffer = buffer.subarray(0, bytes);
    // DuckDB reads .gz itself; the header is read here from the start of the stream (a sync
    // flush accepts the cut-off end).
    if (/\.gz$/i.test(file)) head = gunzipHead(file, head);
    // A truncated multi-byte character at the end is harmless: only the first record is used.
    return head.toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

function gunzipHead(file: string, compressed: Buffer): Buffer {
  try {
    return gunzipSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
  } catch (error) {
    throw new CohortlabError('READ_FAILED', 'not a valid gzip file', { file }, error);
  }
}

/**
 * The header becomes SQL column names, and DuckDB skips it without checking its encoding: an
 * invalid byte would surface as a puzzling "column not found" and a NUL would cut the SQL
 * text short. Both are reported here as INVALID_ENCODING on the header's line.
 */
function assertTextHeader(file: string, header: string): void {
  const bad = header.search(/[\uFFFD\0]/);
  if (bad < 0) return;
  // U+FFFD is what the decoder put in place of invalid bytes (a real U+FFFD in a header is
  // implausible enough to be reported too).
  const line = 1 + (header.slice(0, bad).match(/\r\n|\r|\n/g)?.length ?? 0);
  const detail =
    header[bad] === '\0'
      ? 'header contains NUL bytes: the file looks binary or UTF-16; save it as UTF-8 text'
      : 'file is not valid UTF-8';
  throw new CohortlabError('INVALID_ENCODING', detail, { file, line });
}

/** Text of the first record: up to the first newline that is not inside quotes. */
function firstRecordText(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) return text.slice(0, i);
  }
  return text;
}

function detectDelimiter(line: string): Delimiter {
  let best: Delimiter | undefined;
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = splitRecord(line, candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  if (best !== undefined) return best;
  return /\S\s+\S/.test(line.trim()) ? 'whitespace' : ',';
}

/** Splits one record on `delimiter`, with "" as an escaped quote inside quoted fields. */
function splitRecord(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i] as string;
    if (quoted) {
      if (ch === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (record.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length - 1;
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

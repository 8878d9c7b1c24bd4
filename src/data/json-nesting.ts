import { CohortlabError } from '../errors/cohortlab-error.js';
import { scanFileBytes } from './byte-scan.js';

/**
 * Deepest nesting of arrays and objects a JSON / NDJSON input may have. A record is an object
 * of plain values (depth 2 inside a .json array), so this leaves ample room for nested
 * values. DuckDB's schema detection costs grow steeply with depth (2 KB of brackets at depth
 * 1,000 ran for over a minute) and very deep nesting (100,000) crashes its parser.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN = [0x5b, 0x7b]; // [ {
const CLOSE = [0x5d, 0x7d]; // ] }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * Counts nesting over the bytes of a JSON text, chunk by chunk: brackets inside strings do not
 * count, and a raw newline ends a string (JSON strings cannot hold one, so a stray quote cannot
 * hide the rest of an NDJSON file). Linear in the size, constant memory.
 */
class NestingScanner {
  line = 1;
  #depth = 0;
  #inString = false;
  #escaped = false;

  /** Feeds the next bytes; returns false as soon as the nesting exceeds `limit`. */
  feed(bytes: Uint8Array, limit: number): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b === NEWLINE) {
        this.line++;
        this.#inString = false;
        this.#escaped = false;
      } else if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (b === BACKSLASH) this.#escaped = true;
        else if (b === QUOTE) this.#inString = false;
      } else if (b === QUOTE) this.#inString = true;
      else if (b === OPEN[0] || b === OPEN[1]) {
        if (++this.#depth > limit) return false;
      } else if ((b === CLOSE[0] || b === CLOSE[1]) && this.#depth > 0) this.#depth--;
    }
    return true;
  }
}

function tooDeep(file: string, line: number): CohortlabError {
  return new CohortlabError(
    'READ_FAILED',
    `JSON nested deeper than ${MAX_JSON_DEPTH} levels of arrays/objects: records must hold plain values`,
    { file, line },
  );
}

/**
 * Refuses a JSON or NDJSON file (plain or .gz) whose arrays and objects nest deeper than
 * {@link MAX_JSON_DEPTH}, before DuckDB sees it, with READ_FAILED naming the file and the
 * line. One pass over the bytes (a .gz file is decompressed as a stream). Zstandard files
 * are UNSUPPORTED_FORMAT, as for CSV: Node 20 cannot decompress them to check them.
 */
export async function assertJsonNesting(file: string): Promise<void> {
  if (/\.zst$/i.test(file)) {
    // DuckDB would read it, but unchecked: 100,000 nested brackets crash it (SIGSEGV).
    throw new CohortlabError(
      'UNSUPPORTED_FORMAT',
      'zstd-compressed JSON is not supported (its nesting cannot be checked before reading); use .gz or plain text',
      { file },
    );
  }
  const scanner = new NestingScanner();
  const shallow = await scanFileBytes(
    file,
    (chunk) => scanner.feed(chunk, MAX_JSON_DEPTH),
    'not a valid gzip file',
  );
  if (!shallow) throw tooDeep(file, scanner.line);
}

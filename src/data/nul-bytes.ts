import { CohortlabError } from '../errors/cohortlab-error.js';
import { scanFileBytes } from './byte-scan.js';

/** Counts lines over chunks and finds the first NUL byte. */
class NulScanner {
  line = 1;

  /** Feeds the next bytes; returns false at the first NUL (`line` is then its line). */
  feed(chunk: Buffer): boolean {
    const nul = chunk.indexOf(0);
    const end = nul < 0 ? chunk.length : nul;
    for (let i = chunk.indexOf(10); i >= 0 && i < end; i = chunk.indexOf(10, i + 1)) this.line++;
    return nul < 0;
  }
}

function nulFound(file: string, line: number): CohortlabError {
  return new CohortlabError(
    'INVALID_ENCODING',
    'file contains NUL bytes: it looks binary, UTF-16 or cut off by a crash (zero-filled); save it as UTF-8 text',
    { file, line },
  );
}

/**
 * Refuses a text file (plain or .gz) holding a NUL byte, with INVALID_ENCODING naming the
 * file and the physical line of the first one. No text file holds NULs: they mark a binary or
 * UTF-16 file, or the zero-filled tail a crash or a preallocating copy leaves behind. DuckDB's
 * CSV reader silently drops such a tail after scanning all of it (2 GB of NULs: 40 s, then
 * exit 0 with the rows before it) and keeps NULs inside fields as characters. The scan stops
 * at the first NUL, so a NUL tail is refused as fast as the rows before it are read, whatever
 * its size; a clean plain file costs one pass of memchr over bytes that DuckDB reads next
 * anyway (a .gz file one more decompression). Zstandard CSV is refused before this.
 */
export async function assertNoNulBytes(file: string): Promise<void> {
  const scanner = new NulScanner();
  const clean = await scanFileBytes(
    file,
    (chunk) => scanner.feed(chunk),
    'the gzip data is corrupt or cut off',
  );
  if (!clean) throw nulFound(file, scanner.line);
}

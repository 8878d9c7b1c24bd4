import { closeSync, openSync, readSync } from 'node:fs';
import { CohortlabError } from '../errors/cohortlab-error.js';

const CHUNK = 1 << 20;

/**
 * Refuses a text file holding a NUL byte, with INVALID_ENCODING naming the file and the
 * physical line of the first one. No text file holds NULs: they mark a binary or UTF-16 file,
 * or the zero-filled tail a crash or a preallocating copy leaves behind. DuckDB's CSV reader
 * silently drops such a tail after scanning all of it (2 GB of NULs: 40 s, then exit 0 with
 * the rows before it) and keeps NULs inside fields as characters. The scan stops at the
 * first NUL, so a NUL tail is refused as fast as the rows before it are read, whatever its
 * size; a clean file costs one pass of memchr over bytes that DuckDB reads next anyway.
 */
export function assertNoNulBytes(file: string): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    let position = 0;
    let lines = 1;
    for (;;) {
      const bytes = readSync(fd, buffer, 0, CHUNK, position);
      if (bytes === 0) return;
      const chunk = buffer.subarray(0, bytes);
      const nul = chunk.indexOf(0);
      lines += countNewlines(chunk, nul < 0 ? bytes : nul);
      if (nul >= 0) {
        throw new CohortlabError(
          'INVALID_ENCODING',
          'file contains NUL bytes: it looks binary, UTF-16 or cut off by a crash (zero-filled); save it as UTF-8 text',
          { file, line: lines },
        );
      }
      position += bytes;
    }
  } finally {
    closeSync(fd);
  }
}

function countNewlines(chunk: Buffer, end: number): number {
  let count = 0;
  for (let i = chunk.indexOf(10); i >= 0 && i < end; i = chunk.indexOf(10, i + 1)) count++;
  return count;
}

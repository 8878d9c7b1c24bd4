/**
 * Reading a file's bytes once, in chunks, for the checks made before DuckDB reads it (NUL
 * bytes, JSON nesting): plain files by positioned reads, .gz files decompressed as a stream.
 *
 * @module
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CohortlabError } from '../errors/cohortlab-error.js';

const CHUNK = 1 << 20;

/**
 * Feeds every chunk of `file` (decompressed when its name ends in .gz) to `feed` until it
 * returns false. Returns false when the scan stopped early, true when it read to the end. A
 * .gz file that cannot be decompressed is READ_FAILED with `gzipProblem` as the message.
 */
export async function scanFileBytes(
  file: string,
  feed: (chunk: Buffer) => boolean,
  gzipProblem: string,
): Promise<boolean> {
  if (/\.gz$/i.test(file)) {
    const source = createReadStream(file);
    const stream = source.pipe(createGunzip());
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) if (!feed(chunk)) return false;
    } catch (error) {
      throw new CohortlabError('READ_FAILED', gzipProblem, { file }, error);
    } finally {
      // Stopped early or failed: the file is closed either way.
      stream.destroy();
      source.destroy();
    }
    return true;
  }
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (let position = 0; ; ) {
      const bytes = readSync(fd, buffer, 0, CHUNK, position);
      if (bytes === 0) return true;
      position += bytes;
      if (!feed(buffer.subarray(0, bytes))) return false;
    }
  } finally {
    closeSync(fd);
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CohortlabError } from '../errors/cohortlab-error.js';

/** Options of {@link writeFileAtomic}. */
export interface WriteOptions {
  /** Replace an existing file; without it an existing file is an error. */
  readonly force?: boolean;
}

/**
 * Writes a file so that readers never see half of it: the content goes to a temporary file
 * in the same folder, which is then renamed over the target. The folder is created if needed.
 * An existing target is refused unless `force` is set.
 */
export function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: WriteOptions = {},
): void {
  assertWritable(path, options);
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'write failed';
    throw new CohortlabError(
      'WRITE_FAILED',
      `cannot write the file (${reason})`,
      { file: path },
      error,
    );
  }
}

/** Throws OUTPUT_EXISTS when `path` exists and `force` is not set (checked before any work). */
export function assertWritable(path: string, options: WriteOptions = {}): void {
  if (!options.force && existsSync(path)) {
    throw new CohortlabError(
      'OUTPUT_EXISTS',
      'file exists; pass --force (force: true) to replace it',
      {
        file: path,
      },
    );
  }
}

/** Best-effort removal of a temporary file; the original error is the one worth reporting. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // The folder may not exist or not be a folder: nothing was left behind then.
  }
}

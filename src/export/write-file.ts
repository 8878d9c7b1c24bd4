import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
  const temp = tempPathFor(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw writeFailed(path, error);
  }
}

/**
 * A fresh hidden temporary path next to `path` (same folder, hence same file system, so the
 * final rename is atomic). Writers that produce the file by other means (DuckDB's COPY) write
 * here and then call {@link replaceWithTemp}.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Renames a finished temporary file over `path` (refusing an existing target unless `force`);
 * the temporary file is removed when that fails.
 */
export function replaceWithTemp(temp: string, path: string, options: WriteOptions = {}): void {
  try {
    assertWritable(path, options);
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    if (error instanceof CohortlabError) throw error;
    throw writeFailed(path, error);
  }
}

/** WRITE_FAILED naming the file, with the system's reason (EACCES, ENOSPC, …). */
export function writeFailed(path: string, error: unknown): CohortlabError {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : 'write failed';
  return new CohortlabError(
    'WRITE_FAILED',
    `cannot write the file (${reason})`,
    { file: path },
    error,
  );
}

/**
 * The up-front check of an output path, before any work: {@link assertWritable}, plus the
 * path must not be a folder, and its nearest existing ancestor must be a folder this process
 * may write into (WRITE_FAILED otherwise). Creates nothing, so a refused run leaves no trace.
 */
export function assertCanWrite(path: string, options: WriteOptions = {}): void {
  assertWritable(path, options);
  const own = statQuietly(path);
  if (own?.isDirectory()) {
    throw new CohortlabError('WRITE_FAILED', 'cannot write the file: a folder has that name', {
      file: path,
    });
  }
  let ancestor = dirname(path);
  let stat = statQuietly(ancestor);
  while (stat === undefined && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor);
    stat = statQuietly(ancestor);
  }
  if (stat !== undefined && !stat.isDirectory()) {
    throw new CohortlabError('WRITE_FAILED', `cannot write the file: ${ancestor} is not a folder`, {
      file: path,
    });
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (error) {
    throw writeFailed(path, error);
  }
}

function statQuietly(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
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
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // The folder may not exist or not be a folder: nothing was left behind then.
  }
}

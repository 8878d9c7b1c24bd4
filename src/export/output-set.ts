/**
 * Output sets: a folder of outputs that changes as a whole. A run writes every file into a
 * hidden sibling folder and, once all are written, swaps it for the output folder by
 * renames, so that a kill, a full disk or any failure leaves either the complete new set or
 * the previous one untouched — never new cohorts beside an old model.
 *
 * The sibling folders are named `.<name>.cohortlab-<pid>-<random>.<state>`:
 * - `new`: being written; removed on failure, and by the next run when its process is gone.
 * - `ready`: complete, about to replace the folder.
 * - `old`: the previous set, moved aside; removed once the new set is in place.
 *
 * A kill between the two renames of the swap leaves the folder missing with its complete
 * `ready` beside it; {@link recoverOutputSet} (run first by every run) puts it in place.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { writeFailed } from './write-file.js';

type State = 'new' | 'ready' | 'old';

/** A set being written: where its files go until {@link commitOutputSet}. */
export interface StagedOutputSet {
  /** The output folder as the user named it (messages and returned paths use it). */
  readonly dir: string;
  /** The real folder that is replaced (a symlinked output folder is followed). */
  readonly target: string;
  /** The hidden sibling folder the files are written into. */
  readonly staging: string;
}

/** The output folder the set replaces: symlinks followed, so the link itself stays. */
function targetOf(dir: string): string {
  const absolute = resolve(dir);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute; // does not exist yet
  }
}

const siblingPattern = (target: string): RegExp =>
  new RegExp(
    `^\\.${basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.cohortlab-(\\d+)-[0-9a-f]{12}\\.(new|ready|old)$`,
  );

function siblingName(target: string, id: string, state: State): string {
  return join(dirname(target), `.${basename(target)}.cohortlab-${id}.${state}`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans up after a run that was killed or failed while writing into `dir`: a missing folder
 * gets back its complete set (the `ready` one, else the `old` one); every other temporary
 * sibling of a process that is gone is removed. Temporaries of live processes are left alone.
 */
export function recoverOutputSet(dir: string): void {
  const target = targetOf(dir);
  const pattern = siblingPattern(target);
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return; // no parent folder: nothing was ever written here
  }
  const stale = entries
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((e) => e.match !== null && !alive(Number(e.match[1])))
    .map((e) => ({ path: join(dirname(target), e.name), state: (e.match as RegExpExecArray)[2] }));
  if (!exists(target)) {
    const back = stale.find((e) => e.state === 'ready') ?? stale.find((e) => e.state === 'old');
    if (back !== undefined) {
      renameSync(back.path, target);
      stale.splice(stale.indexOf(back), 1);
    }
  }
  for (const entry of stale) rmSync(entry.path, { recursive: true, force: true });
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Starts a set: creates its hidden sibling folder (and the output folder's parents). */
export function stageOutputSet(dir: string): StagedOutputSet {
  const target = targetOf(dir);
  const staging = siblingName(target, `${process.pid}-${randomBytes(6).toString('hex')}`, 'new');
  try {
    mkdirSync(dirname(target), { recursive: true });
    mkdirSync(staging);
  } catch (error) {
    throw writeFailed(dir, error);
  }
  return { dir, target, staging };
}

/** Where the file `path` (under the output folder) is written while the set is staged. */
export function stagedPath(set: StagedOutputSet, path: string): string {
  const inside = relative(set.dir, path);
  if (
    inside === '' ||
    inside.startsWith(`..${sep}`) ||
    inside === '..' ||
    resolve(inside) === inside
  ) {
    throw new Error(`${path} is not inside the output folder ${set.dir}`);
  }
  return join(set.staging, inside);
}

/**
 * Puts a staged set in place of the output folder. Files of the previous folder that the new
 * set does not hold (the user's own, a split's cohorts that no longer occur) are carried over
 * (hard links, or copies across file systems), so the swap loses nothing but replaced files.
 */
export function commitOutputSet(set: StagedOutputSet): void {
  const id = basename(set.staging)
    .replace(/^.*\.cohortlab-/, '')
    .replace(/\.new$/, '');
  const ready = siblingName(set.target, id, 'ready');
  const old = siblingName(set.target, id, 'old');
  try {
    const previous = exists(set.target);
    if (previous) carryOver(set.target, set.staging);
    renameSync(set.staging, ready);
    if (previous) renameSync(set.target, old);
    renameSync(ready, set.target);
  } catch (error) {
    // Back to where it was: the previous folder in place, no temporaries.
    if (!exists(set.target) && exists(old)) renameSync(old, set.target);
    abortOutputSet(set);
    rmSync(ready, { recursive: true, force: true });
    if (error instanceof CohortlabError) throw error;
    throw writeFailed(set.dir, error);
  }
  rmSync(old, { recursive: true, force: true });
}

/** Removes a staged set after a failure; the output folder was never touched. */
export function abortOutputSet(set: StagedOutputSet): void {
  rmSync(set.staging, { recursive: true, force: true });
}

/** A file being written by `writeFileAtomic` (see `tempPathFor`): left by a killed writer. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Links (or copies) into `to` every entry of `from` that `to` does not have, recursively;
 * hidden temporary files a killed writer left are not carried.
 */
function carryOver(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    if (TEMP_FILE.test(name)) continue;
    const source = join(from, name);
    const destination = join(to, name);
    const stat = lstatSync(source);
    const has = exists(destination);
    if (stat.isDirectory()) {
      if (has && !lstatSync(destination).isDirectory()) continue;
      if (!has) mkdirSync(destination);
      carryOver(source, destination);
    } else if (!has) {
      if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), destination);
      else {
        try {
          linkSync(source, destination);
        } catch {
          copyFileSync(source, destination);
        }
      }
    }
  }
}

/**
 * Refuses an output folder that holds the current folder: replacing it as a whole would
 * leave the shell in a deleted folder.
 */
export function assertReplaceable(dir: string, option = '--out'): void {
  const target = targetOf(dir);
  const cwd = process.cwd();
  if (cwd === target || cwd.startsWith(`${target}${sep}`)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${option} must not be the current folder or one above it: the output folder is replaced as a whole`,
      { file: dir },
    );
  }
}

import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  abortOutputSet,
  assertReplaceable,
  commitOutputSet,
  recoverOutputSet,
  stagedPath,
  stageOutputSet,
} from '../../src/export/output-set.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'cohortlab-set-'));

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** Files under a folder as { relative path: content }. */
function contents(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) Object.assign(out, contents(path, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
  return out;
}

/** A pid that cannot be running: above Linux's largest pid_max (2^22). */
const DEAD = 4_194_305;

describe('output sets', () => {
  it('commit replaces the folder and carries over what the new set lacks', () => {
    const root = fresh();
    const out = join(root, 'out');
    write(join(out, 'model.json'), 'old model');
    write(join(out, 'cohorts', 'gone.csv'), 'old cohort');
    write(join(out, 'cohorts', 'kept.csv'), 'old kept');
    write(join(out, 'mine.txt'), 'user file');
    symlinkSync('mine.txt', join(out, 'link'));
    // Left by a writer killed before this change: not carried into the new set.
    write(join(out, '.cohorts.csv.0123456789ab.tmp'), 'half a file');
    const set = stageOutputSet(out);
    expect(readdirSync(root).sort()).toEqual(['out', set.staging.slice(root.length + 1)].sort());
    write(stagedPath(set, join(out, 'model.json')), 'new model');
    write(stagedPath(set, join(out, 'cohorts', 'kept.csv')), 'new kept');
    // Before the commit the folder is the previous set, whole.
    expect(contents(out)['model.json']).toBe('old model');
    commitOutputSet(set);
    expect(contents(out)).toEqual({
      'model.json': 'new model',
      'cohorts/gone.csv': 'old cohort',
      'cohorts/kept.csv': 'new kept',
      'mine.txt': 'user file',
      link: 'user file',
    });
    expect(readlinkSync(join(out, 'link'))).toBe('mine.txt');
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('commit creates a missing folder; abort leaves the folder untouched', () => {
    const root = fresh();
    const out = join(root, 'a', 'out');
    const first = stageOutputSet(out);
    write(stagedPath(first, join(out, 'x.csv')), '1');
    commitOutputSet(first);
    expect(contents(out)).toEqual({ 'x.csv': '1' });
    const second = stageOutputSet(out);
    write(stagedPath(second, join(out, 'x.csv')), '2');
    abortOutputSet(second);
    expect(contents(out)).toEqual({ 'x.csv': '1' });
    expect(readdirSync(join(root, 'a'))).toEqual(['out']);
  });

  it('a symlinked output folder stays a link; its target is replaced', () => {
    const root = fresh();
    write(join(root, 'real', 'x.csv'), 'old');
    symlinkSync(join(root, 'real'), join(root, 'out'));
    const out = join(root, 'out');
    const set = stageOutputSet(out);
    write(stagedPath(set, join(out, 'x.csv')), 'new');
    commitOutputSet(set);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(contents(join(root, 'real'))).toEqual({ 'x.csv': 'new' });
  });

  it('recovery: a killed swap gets its complete set back; stale temporaries go', () => {
    const root = fresh();
    const out = join(root, 'out');
    // Killed between the renames: the folder is missing, the new set is ready, the old aside.
    write(join(root, `.out.cohortlab-${DEAD}-aaaaaaaaaaaa.ready`, 'x.csv'), 'new');
    write(join(root, `.out.cohortlab-${DEAD}-aaaaaaaaaaaa.old`, 'x.csv'), 'old');
    write(join(root, `.out.cohortlab-${DEAD}-bbbbbbbbbbbb.new`, 'x.csv'), 'half');
    // Not ours: a look-alike name, and the temporary of a live process (this one).
    write(join(root, '.out.cohortlab-notes', 'x'), 'keep');
    write(join(root, `.out.cohortlab-${process.pid}-cccccccccccc.new`, 'x.csv'), 'live');
    recoverOutputSet(out);
    expect(contents(out)).toEqual({ 'x.csv': 'new' });
    expect(readdirSync(root).sort()).toEqual(
      ['.out.cohortlab-notes', `.out.cohortlab-${process.pid}-cccccccccccc.new`, 'out'].sort(),
    );
  });

  it('recovery: with only the old set aside, the old set comes back', () => {
    const root = fresh();
    write(join(root, `.out.cohortlab-${DEAD}-aaaaaaaaaaaa.old`, 'x.csv'), 'old');
    recoverOutputSet(join(root, 'out'));
    expect(contents(join(root, 'out'))).toEqual({ 'x.csv': 'old' });
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('recovery: a folder in place keeps its set; a ready set that never swapped is dropped', () => {
    const root = fresh();
    write(join(root, 'out', 'x.csv'), 'old');
    write(join(root, `.out.cohortlab-${DEAD}-aaaaaaaaaaaa.ready`, 'x.csv'), 'new');
    recoverOutputSet(join(root, 'out'));
    expect(contents(join(root, 'out'))).toEqual({ 'x.csv': 'old' });
    expect(existsSync(join(root, `.out.cohortlab-${DEAD}-aaaaaaaaaaaa.ready`))).toBe(false);
  });

  it('paths outside the folder are refused; so is the current folder as output', () => {
    const root = fresh();
    const set = stageOutputSet(join(root, 'out'));
    expect(() => stagedPath(set, join(root, 'elsewhere.csv'))).toThrow(/not inside/);
    abortOutputSet(set);
    expect(() => assertReplaceable('.')).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }) as Error,
    );
    expect(() => assertReplaceable(join(process.cwd(), '..'))).toThrow(
      /current folder or one above/,
    );
    expect(() => assertReplaceable(join(root, 'out'))).not.toThrow();
  });
});

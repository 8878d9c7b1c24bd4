/**
 * Output-set atomicity (issue 17, item 5): `cohortlab run --force` over a previous result,
 * killed with SIGKILL at many points of its write stage or failing on a full disk, must leave
 * the output folder either exactly the previous set or exactly the complete new set; the next
 * run removes every temporary the killed one left. The CLI runs as a child process (the
 * built dist/, which test/global-setup.ts keeps up to date).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const CLI = 'dist/cli/main.js';
const MAP = 'id=customer,date=date,amount=amount';
let dir: string;
let data: string;

/** The previous result: few files. */
const OLD_ARGS = ['--k', '2', '--format', 'csv', '--no-report', '--no-bgnbd'];
/** The new run: many files (four formats, one file per RFM segment and format). */
const NEW_ARGS = [
  '--k',
  '3',
  '--format',
  'csv,parquet,json,ndjson',
  '--split-by',
  'rfm_segment',
  '--no-report',
  '--no-bgnbd',
  '--force',
];

/** Seeded transactions: 3,000 customers, 12,000 rows. */
function writeData(file: string): void {
  let state = 42;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const lines = ['customer,date,amount'];
  for (let i = 0; i < 12_000; i++) {
    const day = 1 + Math.floor(next() * 360);
    const date = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
    lines.push(`c${Math.floor(next() * 3000)},${date},${(1 + next() * 200).toFixed(2)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Every file under `folder` (hidden ones included) with the SHA-256 of its bytes. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        files[relative(folder, path)] = createHash('sha256')
          .update(readFileSync(path))
          .digest('hex');
    }
  };
  walk(folder);
  return files;
}

/** Temporaries of output sets beside `out`, and hidden temporary files inside it. */
function temporaries(out: string): string[] {
  const beside = readdirSync(dirname(out)).filter((n) => n.includes('.cohortlab-'));
  const inside = existsSync(out)
    ? Object.keys(snapshot(out)).filter((p) => /(^|\/)\./.test(p))
    : [];
  return [...beside, ...inside];
}

function runSync(args: readonly string[], out: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(
    process.execPath,
    [
      ...(env['PRELOAD'] ? ['--import', env['PRELOAD']] : []),
      CLI,
      'run',
      '--quiet',
      '--transactions',
      data,
      '--map',
      MAP,
      '--out',
      out,
      ...args,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
}

let oldSet: Record<string, string>;
let newSet: Record<string, string>;
let newBytes = 0;

beforeAll(() => {
  dir = tempDir();
  data = join(dir, 'tx.csv');
  writeData(data);
  const old = join(dir, 'old');
  expect(runSync(OLD_ARGS, old).status).toBe(0);
  writeFileSync(join(old, 'notes.txt'), 'the user’s own file\n');
  oldSet = snapshot(old);
  const expected = join(dir, 'expected');
  cpSync(old, expected, { recursive: true });
  const full = runSync(NEW_ARGS, expected);
  expect(full.stderr).toBe('');
  newSet = snapshot(expected);
  for (const file of Object.keys(newSet)) newBytes += statSync(join(expected, file)).size;
  // Same seed, same bytes: a second run over the previous set writes the same new set.
  const again = join(dir, 'again');
  cpSync(old, again, { recursive: true });
  expect(runSync(NEW_ARGS, again).status).toBe(0);
  expect(snapshot(again)).toEqual(newSet);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output set under kill -9', () => {
  it('the sets differ, and the new one keeps the user’s file', () => {
    // 8 outputs (acquisition.csv and value.json among them) and notes.txt
    expect(Object.keys(oldSet).length).toBe(9);
    expect(Object.keys(newSet).length).toBeGreaterThan(30);
    expect(newSet['notes.txt']).toBe(oldSet['notes.txt']);
    expect(newSet['model.json']).not.toBe(oldSet['model.json']);
    expect(newSet['cohorts.csv']).not.toBe(oldSet['cohorts.csv']);
  });

  // Milliseconds after the first sign of writing (a temporary beside or inside the folder).
  const delays = [0, 1, 2, 4, 8, 15, 25, 40, 60, 90, 130, 200, 300, 500];
  it(`killed at ${delays.length} points of the write stage: the old set or the new one, never a mix`, async () => {
    const outcomes: string[] = [];
    for (const [i, delay] of delays.entries()) {
      const out = join(dir, `kill-${i}`, 'out');
      mkdirSync(dirname(out));
      cpSync(join(dir, 'old'), out, { recursive: true });
      const child = spawn(
        process.execPath,
        [CLI, 'run', '--quiet', '--transactions', data, '--map', MAP, '--out', out, ...NEW_ARGS],
        {
          stdio: 'ignore',
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let done = false;
      void exited.then(() => (done = true));
      // Wait for the write stage, then for the delay, then SIGKILL.
      while (!done && temporaries(out).length === 0) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      const signal = await exited;
      const state = existsSync(out) ? snapshot(out) : undefined;
      const kind =
        state === undefined
          ? 'missing'
          : JSON.stringify(state) === JSON.stringify(oldSet)
            ? 'old'
            : JSON.stringify(state) === JSON.stringify(newSet)
              ? 'new'
              : 'mixed';
      outcomes.push(`${delay} ms: ${kind}${signal === 'SIGKILL' ? ' (killed)' : ''}`);
      if (kind === 'missing') {
        // Only between the two renames of the swap: the complete new set waits beside it.
        const ready = readdirSync(dirname(out)).find((n) => n.endsWith('.ready'));
        expect(ready).toBeDefined();
        expect(snapshot(join(dirname(out), ready as string))).toEqual(newSet);
      } else expect(kind, `killed ${delay} ms into the write stage`).not.toBe('mixed');
      // The next run (refused here: its input is missing) cleans up and restores.
      const next = spawnSync(
        process.execPath,
        [
          CLI,
          'run',
          '--quiet',
          '--transactions',
          join(dir, 'none.csv'),
          '--map',
          MAP,
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      expect(next.status).toBe(2);
      expect(temporaries(out)).toEqual([]);
      const after = snapshot(out);
      expect([oldSet, newSet]).toContainEqual(after);
    }
    if (process.env['SHOW_OUTCOMES']) console.log(outcomes.join('\n'));
    // The first kills land inside the write stage, the last after the run: both outcomes occur.
    expect(outcomes.some((o) => o.includes('old (killed)'))).toBe(true);
    expect(outcomes.some((o) => o.includes('new'))).toBe(true);
  }, 300_000);
});

describe('output set on a full disk', () => {
  it('an injected ENOSPC while writing leaves the previous set untouched and no temporaries', () => {
    const out = join(dir, 'enospc', 'out');
    mkdirSync(dirname(out));
    cpSync(join(dir, 'old'), out, { recursive: true });
    // Fails the write of cohorts.json as a full disk would, in the child process.
    const preload = join(dir, 'enospc.mjs');
    writeFileSync(
      preload,
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const write = fs.writeFileSync;
fs.writeFileSync = (path, ...rest) => {
  if (String(path).includes('cohorts.json')) {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  }
  return write(path, ...rest);
};
syncBuiltinESMExports();
`,
    );
    const result = runSync(NEW_ARGS, out, { PRELOAD: preload });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `cohortlab: ${join(out, 'cohorts.json')}: cannot write the file (ENOSPC)\n`,
    );
    expect(snapshot(out)).toEqual(oldSet);
    expect(temporaries(out)).toEqual([]);
  }, 60_000);

  const mountPoint = join(tempDir(), 'tmpfs');
  mkdirSync(mountPoint);
  const mounted =
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint]).status === 0;
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
  });
  // A real full file system needs a tmpfs mount (root); the injected failure above runs anywhere.
  it.runIf(mounted)(
    'a real full tmpfs: exit 2 with ENOSPC, the previous set untouched',
    () => {
      const out = join(mountPoint, 'out');
      cpSync(join(dir, 'old'), out, { recursive: true });
      // Room for about half of the new files: writing in place would replace some and fail.
      const free = Math.floor(0.6 * newBytes);
      const df = spawnSync('df', ['-B1', '--output=avail', mountPoint], { encoding: 'utf8' });
      const avail = Number(df.stdout.trim().split('\n')[1]);
      writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, avail - free)));
      const result = runSync(NEW_ARGS, out);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        /^cohortlab: .*: cannot write the file \(ENOSPC\)\n$|^cohortlab: .*No space left on device/,
      );
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(snapshot(out)).toEqual(oldSet);
      expect(temporaries(out)).toEqual([]);
      rmSync(join(mountPoint, 'filler'));
      expect(runSync(NEW_ARGS, out).status).toBe(0);
      expect(snapshot(out)).toEqual(newSet);
      expect(temporaries(out)).toEqual([]);
    },
    60_000,
  );
});

/**
 * Structure fuzzing of the JSON, NDJSON and Parquet readers (issue 17, item 2): seeded files
 * with pathological nesting, unbalanced or stray brackets, values of the wrong shape, mixed
 * types, truncation and (Parquet) corrupted bytes, each read by `cohortlab run` in a child
 * process under a time bound. Every case must end by itself — exit 0, or exit 2 with exactly
 * one line on stderr — never by a signal (a crash, or the timeout's SIGKILL) and never with an
 * untyped error. Where /usr/bin/time exists the peak memory of each case is bounded too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';

const CLI = 'dist/cli/main.js';
const SEED = 17;
const TIME_LIMIT_MS = 30_000;
const MEMORY_LIMIT_KB = 1_500_000;
const TIME = '/usr/bin/time';

class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed;
  }
  next(): number {
    this.#state = (this.#state * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.#state / 2 ** 31;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

function records(random: Random, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    customer: `c${random.int(8)}`,
    date: `2024-0${1 + random.int(9)}-1${random.int(10)}`,
    amount: Math.round(random.next() * 10_000) / 100,
    note: i % 3 === 0 ? 'plain [text] {with} "brackets"' : null,
  }));
}

/** A nested value of the given depth, as JSON text. */
function nested(random: Random, depth: number): string {
  const open = Array.from({ length: depth }, () => random.pick(['[', '{"k":']));
  const close = open.map((o) => (o === '[' ? ']' : '}')).reverse();
  return `${open.join('')}1${close.join('')}`;
}

/** One structural mutation of a record list, as the text of a .json (array) or .ndjson file. */
function mutatedJson(random: Random, ndjson: boolean): string {
  const rows = records(random, 5 + random.int(20)).map((r) => JSON.stringify(r));
  const at = random.int(rows.length);
  const depth = random.pick([10, 63, 65, 200, 1000, 20_000, 100_000]);
  switch (random.int(10)) {
    case 0: // a deep value inside a record
      rows[at] = (rows[at] as string).replace('"note":', `"note":${nested(random, depth)},"n2":`);
      break;
    case 1: // a bare deep value in place of a record
      rows[at] = nested(random, depth);
      break;
    case 2: // only opening brackets
      rows[at] = random.pick(['[', '{"a":']).repeat(depth);
      break;
    case 3: // stray closing brackets
      rows[at] = `${rows[at] as string}${']}'.repeat(1 + random.int(50))}`;
      break;
    case 4: // ids and amounts of mixed types
      rows[at] = JSON.stringify({
        customer: random.pick([7, '007', true, null, [1], { a: 1 }]),
        date: '2024-02-02',
        amount: random.pick(['5', true, [5], { v: 5 }, 1e308]),
      });
      break;
    case 5: // truncated in the middle
      return ndjson
        ? rows.join('\n').slice(0, random.int(rows.join('\n').length))
        : `[${rows.join(',')}]`.slice(0, random.int(rows.join(',').length));
    case 6: // brackets inside strings must not count
      rows[at] = JSON.stringify({ customer: '['.repeat(depth), date: '2024-03-03', amount: 1 });
      break;
    case 7: // escaped quotes before brackets
      rows[at] =
        `{"customer":"a\\\\\\"${'['.repeat(Math.min(depth, 5000))}","date":"2024-03-03","amount":2}`;
      break;
    case 8: // a record that is an array of records
      rows[at] = `[${rows.slice(0, 3).join(',')}]`;
      break;
    default: // a huge flat object
      rows[at] = JSON.stringify(
        Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
      );
  }
  return ndjson ? `${rows.join('\n')}\n` : `[${rows.join(',\n')}]`;
}

let dir: string;
let parquet: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cohortlab-structure-fuzz-'));
  const engine = await Engine.open({ threads: 1 });
  const file = join(dir, 'base.parquet');
  // Nested columns (lists of structs of lists) beside the mapped ones.
  await engine.run(
    `COPY (SELECT 'c' || (i % 9) AS customer, DATE '2024-01-01' + CAST(i AS INTEGER) AS date,
       i * 1.25 AS amount, [{'a': [i, i + 1], 'b': {'c': [[i]]}}] AS deep, repeat('x', i) AS text
     FROM range(200) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 50)`,
  );
  engine.close();
  parquet = readFileSync(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mutatedParquet(random: Random): Buffer {
  const bytes = Buffer.from(parquet);
  switch (random.int(4)) {
    case 0: // truncated
      return bytes.subarray(0, random.int(bytes.length));
    case 1: // random bytes overwritten
      for (let i = 0; i < 1 + random.int(8); i++) bytes[random.int(bytes.length)] = random.int(256);
      return bytes;
    case 2: // the footer's length field
      bytes.writeUInt32LE(
        random.pick([0, 1, 0x7fffffff, bytes.length, bytes.length + 10]),
        bytes.length - 8,
      );
      return bytes;
    default: // a run of zeros inside the data pages
      bytes.fill(0, 4 + random.int(bytes.length / 2), 4 + random.int(bytes.length / 2) + 64);
      return bytes;
  }
}

interface Outcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly maxRssKb: number | undefined;
}

function runCase(file: string): Outcome {
  const out = join(dir, 'out');
  rmSync(out, { recursive: true, force: true });
  const args = [
    CLI,
    'run',
    '--quiet',
    '--transactions',
    file,
    '--map',
    'id=customer,date=date,amount=amount',
    '--out',
    out,
    '--k',
    '2',
    '--no-report',
    '--no-bgnbd',
    '--format',
    'csv',
    '--force',
  ];
  const timed = existsSync(TIME);
  const result = spawnSync(
    timed ? TIME : process.execPath,
    timed ? ['-f', '%x %M', process.execPath, ...args] : args,
    {
      encoding: 'utf8',
      timeout: TIME_LIMIT_MS,
      killSignal: 'SIGKILL',
    },
  );
  let stderr = result.stderr;
  let maxRssKb: number | undefined;
  if (timed && result.signal === null) {
    // time(1) adds its own lines: "Command exited with non-zero status N" or "Command
    // terminated by signal N", then the format line (exit status and peak memory in KB).
    const lines = stderr.trimEnd().split('\n');
    const [status, rss] = (lines.pop() ?? '').split(' ').map(Number);
    const killed = lines.find((l) => /^Command terminated by signal \d+$/.test(l));
    const own = lines.filter(
      (l) => !/^Command (exited with non-zero status|terminated by signal) \d+$/.test(l),
    );
    stderr = own.length === 0 ? '' : `${own.join('\n')}\n`;
    maxRssKb = rss;
    const signal =
      killed === undefined ? null : (`signal ${killed.replace(/\D+/, '')}` as NodeJS.Signals);
    return { status: killed === undefined ? (status ?? null) : null, signal, stderr, maxRssKb };
  }
  return { status: result.status, signal: result.signal, stderr, maxRssKb };
}

const CASES: {
  readonly name: string;
  readonly ext: string;
  readonly make: (r: Random) => string | Buffer;
}[] = [
  ...Array.from({ length: 14 }, (_, i) => ({
    name: `json ${i}`,
    ext: 'json',
    make: (r: Random) => mutatedJson(r, false),
  })),
  ...Array.from({ length: 14 }, (_, i) => ({
    name: `ndjson ${i}`,
    ext: 'ndjson',
    make: (r: Random) => mutatedJson(r, true),
  })),
  ...Array.from({ length: 12 }, (_, i) => ({
    name: `parquet ${i}`,
    ext: 'parquet',
    make: (r: Random) => mutatedParquet(r),
  })),
];

describe('JSON / NDJSON / Parquet structure fuzz (child processes, time-bounded)', () => {
  it(`${CASES.length} seeded cases: exit 0, or exit 2 with one typed line; no signal, no untyped error`, () => {
    const random = new Random(SEED);
    const failures: string[] = [];
    const tally: Record<string, number> = {};
    for (const [i, c] of CASES.entries()) {
      const file = join(dir, `case-${i}.${c.ext}`);
      writeFileSync(file, c.make(random));
      const outcome = runCase(file);
      const oneLine = outcome.stderr.endsWith('\n') && !outcome.stderr.slice(0, -1).includes('\n');
      const ok =
        outcome.signal === null &&
        (outcome.status === 0 ||
          (outcome.status === 2 && oneLine && outcome.stderr.startsWith('cohortlab: '))) &&
        (outcome.maxRssKb === undefined || outcome.maxRssKb < MEMORY_LIMIT_KB);
      const key =
        outcome.status === 0
          ? 'read'
          : outcome.stderr.replace(/^cohortlab: [^:]*: /, '').slice(0, 40);
      tally[key] = (tally[key] ?? 0) + 1;
      if (!ok) failures.push(`${c.name} (${file}): ${JSON.stringify(outcome).slice(0, 400)}`);
    }
    if (process.env['SHOW_OUTCOMES']) console.log(tally);
    expect(failures).toEqual([]);
    // The cases exercise both outcomes: files read, and files refused.
    expect(tally['read'] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(tally).length).toBeGreaterThan(3);
  }, 600_000);
});

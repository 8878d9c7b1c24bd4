import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/args.js';
import { StageProgress } from '../../src/cli/progress.js';
import { runPipeline } from '../../src/cli/run.js';
import { tempDir } from './helpers.js';
import { formatBytes, formatSummary } from '../../src/cli/summary.js';

const stream = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text) };
};

describe('StageProgress', () => {
  it('draws one bar line per stage on a terminal', async () => {
    const tty = stream(true);
    const progress = new StageProgress(tty);
    const value = await progress.stage(
      'features',
      'customers',
      () => 42,
      () => 23_570,
    );
    expect(value).toBe(42);
    expect(tty.chunks).toHaveLength(2);
    expect(tty.chunks[0]).toBe(`\rfeatures  ${'░'.repeat(16)}  …\x1b[K`);
    expect(tty.chunks[1]).toMatch(
      new RegExp(`^\\rfeatures  ${'█'.repeat(16)}  23,570 customers  \\d+\\.\\d s\\x1b\\[K\\n$`),
    );
    expect(progress.timings.map((t) => [t.stage, t.count, t.unit])).toEqual([
      ['features', 23_570, 'customers'],
    ]);
  });

  it('writes plain log lines elsewhere, and nothing when quiet', () => {
    const pipe = stream(false);
    const progress = new StageProgress(pipe);
    progress.start('load');
    progress.end('load', 69_659, 'transactions');
    expect(pipe.chunks).toHaveLength(1);
    expect(pipe.chunks[0]).toMatch(/^cohortlab: load: 69,659 transactions in \d+\.\d s\n$/);
    const quiet = stream(true);
    const silent = new StageProgress(quiet, { quiet: true });
    silent.start('load');
    silent.end('load', 1, 'transactions');
    expect(quiet.chunks).toEqual([]);
    expect(silent.timings).toHaveLength(1);
  });
});

/** A clock the test moves by hand, in ms. */
const clock = () => {
  let t = 0;
  return { now: () => t, at: (ms: number) => void (t = ms) };
};

const FULL = '█'.repeat(16);

describe('StageProgress: the live bar on a terminal', () => {
  it('redraws the step in place with its counts and the time left at its pace so far', () => {
    const tty = stream(true);
    const time = clock();
    const progress = new StageProgress(tty, { now: time.now });
    progress.start('clusters');
    time.at(1000);
    progress.advance('k search', 1, 9, 'k');
    time.at(5000);
    progress.advance('k search', 5, 9, 'k');
    time.at(6000);
    progress.end('clusters', 4, 'clusters');
    expect(tty.chunks).toEqual([
      `\rclusters  ${'░'.repeat(16)}  …\x1b[K`,
      // The first report has no pace yet, so no time left.
      `\rk search  █${'░'.repeat(15)}  1/9 k\x1b[K`,
      // 4 k in 4 s since the first report: 4 more take 4 s. 5/9 of 16 cells: 8 full.
      `\rk search  ████████░░░░░░░░  5/9 k  0:04 left\x1b[K`,
      `\rclusters  ${FULL}  4 clusters  6.0 s\x1b[K\n`,
    ]);
  });

  it('redraws at most once per redrawMs (10 a second by default)', () => {
    const tty = stream(true);
    const time = clock();
    const progress = new StageProgress(tty, { now: time.now });
    progress.start('k search');
    for (let done = 1; done <= 100; done++) {
      time.at(done * 10); // a run every 10 ms for 1 s
      progress.advance('k search', done, 100, 'runs');
    }
    const redraws = tty.chunks.slice(1);
    expect(redraws.map((line) => /(\d+)\/100 runs/.exec(line)?.[1])).toEqual([
      '10',
      '20',
      '30',
      '40',
      '50',
      '60',
      '70',
      '80',
      '90',
      '100',
    ]);
    // 10 runs per 100 ms: at 50 runs, 50 more take 0.5 s (shown rounded up).
    expect(redraws[4]).toBe('\rk search  ████████░░░░░░░░  50/100 runs  0:01 left\x1b[K');
    expect(redraws[9]).toBe(`\rk search  ${FULL}  100/100 runs\x1b[K`);
    const slower = stream(true);
    const every = new StageProgress(slower, { now: time.now, redrawMs: 250 });
    every.start('write');
    for (let done = 1; done <= 10; done++) {
      time.at(1000 + done * 100);
      every.advance('write', done, 10, 'files');
    }
    expect(slower.chunks.slice(1).map((line) => /(\d+)\/10 files/.exec(line)?.[1])).toEqual([
      '3',
      '6',
      '9',
    ]);
  });

  it('counts percent steps as percent, and measures the pace again when a count goes back', () => {
    const tty = stream(true);
    const time = clock();
    const progress = new StageProgress(tty, { now: time.now });
    progress.start('load');
    const at = (ms: number, percent: number) => {
      time.at(ms);
      progress.advance('load', percent, 100, '%');
    };
    at(200, 10);
    at(400, 30); // 20 % in 200 ms: 70 % more in 0.7 s
    at(600, 2); // the next query: from 0 % again, no pace yet
    at(2600, 42); // 40 % in 2 s: 58 % in 2.9 s
    expect(tty.chunks.slice(1)).toEqual([
      `\rload      █${'░'.repeat(15)}  10%\x1b[K`, // 1.6 of 16 cells: 1 full
      `\rload      ████${'░'.repeat(12)}  30%  0:01 left\x1b[K`,
      `\rload      ${'░'.repeat(16)}  2%\x1b[K`,
      `\rload      ██████${'░'.repeat(10)}  42%  0:03 left\x1b[K`,
    ]);
  });

  it('writes times left past a minute as m:ss and h:mm:ss, and cuts lines to the terminal', () => {
    const time = clock();
    const wide = stream(true);
    const progress = new StageProgress(wide, { now: time.now });
    progress.start('fit');
    time.at(1000);
    progress.advance('fit', 1, 10_000, 'runs');
    time.at(2000);
    progress.advance('fit', 2, 10_000, 'runs'); // 1 s a run, 9,998 left
    time.at(3000);
    progress.advance('fit', 9_900, 10_000, 'runs'); // 9,899 in 2 s, 100 left
    expect(wide.chunks.slice(1)).toEqual([
      `\rfit       ${'░'.repeat(16)}  1/10,000 runs\x1b[K`,
      `\rfit       ${'░'.repeat(16)}  2/10,000 runs  2:46:38 left\x1b[K`,
      `\rfit       ${'█'.repeat(15)}░  9,900/10,000 runs  0:01 left\x1b[K`,
    ]);
    const narrow = { ...stream(true), columns: 30 };
    const cut = new StageProgress(narrow, { now: time.now });
    cut.start('k search');
    time.at(4000);
    cut.advance('k search', 60, 120, 'runs');
    expect(narrow.chunks[1]).toBe(`\rk search  ████████░░░░░░░░  6\x1b[K`);
    // 29 characters between the carriage return and the erase: one short of the width.
    expect(narrow.chunks[1]?.slice(1, -'\x1b[K'.length)).toHaveLength(29);
  });

  it('draws nothing for reports outside a stage, and nothing live when not a terminal or quiet', () => {
    const time = clock();
    const tty = stream(true);
    const outside = new StageProgress(tty, { now: time.now });
    time.at(500);
    outside.advance('k search', 1, 2, 'runs');
    expect(tty.chunks).toEqual([]);

    const pipe = stream(false);
    const plain = new StageProgress(pipe, { now: time.now });
    const silent = stream(true);
    const quiet = new StageProgress(silent, { now: time.now, quiet: true });
    for (const progress of [plain, quiet]) {
      time.at(1000);
      progress.start('clusters');
      for (let done = 1; done <= 20; done++) {
        time.at(1000 + done * 200);
        progress.advance('k search', done, 20, 'runs');
      }
      time.at(6500);
      progress.end('clusters', 2, 'clusters');
    }
    // Exactly the plain line it always was, once per stage.
    expect(pipe.chunks).toEqual(['cohortlab: clusters: 2 clusters in 5.5 s\n']);
    expect(silent.chunks).toEqual([]);
    expect(quiet.timings).toEqual([
      { stage: 'clusters', count: 2, unit: 'clusters', seconds: 5.5 },
    ]);
  });
});

describe('StageProgress in a run of the main job on a terminal', () => {
  it('moves the bar through the load, the features, the k search, its measures and the files', async () => {
    const tty = stream(true);
    let t = 0;
    // A second between any two reports: every one of them is drawn.
    const progress = new StageProgress(tty, { now: () => (t += 1000) });
    const args = parseRunArgs(['--out', join(tempDir(), 'out'), '--format', 'csv']);
    await runPipeline(args, { log: () => undefined, progress });
    const live = tty.chunks.filter((chunk) => !chunk.endsWith('\n') && !chunk.endsWith('…\x1b[K'));
    const step = (line: string) => /^\r(\S+(?: search| fit)?)/.exec(line)?.[1];
    expect([...new Set(live.map(step))]).toEqual([
      'load',
      'features',
      'k search',
      'measures',
      'bg-nbd fit',
      'write',
    ]);
    const counts = (name: string, unit: string) =>
      live
        .filter((line) => step(line) === name)
        .map((line) => new RegExp(`  (\\d+)/(\\d+) ${unit}`).exec(line)?.slice(1).join('/'));
    // CDNOW's k search: 5 k × (10 main runs + 1 run for each of 6 gap fits and 8 bootstraps).
    expect(counts('k search', 'runs')).toEqual(
      Array.from({ length: 120 }, (_, i) => `${i + 1}/120`),
    );
    expect(counts('measures', 'k')).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    const files = counts('write', 'files');
    expect(files.at(-1)).toBe(`${files.length}/${files.length}`);
    expect(live.filter((line) => step(line) === 'load').at(-1)).toContain('  100%');
    // The lines that stay: one full bar per stage, as before.
    const kept = tty.chunks.filter((chunk) => chunk.endsWith('\n')).map((line) => step(line));
    expect(kept).toEqual(progress.timings.map((timing) => timing.stage));
    expect(kept).toContain('clusters');
  });
});

describe('formatSummary', () => {
  it('lists customers, classes per scheme, clusters with sizes and names, files, time', () => {
    const text = formatSummary({
      customers: 5,
      schemes: { value_tier: ['A', 'C', 'C', 'B', 'C'] },
      k: 2,
      clusters: { ids: Float64Array.of(1, 0, 1, NaN, 1), names: ['b', 'a', 'b', null, 'b'] },
      files: [{ path: 'out/cohorts.csv', bytes: 1_234_567 }],
      seconds: 2.345,
    });
    expect(text.split('\n')).toEqual([
      'summary           value  detail',
      '──────────  ───────────  ──────────────────',
      'customers             5',
      'value_tier    3 classes  largest: C (60.0%)',
      'k                     2',
      'cluster 0   1 customers  a',
      'cluster 1   3 customers  b',
      'file             1.2 MB  out/cohorts.csv',
      'total time        2.3 s',
    ]);
    expect([formatBytes(999), formatBytes(1000), formatBytes(2_500_000)]).toEqual([
      '999 B',
      '1.0 kB',
      '2.5 MB',
    ]);
  });
});

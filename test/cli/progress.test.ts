import { describe, expect, it } from 'vitest';
import { StageProgress } from '../../src/cli/progress.js';
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

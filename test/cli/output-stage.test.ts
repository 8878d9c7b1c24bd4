import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RunComputed, RunOutputStage } from '../../src/cli/run.js';
import { FIXTURE_MAP, SEMICOLON, tempDir } from './helpers.js';

afterEach(() => vi.restoreAllMocks());

describe('run output stages (the hook for the HTML report)', () => {
  it('receive everything computed and write their files with the others', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let seen: RunComputed | undefined;
    const report: RunOutputStage = {
      name: 'report',
      files: ['extra.html'],
      build(run) {
        seen = run;
        const ids = run.cohorts['customer_id'] as string[];
        return { 'extra.html': `<p>${ids.join(' ')} as of ${run.quality.asOf}</p>\n` };
      },
    };
    const out = join(tempDir(), 'out');
    const args = [
      'run',
      '--transactions',
      SEMICOLON,
      '--map',
      FIXTURE_MAP,
      '--out',
      out,
      '--no-report',
      '-q',
    ];
    expect(await main(args, { runStages: [report] })).toBe(0);
    expect(readFileSync(join(out, 'extra.html'), 'utf8')).toBe('<p>c1 c2 as of 2024-02-02</p>\n');
    expect(seen?.fit.pipeline.config.classes).toEqual(['rfm', 'abc', 'lifecycle']);
    // One order per customer: lifecycle thresholds cannot be derived, so it is left out.
    expect(Object.keys(seen?.schemes ?? {})).toEqual(['rfm_segment', 'value_tier']);
    expect(seen?.fit.notes[0]).toMatch(
      /^lifecycle skipped: no customer has 2 or more orders, so the new \/ at-risk \/ churned thresholds cannot be derived from the data$/,
    );
    expect(seen?.transactions.rows).toBe(3);

    // Its files are checked before any work like every other output.
    const blocked = tempDir();
    writeFileSync(join(blocked, 'extra.html'), 'old');
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    seen = undefined;
    expect(
      await main(
        args.map((a) => (a === out ? blocked : a)),
        { runStages: [report] },
      ),
    ).toBe(2);
    expect(stderr.join('')).toBe(
      `cohortlab: ${join(blocked, 'extra.html')}: file exists; pass --force (force: true) to replace it\n`,
    );
    expect(seen).toBeUndefined();
    expect(readdirSync(blocked)).toEqual(['extra.html']);
    expect(existsSync(join(blocked, 'cohorts.csv'))).toBe(false);
  });
});

/**
 * report.html is reproducible (issue 17, item 9): the same run gives the same bytes. The
 * generation time is left out unless asked for (`generatedAt`), or given by SOURCE_DATE_EPOCH.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { htmlReport } from '../../src/report/html-report.js';
import { cli, tempDir } from '../cli/helpers.js';

const saved = process.env['SOURCE_DATE_EPOCH'];
afterEach(() => {
  vi.useRealTimers();
  if (saved === undefined) delete process.env['SOURCE_DATE_EPOCH'];
  else process.env['SOURCE_DATE_EPOCH'] = saved;
});

describe('report.html reproducibility', () => {
  it('two runs with the same seed write the same report.html, byte for byte', async () => {
    delete process.env['SOURCE_DATE_EPOCH'];
    const dir = tempDir();
    const csv = join(dir, 'tx.csv');
    const rows = ['customer,date,amount'];
    for (let c = 0; c < 30; c++) {
      for (let k = 0; k <= c % 4; k++)
        rows.push(`c${c},2024-0${1 + ((c * 5 + k * 3) % 9)}-1${k},${7 + ((c * 11 + k) % 40)}`);
    }
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const reports: Buffer[] = [];
    // Months apart on the clock (only Date is faked): the report must not change.
    for (const [name, now] of [
      ['a', '2026-01-01T00:00:00Z'],
      ['b', '2026-06-30T17:45:00Z'],
    ] as const) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(now));
      const out = join(dir, name);
      const code = await cli(
        'run',
        '--transactions',
        csv,
        '--map',
        'id=customer,date=date,amount=amount',
        '--seed',
        '3',
        '--out',
        out,
        '-q',
      );
      expect(code).toBe(0);
      reports.push(readFileSync(join(out, 'report.html')));
    }
    expect(reports[0]?.length).toBeGreaterThan(1000);
    expect(reports[0]?.equals(reports[1] as Buffer)).toBe(true);
    expect(reports[0]?.toString('utf8')).not.toContain('Generated</dt>');
  }, 120_000);

  it('htmlReport: no generation time by default, the one asked for, or SOURCE_DATE_EPOCH', () => {
    delete process.env['SOURCE_DATE_EPOCH'];
    expect(htmlReport({ title: 'T', sections: [] })).not.toContain('<time');
    const asked = htmlReport({
      title: 'T',
      sections: [],
      generatedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(asked).toContain(
      '<time datetime="2026-01-02T03:04:05.000Z">2026-01-02 03:04 UTC</time>',
    );
    process.env['SOURCE_DATE_EPOCH'] = '1767323045';
    const epoch = htmlReport({ title: 'T', sections: [] });
    expect(epoch).toContain(
      '<time datetime="2026-01-02T03:04:05.000Z">2026-01-02 03:04 UTC</time>',
    );
    expect(htmlReport({ title: 'T', sections: [] })).toBe(epoch);
    process.env['SOURCE_DATE_EPOCH'] = 'yesterday';
    let caught: unknown;
    try {
      htmlReport({ title: 'T', sections: [] });
    } catch (error) {
      caught = error;
    }
    expect(isCohortlabError(caught, 'INVALID_OPTION')).toBe(true);
    expect((caught as Error).message).toContain('SOURCE_DATE_EPOCH');
  });
});

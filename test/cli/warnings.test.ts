/**
 * The CLI's warnings channel: every warning of the run once on stderr, in quality.json and at
 * the top of report.html; --strict makes the first one an error (exit 2) before anything is
 * written. Two customers with one order each: lifecycle and clustering are left out.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noDropoutCsv } from '../pipeline/no-dropout.js';
import { captureOutput, cli, io, tempDir } from './helpers.js';

captureOutput();

const LIFECYCLE =
  'lifecycle skipped: no customer has 2 or more orders, so the new / at-risk / churned thresholds cannot be derived from the data';
const CLUSTERING =
  'clustering skipped: choosing k needs at least 3 customers with purchases, found 2';

function twoCustomers(): { file: string; out: string } {
  const dir = tempDir();
  const file = join(dir, 'two.csv');
  writeFileSync(file, 'id,day,total\nc1,2024-01-05,10\nc2,2024-02-01,20\n');
  return { file, out: join(dir, 'out') };
}

const args = (file: string, out: string): string[] => [
  'run',
  '--transactions',
  file,
  '--map',
  'id=id,date=day,amount=total',
  '--no-bgnbd',
  '--out',
  out,
];

describe('cohortlab run warnings', () => {
  it('prints each once on stderr and writes them into quality.json and the report', async () => {
    const { file, out } = twoCustomers();
    expect(await cli(...args(file, out))).toBe(0);
    const lines = io.stderr.split('\n').filter((line) => line.includes('warning'));
    expect(lines).toEqual([
      `cohortlab: warning PART_SKIPPED: ${LIFECYCLE}`,
      `cohortlab: warning PART_SKIPPED: ${CLUSTERING}`,
    ]);
    expect(io.stdout).not.toContain('warning PART_SKIPPED');
    const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as {
      customers: number;
      warnings: { code: string; message: string }[];
    };
    expect(quality.customers).toBe(2);
    expect(quality.warnings).toEqual([
      { code: 'PART_SKIPPED', message: LIFECYCLE },
      { code: 'PART_SKIPPED', message: CLUSTERING },
    ]);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    const warnings = report.indexOf('<h2>Warnings</h2>');
    expect(warnings).toBeGreaterThan(0);
    expect(warnings).toBeLessThan(report.indexOf('<h2>Data quality</h2>'));
    expect(report).toContain('<td style="text-align:left">PART_SKIPPED</td>');
    expect(report).toContain('clustering skipped: choosing k needs at least 3 customers');
  });

  it('with --strict: one line, exit 2, nothing written', async () => {
    const { file, out } = twoCustomers();
    expect(await cli(...args(file, out), '--strict')).toBe(2);
    const last = io.stderr.trimEnd().split('\n').at(-1);
    expect(last).toBe(
      `cohortlab: --strict: warning PART_SKIPPED: ${LIFECYCLE} (and 1 more warnings)`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a run without warnings writes an empty list and no report section', async () => {
    // CDNOW without its $0 rows: every customer left bought something (the full file has 68
    // customers whose every order is $0, a NO_PURCHASES warning).
    const dir = tempDir();
    const file = join(dir, 'positive.csv');
    const rows = readFileSync('data/cdnow_master.txt', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cells) => Number(cells[3]) > 0)
      .map(([id, day, , amount]) => `${id},${day},${amount}`);
    writeFileSync(file, `id,day,amount\n${rows.join('\n')}\n`);
    const out = join(dir, 'out');
    const map = ['--map', 'id=id,date=day,amount=amount', '--date-format', 'yyyymmdd'];
    expect(
      await cli('run', '--transactions', file, ...map, '--out', out, '--strict', '--no-bgnbd'),
    ).toBe(0);
    expect(io.stderr).not.toContain('warning');
    const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as {
      warnings: unknown[];
    };
    expect(quality.warnings).toEqual([]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toContain('<h2>Warnings</h2>');
  });

  it('a weak choice of k: WEAK_CHOICE on stderr, and the report says the criteria disagree', async () => {
    // 4 buyers (c3's return nets one of its two orders): k = 3 wins on 2 of 5 votes.
    const out = join(tempDir(), 'out');
    const file = 'test/fixtures/bad/returns.csv';
    const map = ['--map', 'id=customer,date=date,amount=amount'];
    expect(await cli('run', '--transactions', file, ...map, '--no-bgnbd', '--out', out)).toBe(0);
    expect(io.stderr).toMatch(
      /^cohortlab: warning WEAK_CHOICE: k = 3 was chosen by 2 of 5 criteria \(calinskiHarabasz, daviesBouldin\); runner-up k = 2 with 1 \(silhouette\)/m,
    );
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain(
      'The criteria disagree: only 2 of 5 voted for k = 3; the runner-up is k = 2 with 1 of 5.',
    );
  });

  it('net refunds: TRANSFORM_CHANGED, and the report names the signed log it used', async () => {
    // 40 ordinary buyers (two behaviours) and two who returned more than they bought.
    const lines = ['id,day,amount,invoice'];
    for (let c = 0; c < 40; c++) {
      const orders = c % 2 === 0 ? 4 : 1;
      for (let o = 0; o < orders; o++) {
        const day =
          c % 2 === 0
            ? `2024-06-${String(2 + ((c + 7 * o) % 27)).padStart(2, '0')}`
            : `2023-${String(1 + (c % 12)).padStart(2, '0')}-15`;
        lines.push(`c${c},${day},${c % 2 === 0 ? 50 + c : 15 + (c % 7)},c${c}-${o}`);
      }
    }
    lines.push(
      'n1,2024-06-01,10,n1-a',
      'n1,2024-06-15,-100,n1-b',
      'n2,2024-05-01,20,n2-a',
      'n2,2024-05-20,-60,n2-b',
    );
    const dir = tempDir();
    const file = join(dir, 'refunds.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const map = ['--map', 'id=id,date=day,amount=amount,order=invoice'];
    const code = await cli(
      'run',
      '--transactions',
      file,
      ...map,
      '--k',
      '2',
      '--no-bgnbd',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(io.stderr).toMatch(
      /^cohortlab: warning TRANSFORM_CHANGED: monetary: 2 customers have values ≤ −1 \(net refunds\)/m,
    );
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain(
      'on recency_days, frequency, monetary (log1p of frequency, then the signed log sign(x)·log1p(|x|) of monetary, which have net refunds, then standardised)',
    );
  });

  it('a degenerate BG/NBD fit: a warning, and the report does not advise win-back on p_alive', async () => {
    const dir = tempDir();
    const file = join(dir, 'no-dropout.csv');
    writeFileSync(file, noDropoutCsv(1_500, 3));
    const out = join(dir, 'out');
    const code = await cli(
      'run',
      '--transactions',
      file,
      '--map',
      'id=customer_id,date=date,amount=amount',
      '--k',
      '2',
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(io.stderr).toMatch(/^cohortlab: warning DEGENERATE_FIT: BG\/NBD fit is degenerate \(/m);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('<td style="text-align:left">DEGENERATE_FIT</td>');
    expect(report).toContain('p_alive is unreliable here and must not be used');
    expect(report).not.toContain('are the ones to win back');
  });
});

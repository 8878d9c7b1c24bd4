import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'cohortlab-cli-'));
const fixtureMap = 'id=customer,date=date,amount=amount,order=order';

describe('cohortlab run', () => {
  it('runs the main job on the bundled CDNOW data', async () => {
    const out = join(tempDir(), 'out');
    expect(await main(['run', '--out', out])).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('23,570 customers labelled');
    expect(stdout).toMatch(/revenue before as-of\s+2,500,315\.63/);
    const csv = readFileSync(join(out, 'customers.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'customer_id,recency_days,frequency,monetary,monetary_mean,tenure_days,mean_days_between_orders,' +
        'has_transactions,first_purchase,last_purchase,rfm_r,rfm_f,rfm_m,rfm_cell,rfm_segment,value_tier,lifecycle,' +
        'cluster,cluster_name,cluster_distance',
    );
    expect(csv).toHaveLength(23_572); // header, 23,570 customers, final CRLF
    expect(csv[3]).toMatch(/^00003,34,6,156\.46,/);
    const classes = JSON.parse(readFileSync(join(out, 'classes.json'), 'utf8')) as { asOf: string };
    expect(classes.asOf).toBe('1998-07-01');
    // k chosen automatically; every class scheme compared with the clusters.
    expect(stdout).toContain('k = 2: 4 of 5 criteria agree');
    const clusters = JSON.parse(readFileSync(join(out, 'clusters.json'), 'utf8')) as {
      k: number;
      comparisons: Record<string, { scores: { adjustedRand: number } }>;
      surrogate: { fidelity: number };
    };
    expect(clusters.k).toBe(2);
    expect(Object.keys(clusters.comparisons)).toEqual(['rfm_segment', 'value_tier', 'lifecycle']);
    expect(clusters.comparisons['lifecycle']!.scores.adjustedRand).toBeGreaterThan(0.5);
    expect(clusters.surrogate.fidelity).toBeGreaterThan(0.9);
    expect(csv[3]).toMatch(/,(recent frequent high spenders|lapsed customers),\d/);
  });

  it('runs on a user file with a mapping and a rules file', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({ defaultClass: 'small', rules: [{ name: 'big', when: 'monetary >= 20' }] }),
    );
    const out = join(dir, 'out');
    const code = await main([
      'run',
      '--transactions',
      'test/fixtures/data/semicolon.csv',
      '--map',
      fixtureMap,
      '--rules',
      rules,
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = readFileSync(join(out, 'customers.csv'), 'utf8').trim().split('\r\n');
    expect(lines[0]?.endsWith(',custom_class,cluster,cluster_name,cluster_distance')).toBe(true);
    expect(stdout).toContain(
      'clustering skipped: choosing k needs at least 3 customers with purchases, found 2',
    );
    expect(lines.slice(1).map((l) => [l.split(',')[0], l.split(',').at(-4)])).toEqual([
      ['c1', 'small'],
      ['c2', 'big'],
    ]);
  });

  it('bad input: one line on stderr, exit code 2, nothing written', async () => {
    const out = join(tempDir(), 'out');
    const cases: [string[], string][] = [
      [
        ['--transactions', 'nope.csv', '--map', fixtureMap],
        'cohortlab: nope.csv: file not found\n',
      ],
      [
        [
          '--transactions',
          'test/fixtures/data/bad-dates.csv',
          '--map',
          'id=id,date=date,amount=amount',
        ],
        `cohortlab: test/fixtures/data/bad-dates.csv, row 2, column "date": unparseable date '2024-13-45'`,
      ],
      [
        [
          '--transactions',
          'test/fixtures/data/semicolon.csv',
          '--map',
          'id=customer,date=when,amount=amount',
        ],
        'cohortlab: test/fixtures/data/semicolon.csv, column "when": mapped column not found',
      ],
      [['--transactions', 'x.csv'], 'cohortlab: --transactions needs --map'],
      [['--map', 'id=a,when=b'], 'cohortlab: --map entry "when=b" is not key=column'],
      [['--windows', '0'], 'cohortlab: --windows needs whole days'],
      [['--k', '0'], `cohortlab: --k needs a whole number ≥ 1 or 'auto', got "0"`],
      [['--k', 'many'], `cohortlab: --k needs a whole number ≥ 1 or 'auto'`],
      [['--bogus'], "cohortlab: Unknown option '--bogus'"],
    ];
    for (const [args, message] of cases) {
      stderr = '';
      expect(await main(['run', ...args, '--out', out])).toBe(2);
      expect(stderr.startsWith(message)).toBe(true);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a rule over an unknown feature fails before anything is written', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify([{ name: 'x', when: 'lifetime_value > 3' }]));
    const out = join(dir, 'out');
    expect(await main(['run', '--rules', rules, '--out', out])).toBe(2);
    expect(stderr).toMatch(/^cohortlab: .*lifetime_value/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite outputs without --force, and replaces them with it', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'quality.json'), 'keep me');
    const args = [
      'run',
      '--transactions',
      'test/fixtures/data/semicolon.csv',
      '--map',
      fixtureMap,
      '--out',
      out,
    ];
    expect(await main(args)).toBe(2);
    expect(stderr).toBe(
      `cohortlab: ${join(out, 'quality.json')}: file exists; pass --force (force: true) to replace it\n`,
    );
    expect(readdirSync(out)).toEqual(['quality.json']);
    expect(readFileSync(join(out, 'quality.json'), 'utf8')).toBe('keep me');
    expect(await main([...args, '--force'])).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'classes.json',
      'clusters.json',
      'customers.csv',
      'quality.json',
    ]);
  });

  it('prints help and rejects unknown commands', async () => {
    expect(await main(['run', '--help'])).toBe(0);
    expect(stdout).toContain('Usage: cohortlab run [options]');
    expect(await main(['--help'])).toBe(0);
    expect(await main(['frobnicate'])).toBe(2);
    expect(stderr).toBe('cohortlab: unknown command "frobnicate"; see cohortlab --help\n');
  });
});

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureOutput, cli, FIXTURE_MAP, io, parseCsv, SEMICOLON, tempDir } from './helpers.js';

captureOutput();

describe('cohortlab run', () => {
  it('runs the main job on the bundled CDNOW data', async () => {
    const out = join(tempDir(), 'out');
    expect(await cli('run', '--out', out)).toBe(0);
    // Progress goes to stderr as plain lines (not a TTY here), one per stage.
    expect(io.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^cohortlab: load: 69,659 transactions in \d+\.\d s$/),
      expect.stringMatching(/^cohortlab: quality: 69,659 rows in /),
      expect.stringMatching(/^cohortlab: features: 23,570 customers in /),
      expect.stringMatching(/^cohortlab: classes: 3 schemes in /),
      expect.stringMatching(/^cohortlab: clusters: 2 clusters in /),
      expect.stringMatching(/^cohortlab: rules: 8 rules in /),
      expect.stringMatching(/^cohortlab: bg-nbd: 23,570 customers in /),
      expect.stringMatching(/^cohortlab: labels: 23,570 customers in /),
      expect.stringMatching(/^cohortlab: compare: 3 schemes in /),
      expect.stringMatching(/^cohortlab: sql: 1 files in /),
      expect.stringMatching(/^cohortlab: value: 2 files in /),
      expect.stringMatching(/^cohortlab: report: 1 files in /),
      expect.stringMatching(/^cohortlab: write: 10 files in /),
      // CDNOW's 68 customers whose every order is $0 (the first is 00455) bought nothing.
      expect.stringMatching(
        /^cohortlab: warning NO_PURCHASES: 68 customers have transactions but no order of positive value .* \(e\.g\. 00455\)$/,
      ),
      // One CDNOW repeat buyer's repeat days are free items: no spend to model.
      'cohortlab: warning ROWS_DROPPED: Gamma-Gamma was fitted without 1 repeat buyer with repeat purchases worth 0 in total (they still get a predicted spend)',
    ]);
    expect(io.stdout).toMatch(/revenue before as-of\s+2,500,315\.63/);
    expect(readdirSync(out).sort()).toEqual([
      'acquisition.csv',
      'classes.json',
      'clusters.json',
      'cohorts.csv',
      'cohorts.parquet',
      'model.json',
      'quality.json',
      'report.html',
      'score.sql',
      'value.json',
    ]);
    const csv = readFileSync(join(out, 'cohorts.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'customer_id,recency_days,frequency,monetary,monetary_mean,tenure_days,mean_days_between_orders,' +
        'has_transactions,first_purchase,last_purchase,rfm_r,rfm_f,rfm_m,rfm_cell,rfm_segment,value_tier,lifecycle,' +
        'cluster,cluster_name,cluster_distance,p_alive,expected_purchases_52w,expected_spend,clv_12',
    );
    expect(csv).toHaveLength(23_572); // header, 23,570 customers, final CRLF
    expect(csv[3]).toMatch(/^00003,34,6,156\.46,/);
    const classes = JSON.parse(readFileSync(join(out, 'classes.json'), 'utf8')) as { asOf: string };
    expect(classes.asOf).toBe('1998-07-01');
    // k chosen automatically; every class scheme compared with the clusters.
    expect(io.stdout).toContain('k = 2: 3 of 5 criteria agree');
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

    // The summary table: customers, classes per scheme, k, clusters with sizes, files, time.
    const rows = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8')).slice(1);
    const sizes = [0, 1].map((c) => rows.filter((r) => r[17] === String(c)).length);
    // The 68 customers who spent $0 (frequency 0) are not clustered.
    expect(sizes[0]! + sizes[1]!).toBe(23_502);
    const summary = io.stdout.slice(io.stdout.lastIndexOf('summary'));
    expect(summary).toMatch(/^customers\s+23,570$/m);
    // Ten segments and "No purchases"; A, B, C and "no purchases" (the 68 who spent $0).
    expect(summary).toMatch(/^rfm_segment\s+11 classes\s+largest: /m);
    expect(summary).toMatch(/^value_tier\s+4 classes\s+largest: C \(79\.8%\)$/m);
    expect(summary).toMatch(/^k\s+2$/m);
    const names = (c: number) => rows.find((r) => r[17] === String(c))![18]!;
    for (const c of [0, 1]) {
      const size = sizes[c]!.toLocaleString('en-US');
      expect(summary).toMatch(new RegExp(`^cluster ${c}\\s+${size} customers  ${names(c)}$`, 'm'));
    }
    const csvBytes = readFileSync(join(out, 'cohorts.csv')).length;
    expect(summary).toContain(`${(csvBytes / 1e6).toFixed(1)} MB  ${join(out, 'cohorts.csv')}`);
    expect(summary).toMatch(/^total time\s+\d+\.\d s$/m);
  });

  it('runs on a user file with a mapping and a rules file', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({ defaultClass: 'small', rules: [{ name: 'big', when: 'monetary >= 20' }] }),
    );
    const out = join(dir, 'out');
    const code = await cli(
      'run',
      '--transactions',
      SEMICOLON,
      '--map',
      FIXTURE_MAP,
      '--rules',
      rules,
      '--out',
      out,
      '-q',
    );
    // --quiet silences progress, not warnings.
    expect(io.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^cohortlab: warning PART_SKIPPED: lifecycle skipped: /),
      'cohortlab: warning PART_SKIPPED: clustering skipped: choosing k needs at least 3 customers with purchases, found 2',
      'cohortlab: warning PART_SKIPPED: BG/NBD skipped: BG/NBD needs customers with repeat purchases; none bought on two days',
    ]);
    expect(code).toBe(0);
    const lines = readFileSync(join(out, 'cohorts.csv'), 'utf8').trim().split('\r\n');
    expect(lines[0]?.endsWith(',custom_class,cluster,cluster_name,cluster_distance')).toBe(true);
    expect(io.stdout).toContain(
      'clustering skipped: choosing k needs at least 3 customers with purchases, found 2',
    );
    expect(lines.slice(1).map((l) => [l.split(',')[0], l.split(',').at(-4)])).toEqual([
      ['c1', 'small'],
      ['c2', 'big'],
    ]);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(model['kmeans']).toBeNull();
    expect((model['config'] as { classes: string[] }).classes).toEqual([
      'rfm',
      'abc',
      'lifecycle',
      'rules',
    ]);
  });

  it('--classes picks the schemes (and a rules file) in order', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'tiers.json'),
      JSON.stringify([{ name: 'big', when: 'monetary >= 20' }]),
    );
    const out = join(dir, 'out');
    const code = await cli(
      'run',
      '--transactions',
      SEMICOLON,
      '--map',
      FIXTURE_MAP,
      '--classes',
      `abc,${join(dir, 'tiers.json')}`,
      '--format',
      'csv',
      '--out',
      out,
      '--no-report',
      '-q',
    );
    expect(io.stderr.split('\n').filter(Boolean)).toEqual([
      'cohortlab: warning PART_SKIPPED: clustering skipped: choosing k needs at least 3 customers with purchases, found 2',
      'cohortlab: warning PART_SKIPPED: BG/NBD skipped: BG/NBD needs customers with repeat purchases; none bought on two days',
    ]);
    expect(code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8'));
    expect(header!.slice(10)).toEqual([
      'value_tier',
      'custom_class',
      'cluster',
      'cluster_name',
      'cluster_distance',
    ]);
    expect(rows.map((r) => r[11])).toEqual(['other', 'big']);
    expect(readdirSync(out).sort()).toEqual([
      'acquisition.csv',
      'classes.json',
      'clusters.json',
      'cohorts.csv',
      'model.json',
      'quality.json',
      'score.sql',
      'value.json',
    ]);
  });

  it('bad input: one line on stderr, exit code 2, nothing written', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const badYaml = join(dir, 'bad.yaml');
    writeFileSync(badYaml, 'k: 3\nclasses: [rfm,\nseed: 1\n');
    const badKey = join(dir, 'key.yaml');
    writeFileSync(badKey, 'k: 3\nclases: rfm\n');
    const badValue = join(dir, 'value.json');
    writeFileSync(badValue, '{\n  "k": 3,\n  "windows": [90, -1]\n}\n');
    const cases: [string[], string][] = [
      [
        ['--transactions', 'nope.csv', '--map', FIXTURE_MAP],
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
        ['--transactions', SEMICOLON, '--map', 'id=customer,date=when,amount=amount'],
        `cohortlab: ${SEMICOLON}, column "when": mapped column not found`,
      ],
      [['--transactions', 'x.csv'], 'cohortlab: --transactions needs --map'],
      [['--map', 'id=a,when=b'], 'cohortlab: --map entry "when=b" is not key=column'],
      [['--windows', '0'], 'cohortlab: --windows needs whole days'],
      [['--k', '0'], `cohortlab: --k needs a whole number ≥ 1 or 'auto', got "0"`],
      [['--k', 'many'], `cohortlab: --k needs a whole number ≥ 1 or 'auto'`],
      [['--bogus'], "cohortlab: Unknown option '--bogus'"],
      [
        ['--classes', 'rfm,churn'],
        'cohortlab: --classes: unknown class scheme "churn"; use rfm, abc, lifecycle or a rules file (.json)\n',
      ],
      [['--classes', 'rfm,rules'], 'cohortlab: --classes: "rules" needs a rules file'],
      [
        ['--format', 'csv,xlsx'],
        'cohortlab: --format: unknown format "xlsx"; use csv, parquet, json, ndjson\n',
      ],
      [['--config', badYaml], `cohortlab: ${badYaml}, line 3: config syntax error: `],
      [
        ['--config', badKey],
        `cohortlab: ${badKey}, line 2: unknown config key "clases"; keys are the long options: `,
      ],
      [
        ['--config', badValue],
        `cohortlab: ${badValue}, line 3: config key "windows": --windows needs whole days like 90,180, got "-1"\n`,
      ],
      [
        ['--config', join(dir, 'none.yaml')],
        `cohortlab: ${join(dir, 'none.yaml')}: config file not found\n`,
      ],
      [['--where', 'lifecycle = '], 'cohortlab: rule "--where", position 13: '],
      [
        ['--where', 'segment = "x"'],
        'cohortlab: column "segment": --where refers to an unknown column; available: customer_id,',
      ],
      [
        ['--split-by', 'region'],
        'cohortlab: column "region": no such column; available: customer_id,',
      ],
    ];
    for (const [args, message] of cases) {
      expect(await cli('run', ...args, '--out', out, '-q'), args.join(' ')).toBe(2);
      expect(io.stderr.startsWith(message), `${args.join(' ')} → ${io.stderr}`).toBe(true);
      expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  }, 120_000);

  it('a rule over an unknown feature fails before anything is written', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify([{ name: 'x', when: 'lifetime_value > 3' }]));
    const out = join(dir, 'out');
    expect(await cli('run', '--rules', rules, '--out', out, '-q')).toBe(2);
    expect(io.stderr).toMatch(/^cohortlab: .*lifetime_value/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite outputs without --force, and replaces them with it', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'quality.json'), 'keep me');
    const args = ['run', '--transactions', SEMICOLON, '--map', FIXTURE_MAP, '--out', out, '-q'];
    expect(await cli(...args)).toBe(2);
    expect(io.stderr).toBe(
      `cohortlab: ${join(out, 'quality.json')}: file exists; pass --force (force: true) to replace it\n`,
    );
    expect(readdirSync(out)).toEqual(['quality.json']);
    expect(readFileSync(join(out, 'quality.json'), 'utf8')).toBe('keep me');
    expect(await cli(...args, '--force')).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'acquisition.csv',
      'classes.json',
      'clusters.json',
      'cohorts.csv',
      'cohorts.parquet',
      'model.json',
      'quality.json',
      'report.html',
      'score.sql',
      'value.json',
    ]);
  });

  it('checks that the output folder is writable before any work', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const out = join(dir, 'file', 'out');
    expect(await cli('run', '--transactions', SEMICOLON, '--map', FIXTURE_MAP, '--out', out)).toBe(
      2,
    );
    expect(io.stderr).toBe(
      `cohortlab: ${join(out, 'quality.json')}: cannot write the file: ${join(dir, 'file')} is not a folder\n`,
    );
  });
});

describe('help and commands', () => {
  it('prints help of every command on stdout with exit code 0', async () => {
    for (const [args, heading] of [
      [['--help'], 'Usage: cohortlab <command> [options]'],
      [['help'], 'Usage: cohortlab <command> [options]'],
      [['run', '--help'], 'Usage: cohortlab run [options]'],
      [['score', '--help'], 'Usage: cohortlab score --model FILE --transactions FILE [options]'],
      [['help', 'score'], 'Usage: cohortlab score'],
      [['sql', '--help'], 'Usage: cohortlab sql --model FILE [options]'],
      [['help', 'sql'], 'Usage: cohortlab sql'],
    ] as const) {
      expect(await cli(...args)).toBe(0);
      expect(io.stdout.startsWith(heading)).toBe(true);
      expect(io.stderr).toBe('');
    }
    expect(io.stdout).toContain('--model FILE');
    await cli('run', '--help');
    for (const flag of [
      '--classes',
      '--config',
      '--format',
      '--split-by',
      '--where',
      '--force',
      '--no-report',
      '--snapshots',
      '--bgnbd-weeks',
      '--no-bgnbd',
    ]) {
      expect(io.stdout).toContain(flag);
    }
  });

  it('rejects unknown commands and a bare call', async () => {
    expect(await cli('frobnicate')).toBe(2);
    expect(io.stderr).toBe('cohortlab: unknown command "frobnicate"; see cohortlab --help\n');
    expect(await cli()).toBe(2);
    expect(io.stdout).toContain('Commands:');
  });
});

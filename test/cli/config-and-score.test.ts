import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, cli, FIXTURE_MAP, io, parseCsv, SEMICOLON, tempDir } from './helpers.js';

captureOutput();

describe('--config', () => {
  it('reads YAML options with paths relative to the file; flags override it', async () => {
    const dir = tempDir();
    copyFileSync(SEMICOLON, join(dir, 'tx.csv'));
    writeFileSync(
      join(dir, 'rules.json'),
      JSON.stringify([{ name: 'big', when: 'monetary >= 20' }]),
    );
    writeFileSync(
      join(dir, 'job.yaml'),
      [
        '# the analyst’s job file',
        'transactions: tx.csv',
        'map: { id: customer, date: date, amount: amount, order: order }',
        'classes: [abc, rules.json]',
        'format: [csv, json]',
        'out: result',
        'seed: 3',
        'quiet: true',
        'no-report: true',
        '',
      ].join('\n'),
    );
    expect(await cli('run', '--config', join(dir, 'job.yaml'))).toBe(0);
    expect(
      io.stderr.split('\n').filter((line) => !line.includes(' warning PART_SKIPPED: ')),
    ).toEqual(['']);
    expect(readdirSync(join(dir, 'result')).sort()).toEqual([
      'acquisition.csv',
      'classes.json',
      'clusters.json',
      'cohorts.csv',
      'cohorts.json',
      'model.json',
      'quality.json',
      'score.sql',
      'value.json',
    ]);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'result', 'cohorts.csv'), 'utf8'));
    expect(header!.slice(10, 12)).toEqual(['value_tier', 'custom_class']);
    expect(rows.map((r) => r[11])).toEqual(['other', 'big']);
    const model = JSON.parse(readFileSync(join(dir, 'result', 'model.json'), 'utf8')) as {
      config: Record<string, unknown>;
    };
    expect(model.config).toEqual({
      mapping: { customerId: 'customer', date: 'date', amount: 'amount', orderId: 'order' },
      dateFormat: 'auto',
      asOf: null,
      windows: [],
      classes: ['abc', 'rules'],
      k: 'auto',
      seed: 3,
      likelihoodDays: null,
    });

    // Flags win over the config: another seed, format and folder (relative to the cwd).
    const out = join(dir, 'flagged');
    expect(
      await cli(
        'run',
        '--config',
        join(dir, 'job.yaml'),
        '--seed',
        '5',
        '--format',
        'ndjson',
        '--out',
        out,
      ),
    ).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'acquisition.csv',
      'classes.json',
      'clusters.json',
      'cohorts.ndjson',
      'model.json',
      'quality.json',
      'score.sql',
      'value.json',
    ]);
    const flagged = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
      config: { seed: number };
    };
    expect(flagged.config.seed).toBe(5);
  });

  it('reads JSON config files too', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'job.json'),
      JSON.stringify({
        transactions: join(process.cwd(), SEMICOLON),
        map: FIXTURE_MAP,
        windows: [30, 7],
        k: 'auto',
        format: 'csv',
        quiet: true,
      }),
    );
    const out = join(dir, 'out');
    expect(await cli('run', '--config', join(dir, 'job.json'), '--out', out)).toBe(0);
    const [header] = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8'));
    expect(header).toContain('frequency_7d');
    expect(header).toContain('monetary_30d');
  });
});

describe('cohortlab score: bad models and options', () => {
  let model: string;
  beforeAll(async () => {
    const out = join(tempDir(), 'out');
    expect(
      await cli('run', '--transactions', SEMICOLON, '--map', FIXTURE_MAP, '--out', out, '-q'),
    ).toBe(0);
    model = readFileSync(join(out, 'model.json'), 'utf8');
  });

  const score = async (modelText: string | undefined, ...extra: string[]): Promise<number> => {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    if (modelText !== undefined) writeFileSync(file, modelText);
    const code = await cli(
      'score',
      '--model',
      file,
      '--transactions',
      SEMICOLON,
      '--out',
      join(dir, 's.csv'),
      '-q',
      ...extra,
    );
    if (code !== 0) expect(existsSync(join(dir, 's.csv'))).toBe(false);
    return code;
  };

  it('scores with the model of the run (mapping from the model)', async () => {
    expect(await score(model)).toBe(0);
  });

  it('refuses a model of another major version, naming the file', async () => {
    const v2 = model.replace('"version": "1.0.0"', '"version": "2.0.0"');
    expect(await score(v2)).toBe(2);
    expect(io.stderr).toMatch(
      /^cohortlab: \S+model\.json: model version 2\.0\.0 is not supported: this build reads version 1\.x models\n$/,
    );
    // A newer minor version of the same major is read.
    expect(await score(model.replace('"version": "1.0.0"', '"version": "1.3.0"'))).toBe(0);
  });

  it('refuses corrupt, truncated, foreign and missing model files', async () => {
    const cases: [string | undefined, RegExp][] = [
      [model.slice(0, model.length / 2), /: not valid JSON \(/],
      ['{"format": "something-else"}', /: not a cohortlab pipeline model/],
      [
        model.replace('"RfmScorer"', '"Nope"'),
        /: invalid model: expected a RfmScorer model, found Nope/,
      ],
      [undefined, /model\.json: model file not found\n$/],
    ];
    for (const [text, message] of cases) {
      expect(await score(text)).toBe(2);
      expect(io.stderr).toMatch(message);
      expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('needs --model and --transactions; checks formats and --where', async () => {
    expect(await cli('score', '--transactions', SEMICOLON)).toBe(2);
    expect(io.stderr).toBe('cohortlab: score needs --model FILE and --transactions FILE\n');
    expect(await score(model, '--format', 'xml')).toBe(2);
    expect(io.stderr).toMatch(/^cohortlab: --format: unknown format "xml"/);
    expect(await score(model, '--where', 'value_tier < 3')).toBe(2);
    expect(io.stderr).toMatch(
      /^cohortlab: column "value_tier": rule "--where": cannot compare text column "value_tier" with a number\n$/,
    );
  });
});

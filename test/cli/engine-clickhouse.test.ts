import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineInertia, fitPipelineOnFeatures, partitionInertia } from '../../src/engines/index.js';
import { customerFeatures, type CustomerFeatures } from '../../src/features/customer-features.js';
import { loadPipelineModel } from '../../src/pipeline/load.js';
import { scoreCustomers } from '../../src/pipeline/index.js';
import type { ColumnTable } from '../../src/table/column-table.js';
import { ANALYST_PASSWORD, CLICKHOUSE_SERVER } from '../engines/clickhouse-cluster.js';
import {
  CDNOW_COLUMNS,
  cdnowOnClickHouse,
  type CdnowOnClickHouse,
} from '../engines/clickhouse-cdnow.js';
import { captureOutput, cli, io, parseCsv, tempDir } from './helpers.js';

// `cohortlab run|score --engine clickhouse` against a two-shard ClickHouse cluster holding
// CDNOW in a Distributed table, checked against DuckDB in-process. One cluster per file;
// skipped where clickhouse-server is not installed.
captureOutput();

const MAP = 'id=customer_id,date=day,amount=amount';
const LABELS = ['rfm_segment', 'value_tier', 'lifecycle', 'cluster', 'cluster_name'];
const PASSWORD_VAR = 'COHORTLAB_TEST_CLICKHOUSE_PASSWORD';

let ch: CdnowOnClickHouse;
let url: string;
let shards: string;
let dir: string;
let duck: CustomerFeatures;

interface EngineJson {
  fit: { on: string; customers: number; seed: number; k: number };
  scoring: { customers: number; into: string | null; clusters: Record<string, number> };
  inertia: {
    customers: number;
    model: number;
    fullFit: number | null;
    modelInFullFitUnits: number | null;
    ratio: number | null;
  };
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** A CSV file as columns by header name. */
function csvColumns(path: string): Record<string, string[]> {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return Object.fromEntries((header ?? []).map((name, j) => [name, rows.map((r) => r[j] ?? '')]));
}

/** Every label of `expected` (in-process) against the CSV's, and the largest distance gap. */
function compareWithCsv(expected: ColumnTable, csv: Record<string, string[]>) {
  const mismatches: string[] = [];
  for (const name of LABELS) {
    const want = Array.from(expected[name] as ArrayLike<unknown>, (v) =>
      v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v),
    );
    const got = csv[name] ?? [];
    if (got.length !== want.length) mismatches.push(`${name}: ${got.length} rows`);
    want.forEach((w, i) => {
      if (got[i] !== w) mismatches.push(`${name} row ${i}: ${got[i]} ≠ ${w}`);
    });
  }
  const distances = expected['cluster_distance'] as Float64Array;
  let maxAbs = 0;
  (csv['cluster_distance'] ?? []).forEach((text, i) => {
    // Customers who bought nothing have no cluster: an empty cell, NaN in-process.
    if (text === '' && Number.isNaN(distances[i])) return;
    maxAbs = Math.max(maxAbs, Math.abs(Number(text) - (distances[i] as number)));
  });
  return { mismatches, maxAbs };
}

/** A loopback port with nothing listening. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/**
 * A successful engine run prints nothing on stderr but its warnings: here at most the
 * NO_PURCHASES one (CDNOW's customers whose every order is $0, `count` of them fitted on).
 */
function expectNoPurchasesOnly(stderr: string, count: number | null): void {
  const lines = stderr.split('\n').filter(Boolean);
  if (count === null) {
    for (const line of lines)
      expect(line).toMatch(/^cohortlab: warning NO_PURCHASES: \d+ customers /);
    expect(lines.length).toBeLessThanOrEqual(1);
  } else {
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^cohortlab: warning NO_PURCHASES: ${count} customers `)),
    ]);
  }
}

describe.skipIf(CLICKHOUSE_SERVER === undefined)(
  'cohortlab --engine clickhouse (CDNOW, two shards)',
  () => {
    beforeAll(async () => {
      ch = await cdnowOnClickHouse();
      const servers = ch.cluster.servers;
      url = servers[0]!.url;
      shards = servers.map((s) => `${s.url}/cdnow_shard`).join(',');
      dir = tempDir();
      duck = await customerFeatures(ch.tx);
    });

    afterAll(async () => {
      await ch?.stop();
    });

    it('run --fit-sample: cohorts equal in-process scoring of model.json; engine.json compares the inertias', async () => {
      // The engine keys come from a config file (flags add the rest).
      writeFileSync(
        join(dir, 'engine.yaml'),
        `engine: clickhouse\nurl: ${url}\ntable: cdnow_all\nmap: { id: customer_id, date: day, amount: amount }\nfit-sample: 5000\nshards: ${shards}\n`,
      );
      const out = join(dir, 'sampled');
      const code = await cli(
        'run',
        '--config',
        join(dir, 'engine.yaml'),
        '--seed',
        '1',
        '--format',
        'csv',
        '--out',
        out,
        '--quiet',
      );
      expectNoPurchasesOnly(io.stderr, null); // a sample may hold some of the 68
      expect(code).toBe(0);
      expect(readdirSync(out).sort()).toEqual([
        'cohorts.csv',
        'engine.json',
        'model.json',
        'score.sql',
      ]);
      expect(io.stdout).toContain('BG/NBD, snapshots and report.html are skipped');
      expect(io.stdout).toMatch(/inertia ratio\s+\d\.\d{4}/);

      const model = loadPipelineModel(join(out, 'model.json'));
      expect(model.features.customers).toBe(5000);
      const inProcess = (await scoreCustomers(model, ch.tx)).cohorts;
      const csv = csvColumns(join(out, 'cohorts.csv'));
      expect(csv['customer_id']).toEqual(inProcess['customer_id']);
      expect(csv['customer_id']).toHaveLength(23570);
      const compared = compareWithCsv(inProcess, csv);
      expect(compared.mismatches).toEqual([]);
      expect(compared.maxAbs).toBeLessThanOrEqual(1e-9);

      // The sample model's Σ d² over every customer, from the engine; the full fit recomputed
      // here on DuckDB's features with the same k and seed; both in the full fit's units.
      const report = readJson<EngineJson>(join(out, 'engine.json'));
      const k = model.clustering!.names.length;
      expect(report.fit).toMatchObject({ on: 'sample', customers: 5000, seed: 1, k });
      expect(report.scoring.customers).toBe(23570);
      const moments = await engineInertia(ch.client, model, { table: 'cdnow_all' });
      // Over the clustered customers: the 68 whose every order is $0 have no cluster.
      expect(report.inertia.customers).toBe(23570 - 68);
      expect(relative(report.inertia.model, moments.inertia)).toBeLessThan(1e-9);
      const full = fitPipelineOnFeatures(
        {
          table: duck.table,
          featureNames: duck.featureNames,
          asOf: duck.asOf,
          mapping: CDNOW_COLUMNS,
        },
        { k, seed: 1, classes: [] },
      ).pipeline;
      const fullInertia = full.clustering!.kmeans.inertia;
      expect(relative(report.inertia.fullFit!, fullInertia)).toBeLessThan(1e-9);
      const inFullUnits = partitionInertia(moments, model, full);
      expect(relative(report.inertia.modelInFullFitUnits!, inFullUnits)).toBeLessThan(1e-9);
      expect(report.inertia.ratio).toBeCloseTo(inFullUnits / fullInertia, 12);
      expect(report.inertia.ratio!).toBeLessThanOrEqual(1.01);
      expect(report.inertia.ratio!).toBeGreaterThan(0.95);
      console.log(
        `k=${k}: sample model Σd² ${report.inertia.model.toFixed(2)}, in full-fit units ${inFullUnits.toFixed(2)}; full fit ${fullInertia.toFixed(2)}; ratio ${report.inertia.ratio!.toFixed(4)}`,
      );

      // score.sql is the ClickHouse query over the run's table: it labels as cohorts.csv does.
      const sql = readFileSync(join(out, 'score.sql'), 'utf8');
      expect(sql).toMatch(/^-- cohortlab scoring query \(clickhouse\)/);
      const inEngine = await ch.client.table(
        `SELECT customer_id, cluster_name FROM (${sql.replace(/;\s*$/, '')}\n) ORDER BY customer_id`,
      );
      expect(inEngine['cluster_name']).toEqual(inProcess['cluster_name']);
    });

    it('run without --fit-sample fits on every customer’s features from the shards, as in-process', async () => {
      const out = join(dir, 'full');
      const code = await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        url,
        '--table',
        'cdnow_all',
        '--map',
        MAP,
        '--shards',
        shards,
        '--k',
        '3',
        '--seed',
        '2',
        '--out',
        out,
        '--quiet',
      );
      expectNoPurchasesOnly(io.stderr, 68);
      expect(code).toBe(0);
      expect(readdirSync(out).sort()).toEqual([
        'cohorts.csv',
        'cohorts.parquet',
        'engine.json',
        'model.json',
        'score.sql',
      ]);
      const model = loadPipelineModel(join(out, 'model.json'));
      expect(model.features.customers).toBe(23570);
      expect(model.features.asOf).toBe(duck.asOf);
      const inProcess = (await scoreCustomers(model, ch.tx)).cohorts;
      const compared = compareWithCsv(inProcess, csvColumns(join(out, 'cohorts.csv')));
      expect(compared.mismatches).toEqual([]);
      expect(compared.maxAbs).toBeLessThanOrEqual(1e-9);
      // The model is the full fit: the same k-means as fitting DuckDB's features here.
      const local = fitPipelineOnFeatures(
        {
          table: duck.table,
          featureNames: duck.featureNames,
          asOf: duck.asOf,
          mapping: CDNOW_COLUMNS,
        },
        { k: 3, seed: 2 },
      ).pipeline;
      const report = readJson<EngineJson>(join(out, 'engine.json'));
      expect(report.fit).toMatchObject({ on: 'all', customers: 23570, seed: 2, k: 3 });
      expect(relative(report.inertia.fullFit!, local.clustering!.kmeans.inertia)).toBeLessThan(
        1e-9,
      );
      expect(report.inertia.model).toBe(report.inertia.fullFit);
      expect(report.inertia.ratio).toBe(1);
      expect(model.clustering!.kmeans.toJSON()).toEqual(local.clustering!.kmeans.toJSON());
    });

    it('run --strict: the first warning is the one line, exit 2, nothing written', async () => {
      const out = join(dir, 'strict');
      const code = await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        url,
        '--table',
        'cdnow_all',
        '--map',
        MAP,
        '--k',
        '3',
        '--strict',
        '--out',
        out,
        '--quiet',
      );
      expect(code).toBe(2);
      expect(io.stderr).toMatch(
        /^cohortlab: --strict: warning NO_PURCHASES: 68 customers [^\n]*\n$/,
      );
      expect(existsSync(out)).toBe(false);
    });

    it('run --into leaves 23,570 scored rows in a ClickHouse table and writes no cohort file', async () => {
      const out = join(dir, 'into');
      const code = await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        url,
        '--table',
        'cdnow_all',
        '--map',
        MAP,
        '--fit-sample',
        '5000',
        '--seed',
        '1',
        '--into',
        'cdnow_scored',
        '--out',
        out,
        '--quiet',
      );
      expectNoPurchasesOnly(io.stderr, null);
      expect(code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['engine.json', 'model.json', 'score.sql']);
      expect((await ch.client.text('SELECT count() FROM cdnow_scored')).trim()).toBe('23570');
      const report = readJson<EngineJson>(join(out, 'engine.json'));
      expect(report.scoring).toMatchObject({ customers: 23570, into: 'cdnow_scored' });
      expect(report.inertia.fullFit).toBeNull();
      const model = loadPipelineModel(join(out, 'model.json'));
      const names = (await scoreCustomers(model, ch.tx)).cohorts['cluster_name'] as (
        string | null
      )[];
      const counts: Record<string, number> = {};
      for (const name of names) if (name !== null) counts[name] = (counts[name] ?? 0) + 1;
      expect(report.scoring.clusters).toEqual(counts);
      // A second run into the same table is refused before any work.
      const again = join(dir, 'into-again');
      expect(
        await cli(
          'run',
          '--engine',
          'clickhouse',
          '--url',
          url,
          '--table',
          'cdnow_all',
          '--map',
          MAP,
          '--into',
          'cdnow_scored',
          '--out',
          again,
          '--quiet',
        ),
      ).toBe(2);
      expect(io.stderr).toMatch(/^cohortlab: ClickHouse .*, table cdnow_scored: exists already/);
      expect(existsSync(again)).toBe(false);
    });

    it('score --engine equals in-process scoring, per shard and with a password from the environment', async () => {
      const modelFile = join(dir, 'sampled', 'model.json');
      const model = loadPipelineModel(modelFile);
      const inProcess = (await scoreCustomers(model, ch.tx)).cohorts;
      const out = join(dir, 'scored.csv');
      process.env[PASSWORD_VAR] = ANALYST_PASSWORD;
      try {
        const code = await cli(
          'score',
          '--model',
          modelFile,
          '--engine',
          'clickhouse',
          '--url',
          url,
          '--table',
          'cdnow_all',
          '--shards',
          shards,
          '--user',
          'analyst',
          '--password-env',
          PASSWORD_VAR,
          '--out',
          out,
          '--quiet',
        );
        expect(io.stderr).toBe('');
        expect(code).toBe(0);
      } finally {
        delete process.env[PASSWORD_VAR];
      }
      expect(io.stdout).not.toContain(ANALYST_PASSWORD);
      const csv = csvColumns(out);
      expect(csv['customer_id']).toEqual(inProcess['customer_id']);
      const compared = compareWithCsv(inProcess, csv);
      expect(compared.mismatches).toEqual([]);
      expect(compared.maxAbs).toBeLessThanOrEqual(1e-9);
      // Into a table on each shard: the shards' rows add up to every customer.
      expect(
        await cli(
          'score',
          '--model',
          modelFile,
          '--engine',
          'clickhouse',
          '--url',
          url,
          '--table',
          'cdnow_all',
          '--shards',
          shards,
          '--into',
          'scored_here',
          '--quiet',
        ),
      ).toBe(0);
      const perShard = await Promise.all(
        ch.shards.map(async (s) =>
          Number((await s.client.text('SELECT count() FROM scored_here')).trim()),
        ),
      );
      expect(perShard.every((n) => n > 5000)).toBe(true);
      expect(perShard[0]! + perShard[1]!).toBe(23570);
    });

    it('engine errors: one stderr line naming the server, table or column, exit 2, nothing written', async () => {
      const port = await closedPort();
      process.env[PASSWORD_VAR] = 'hunter2';
      const cases: [string[], RegExp][] = [
        [
          ['--url', `http://127.0.0.1:${port}`],
          new RegExp(
            `ClickHouse http://127\\.0\\.0\\.1:${port}, table cdnow_all: cannot reach the server`,
          ),
        ],
        [
          ['--url', url, '--user', 'analyst', '--password-env', PASSWORD_VAR],
          /table cdnow_all: user "analyst" was refused/,
        ],
        [['--url', url, '--table', 'nope'], /table nope: no such table/],
        [
          ['--url', url, '--map', 'id=customer_id,date=day,amount=amt'],
          /table cdnow_all, column "amt": no such column/,
        ],
      ];
      try {
        for (const [i, [flags, message]] of cases.entries()) {
          const out = join(dir, `failed-${i}`);
          const args = [
            'run',
            '--engine',
            'clickhouse',
            '--table',
            'cdnow_all',
            '--map',
            MAP,
            '--fit-sample',
            '100',
            '--out',
            out,
            '--quiet',
            ...flags,
          ];
          expect(await cli(...args)).toBe(2);
          expect(io.stderr).toMatch(message);
          expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(io.stderr).not.toContain('hunter2');
          expect(existsSync(out)).toBe(false);
          // score fails the same way, writing nothing.
          const scoreOut = join(dir, `failed-score-${i}.csv`);
          const model = join(dir, 'sampled', 'model.json');
          const scoreFlags = flags;
          const scoreArgs = [
            'score',
            '--model',
            model,
            '--engine',
            'clickhouse',
            '--table',
            'cdnow_all',
            '--out',
            scoreOut,
            '--quiet',
            ...scoreFlags,
          ];
          expect(await cli(...scoreArgs)).toBe(2);
          expect(io.stderr).toMatch(message);
          expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(existsSync(scoreOut)).toBe(false);
        }
      } finally {
        delete process.env[PASSWORD_VAR];
      }
    });
  },
);

describe('engine options', () => {
  it('refuses a password on the command line or in the URL, without repeating it', async () => {
    const out = join(tempDir(), 'x');
    for (const flags of [['--password', 's3cret'], ['--password=s3cret']]) {
      expect(
        await cli(
          'run',
          '--engine',
          'clickhouse',
          '--url',
          'http://127.0.0.1:1',
          '--map',
          MAP,
          ...flags,
          '--out',
          out,
        ),
      ).toBe(2);
      expect(io.stderr).toBe(
        'cohortlab: a password is never given on the command line: put it in an environment variable and pass --password-env VAR\n',
      );
    }
    expect(
      await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        'http://bob:s3cret@127.0.0.1:1',
        '--map',
        MAP,
        '--out',
        out,
      ),
    ).toBe(2);
    expect(io.stderr).toBe(
      'cohortlab: --url must not hold a password: put it in an environment variable and pass --password-env VAR\n',
    );
    expect(
      await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        'http://127.0.0.1:1',
        '--map',
        MAP,
        '--password-env',
        'COHORTLAB_SURELY_UNSET',
        '--out',
        out,
      ),
    ).toBe(2);
    expect(io.stderr).toBe(
      'cohortlab: --password-env: environment variable COHORTLAB_SURELY_UNSET is not set\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses engine options without --engine and in-process options with it', async () => {
    const out = join(tempDir(), 'x');
    const cases: [string[], string][] = [
      [['run', '--url', 'http://127.0.0.1:1'], '--url needs --engine clickhouse'],
      [['run', '--engine', 'duckdb'], '--engine must be clickhouse, got "duckdb"'],
      [
        ['run', '--engine', 'clickhouse', '--map', MAP],
        '--engine clickhouse needs --url http://host:port',
      ],
      [
        ['run', '--engine', 'clickhouse', '--url', 'http://127.0.0.1:1'],
        '--engine clickhouse needs --map (e.g. --map id=customer_id,date=day,amount=amount)',
      ],
      [
        [
          'run',
          '--engine',
          'clickhouse',
          '--url',
          'http://127.0.0.1:1',
          '--map',
          MAP,
          '--snapshots',
          'month',
        ],
        '--snapshots does not apply with --engine clickhouse (the transactions stay in the engine)',
      ],
      [
        [
          'run',
          '--engine',
          'clickhouse',
          '--url',
          'http://127.0.0.1:1',
          '--map',
          MAP,
          '--into',
          't',
          '--where',
          'cluster = 1',
        ],
        '--where does not apply with --into',
      ],
      [
        [
          'run',
          '--engine',
          'clickhouse',
          '--url',
          'http://127.0.0.1:1',
          '--map',
          MAP,
          '--fit-sample',
          '0',
        ],
        '--fit-sample needs a whole number ≥ 1, got "0"',
      ],
      [
        [
          'score',
          '--model',
          'm.json',
          '--engine',
          'clickhouse',
          '--url',
          'http://127.0.0.1:1',
          '--transactions',
          'x.csv',
        ],
        '--transactions does not apply with --engine clickhouse (the transactions stay in the engine)',
      ],
      [
        ['score', '--engine', 'clickhouse', '--url', 'http://127.0.0.1:1'],
        'score needs --model FILE',
      ],
    ];
    for (const [args, message] of cases) {
      expect(await cli(...args, '--out', out)).toBe(2);
      expect(io.stderr).toBe(`cohortlab: ${message}\n`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('documents the engine mode in run --help and score --help', async () => {
    expect(await cli('run', '--help')).toBe(0);
    for (const flag of [
      '--engine clickhouse',
      '--password-env VAR',
      '--fit-sample N',
      '--shards URL/TABLE',
      '--into TABLE',
      'engine.json',
    ]) {
      expect(io.stdout).toContain(flag);
    }
    expect(io.stdout).toContain('skips BG/NBD');
    expect(await cli('score', '--help')).toBe(0);
    for (const flag of [
      '--engine clickhouse',
      '--password-env VAR',
      '--into TABLE',
      '--table NAME',
    ]) {
      expect(io.stdout).toContain(flag);
    }
  });
});

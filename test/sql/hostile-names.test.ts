/**
 * score.sql with hostile names (issue 17, item 1): column names, category values and every
 * label a model.json carries are drawn from a grammar of comment/quote breakers plus a
 * `DROP TABLE sentinel` payload (test/sql/hostile-names.ts). The generated script is EXECUTED
 * whole — DuckDB in-process (all statements of the text), ClickHouse 18.16 through
 * `clickhouse-client --multiquery` — and must run nothing but the query: the sentinel table
 * still exists, and the result equals in-process scoring (DuckDB) or the plain-named query
 * with its labels renamed (both dialects).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringSqlText } from '../../src/cli/sql-command.js';
import { Engine } from '../../src/data/engine.js';
import { quoteIdent, quoteLiteral } from '../../src/data/sql.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import type { CohortPipeline } from '../../src/pipeline/cohort-pipeline.js';
import { fitPipeline, type PipelineFit } from '../../src/pipeline/fit-pipeline.js';
import {
  pipelineFromJSON,
  pipelineModelText,
  pipelineToJSON,
} from '../../src/pipeline/model-json.js';
import { pipelineScoringSql } from '../../src/pipeline/scoring-sql.js';
import { clickhouseDialect, duckdbDialect, type SqlDialect } from '../../src/sql/index.js';
import { getColumn, isNumericColumn, type ColumnTable } from '../../src/table/column-table.js';
import { jsonColumns } from '../engines/clickhouse-row-binary.js';
import {
  CLICKHOUSE_SERVER,
  startClickHouse,
  type ClickHouseCluster,
  type ClickHouseServer,
} from '../engines/clickhouse-cluster.js';
import { cli, io } from '../cli/helpers.js';
import { labelMismatches, numericDiff } from './helpers.js';
import { hostileCorpus, SENTINEL } from './hostile-names.js';

/** Labels a tampered model renames (`label` → `label + h`); every other column is unchanged. */
const RENAMED_LABELS = new Set(['rfm_segment', 'value_tier', 'custom_class', 'cluster_name']);
const CATEGORIES = ['Books', 'books', 'a-b', 'a b', 'x'];

interface Row {
  readonly id: string;
  readonly day: string;
  readonly amount: number;
  readonly invoice: string;
  readonly category: string;
}

/** 30 customers, 1–4 orders each, every category (two pairs collide as share columns). */
const ROWS: Row[] = Array.from({ length: 30 }, (_, c) =>
  Array.from({ length: 1 + (c % 4) }, (_, k): Row => ({
    id: `c${String(c).padStart(2, '0')}`,
    day: `2024-0${1 + ((c * 7 + k * 3) % 9)}-${String(10 + k * 5).padStart(2, '0')}`,
    amount: 10 + ((c * 13 + k * 5) % 50) + (k === 2 ? 0.25 : 0),
    invoice: `o${c}-${k}`,
    category: CATEGORIES[(c + k) % CATEGORIES.length] as string,
  })),
).flat();

/** The transaction columns under names ending in `h` ('' for the plain names). */
const columnsFor = (h: string) => ({
  customerId: `id${h}`,
  date: `day${h}`,
  amount: `amt${h}`,
  orderId: `inv${h}`,
  category: `cat${h}`,
});

const fitOptions = {
  seed: 1,
  k: 2,
  classes: ['rfm', 'abc', 'lifecycle', 'rules'] as const,
  rules: { rules: [{ name: 'big', when: 'monetary > 50' }] },
};

/** A model whose names and labels all end in `h`; category values too when `categories`. */
function tampered(pipeline: CohortPipeline, h: string): CohortPipeline {
  const json = JSON.parse(JSON.stringify(pipelineToJSON(pipeline))) as {
    config: { mapping: Record<string, string> };
    features: { categories: string[] };
    classes: Record<string, { params: Record<string, unknown> }>;
    clusterNames: string[];
  };
  json.config.mapping = columnsFor(h);
  // As loading stores them: category text without leading and trailing spaces.
  json.features.categories = json.features.categories.map((c) =>
    `${c}${h}`.replace(/^ +| +$/g, ''),
  );
  json.clusterNames = json.clusterNames.map((n) => `${n}${h}`);
  const rfm = json.classes['rfm']?.params as {
    segments: { segment: string }[];
    noPurchasesLabel: string;
  };
  rfm.segments.forEach((s) => (s.segment = `${s.segment}${h}`));
  rfm.noPurchasesLabel = `${rfm.noPurchasesLabel}${h}`;
  const tiers = json.classes['valueTiers']?.params as { labels: string[] };
  tiers.labels = tiers.labels.map((l) => `${l}${h}`);
  const rules = json.classes['rules']?.params as {
    rules: { name: string }[];
    defaultClass: string;
  };
  rules.rules.forEach((r) => (r.name = `${r.name}${h}`));
  rules.defaultClass = `${rules.defaultClass}${h}`;
  return pipelineFromJSON(json);
}

let engine: Engine;
let plain: PipelineFit;
/** The plain-named query's result in DuckDB: what every tampered query must reproduce. */
let reference: ColumnTable;

async function sentinelExists(): Promise<boolean> {
  const found = await engine.row(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${quoteLiteral(SENTINEL)}`,
  );
  return Number(found['n']) === 1;
}

/** (Re)creates the sentinel and `transactions` with the columns of `h`, the category values `cat + h`. */
async function duckTable(h: string, categorySuffix: string): Promise<void> {
  const c = columnsFor(h);
  await engine.run(`CREATE OR REPLACE TABLE ${SENTINEL} AS SELECT 42 AS v`);
  const values = ROWS.map(
    (r) =>
      `(${quoteLiteral(r.id)}, DATE ${quoteLiteral(r.day)}, ${r.amount}, ${quoteLiteral(r.invoice)}, ${quoteLiteral(r.category + categorySuffix)})`,
  );
  await engine.run(
    `CREATE OR REPLACE TABLE transactions (${quoteIdent(c.customerId)} VARCHAR, ${quoteIdent(c.date)} DATE, ${quoteIdent(c.amount)} DOUBLE, ${quoteIdent(c.orderId)} VARCHAR, ${quoteIdent(c.category)} VARCHAR)`,
  );
  await engine.run(`INSERT INTO transactions VALUES ${values.join(', ')}`);
}

/** Mismatches between `actual` and the reference, labels of RENAMED_LABELS ending in `h`. */
function differences(
  actual: Record<string, ArrayLike<unknown>>,
  columns: readonly string[],
  h: string,
  tolerance: number,
): string[] {
  const out: string[] = [];
  const referenceNames = Object.keys(reference);
  for (const [j, name] of columns.entries()) {
    // By position: share columns are named after the (renamed) categories.
    const expected = reference[referenceNames[j] as string];
    const got = actual[name];
    if (expected === undefined || got === undefined) {
      out.push(`${j} ${JSON.stringify(name)}: missing`);
      continue;
    }
    if (isNumericColumn(expected)) {
      const d = numericDiff(expected, got);
      if (d.missingMismatch > 0 || d.maxAbs > tolerance) out.push(`${name}: ${JSON.stringify(d)}`);
    } else {
      const want = Array.from(expected as ArrayLike<unknown>, (v) =>
        RENAMED_LABELS.has(name) && typeof v === 'string' ? `${v}${h}` : v,
      );
      out.push(...labelMismatches(want, Array.from(got)).map((m) => `${name} ${m}`));
    }
  }
  return out;
}

beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  const tx = await loadTransactions(
    ROWS.map((r) => ({ ...r })),
    {
      engine,
      map: {
        customerId: 'id',
        date: 'day',
        amount: 'amount',
        orderId: 'invoice',
        category: 'category',
      },
    },
  );
  plain = await fitPipeline(tx, fitOptions);
  const model = tampered(plain.pipeline, '');
  await duckTable('', '');
  reference = await engine.columns(pipelineScoringSql(model, { table: 'transactions' }).sql);
});
afterAll(() => engine?.close());

describe('score.sql runs nothing but the query, whatever the names (DuckDB)', () => {
  it('hostile CSV column names and category values: same labels as in-process scoring', async () => {
    let checked = 0;
    for (const h of hostileCorpus(17, 6)) {
      const c = columnsFor(h);
      const records = ROWS.map((r) => ({
        [c.customerId]: r.id,
        [c.date]: r.day,
        [c.amount]: r.amount,
        [c.orderId]: r.invoice,
        [c.category]: `${r.category}${h}`,
      }));
      const tx = await loadTransactions(records, { engine, map: c });
      const fit = await fitPipeline(tx, fitOptions);
      await duckTable(h, h);
      const script = scoringSqlText(fit.pipeline, {
        dialect: duckdbDialect,
        table: 'transactions',
      });
      const scored = await engine.columns(script);
      expect(await sentinelExists(), JSON.stringify(h)).toBe(true);
      const columns = pipelineScoringSql(fit.pipeline).columns;
      expect(getColumn(scored, 'customer_id')).toEqual(getColumn(fit.cohorts, 'customer_id'));
      for (const name of columns) {
        const expected = fit.cohorts[name];
        if (expected === undefined) continue;
        const actual = getColumn(scored, name) as ArrayLike<unknown>;
        if (isNumericColumn(expected)) {
          const d = numericDiff(expected, actual);
          expect(d.missingMismatch, `${name} ${JSON.stringify(h)}`).toBe(0);
          // Exact but for the distance (a square root summed in another order), as in
          // test/reliability/sql-property.test.ts.
          const tolerance = name === 'cluster_distance' ? 1e-9 : 0;
          expect(d.maxAbs, `${name} ${JSON.stringify(h)}`).toBeLessThanOrEqual(tolerance);
        } else {
          expect(labelMismatches(expected, actual), `${name} ${JSON.stringify(h)}`).toEqual([]);
        }
      }
      checked++;
    }
    expect(checked).toBe(hostileCorpus(17, 6).length);
  }, 120_000);

  it('a tampered model.json (names, labels, categories): the plain query with renamed labels', async () => {
    for (const h of hostileCorpus(1717, 12)) {
      await duckTable(h, h);
      const model = tampered(plain.pipeline, h);
      const script = scoringSqlText(model, { dialect: duckdbDialect, table: 'transactions' });
      const scored = await engine.columns(script);
      expect(await sentinelExists(), JSON.stringify(h)).toBe(true);
      const columns = pipelineScoringSql(model).columns;
      expect(differences(scored, columns, h, 0), JSON.stringify(h)).toEqual([]);
    }
  }, 120_000);

  it('cohortlab sql --model tampered.json: the script it prints runs only the query', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-hostile-'));
    for (const [i, h] of hostileCorpus(1719, 4).entries()) {
      await duckTable(h, h);
      const file = join(dir, `model-${i}.json`);
      writeFileSync(file, pipelineModelText(tampered(plain.pipeline, h)));
      expect(await cli('sql', '--model', file)).toBe(0);
      const scored = await engine.columns(io.stdout);
      expect(await sentinelExists(), JSON.stringify(h)).toBe(true);
      const columns = pipelineScoringSql(tampered(plain.pipeline, h)).columns;
      expect(differences(scored, columns, h, 0), JSON.stringify(h)).toEqual([]);
    }
  }, 120_000);

  it('a NUL in a name, label or category is refused with a typed error in both dialects', () => {
    for (const dialect of [duckdbDialect, clickhouseDialect] as SqlDialect[]) {
      for (const h of ['\u0000', 'a\u0000; DROP TABLE sentinel; --']) {
        let caught: unknown;
        try {
          scoringSqlText(tampered(plain.pipeline, h), { dialect, table: 'transactions' });
        } catch (error) {
          caught = error;
        }
        expect(isCohortlabError(caught, 'INVALID_INPUT'), dialect.name).toBe(true);
        expect((caught as Error).message).toContain('NUL');
        expect((caught as Error).message).not.toContain('\u0000');
      }
    }
  });
});

/** Runs a script as the ClickHouse client does (`--multiquery`): every statement in it. */
function clickhouseClient(server: ClickHouseServer, script: string): string {
  const run = spawnSync(
    'clickhouse-client',
    [
      '--host=127.0.0.1',
      `--port=${server.ports.tcp}`,
      '--multiquery',
      '--format=JSONCompact',
      '--output_format_json_quote_64bit_integers=0',
    ],
    { input: script, encoding: 'utf8', timeout: 60_000 },
  );
  if (run.status !== 0) throw new Error(`clickhouse-client: ${run.stderr}`);
  return run.stdout;
}

const hasClient = spawnSync('sh', ['-c', 'command -v clickhouse-client']).status === 0;

describe.skipIf(CLICKHOUSE_SERVER === undefined || !hasClient)(
  'score.sql runs nothing but the query, whatever the names (ClickHouse 18.16, --multiquery)',
  () => {
    let cluster: ClickHouseCluster;
    let server: ClickHouseServer;
    beforeAll(async () => {
      cluster = await startClickHouse(1);
      server = cluster.servers[0] as ClickHouseServer;
    }, 90_000);
    afterAll(async () => cluster?.stop());

    it('a tampered model.json: the plain query with renamed labels; the sentinel survives', async () => {
      const d = clickhouseDialect;
      for (const h of hostileCorpus(1718, 12)) {
        const c = columnsFor(h);
        await server.query(`DROP TABLE IF EXISTS ${SENTINEL}`);
        await server.query(`CREATE TABLE ${SENTINEL} (v UInt8) ENGINE = Memory`);
        await server.query('DROP TABLE IF EXISTS transactions');
        await server.query(
          `CREATE TABLE transactions (${d.quoteIdentifier(c.customerId)} String, ${d.quoteIdentifier(c.date)} Date, ${d.quoteIdentifier(c.amount)} Float64, ${d.quoteIdentifier(c.orderId)} String, ${d.quoteIdentifier(c.category)} String) ENGINE = Memory`,
        );
        const values = ROWS.map(
          (r) =>
            `(${d.stringLiteral(r.id)}, ${d.dateLiteral(r.day)}, ${r.amount}, ${d.stringLiteral(r.invoice)}, ${d.stringLiteral(r.category + h)})`,
        );
        await server.query(`INSERT INTO transactions VALUES ${values.join(', ')}`);
        const model = tampered(plain.pipeline, h);
        const out = clickhouseClient(
          server,
          scoringSqlText(model, { dialect: d, table: 'transactions' }),
        );
        const tables = (await server.query('SHOW TABLES')).trim().split('\n');
        expect(tables, JSON.stringify(h)).toContain(SENTINEL);
        const columns = pipelineScoringSql(model, { dialect: d }).columns;
        expect(differences(jsonColumns(out), columns, h, 1e-9), JSON.stringify(h)).toEqual([]);
      }
    }, 180_000);
  },
);

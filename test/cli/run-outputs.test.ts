import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { schemeMigration } from '../../src/dynamics/scheme-migration.js';
import { snapshots } from '../../src/dynamics/snapshots.js';
import { registerTable } from '../../src/export/parquet.js';
import { BgNbd } from '../../src/predict/bg-nbd/bg-nbd.js';
import { rfmSummary } from '../../src/predict/bg-nbd/rfm-summary.js';
import { captureOutput, cli, FIXTURE_MAP, io, parseCsv, SEMICOLON, tempDir } from './helpers.js';

captureOutput();

// One run of the main job on CDNOW with every new output: report.html, score.sql,
// migration.json (quarterly snapshots) and the BG/NBD columns.
let out: string;
let header: string[];
let rows: string[][];
let engine: Engine;
let tx: Transactions;
const col = (name: string): string[] => {
  const j = header.indexOf(name);
  expect(j, name).toBeGreaterThanOrEqual(0);
  return rows.map((r) => r[j] as string);
};

beforeAll(async () => {
  out = join(tempDir(), 'out');
  expect(await cli('run', '--out', out, '--snapshots', 'quarter', '-q')).toBe(0);
  [header, ...rows] = parseCsv(readFileSync(join(out, 'cohorts.csv'), 'utf8')) as [
    string[],
    ...string[][],
  ];
  engine = await Engine.open();
  tx = await loadTransactions('data/cdnow_master.txt', {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
}, 240_000);

afterAll(() => engine?.close());

/** The figure specs embedded in a report, in order. */
function figures(html: string): { data: { type?: string; x?: unknown[] }[]; layout?: object }[] {
  const specs = [
    ...html.matchAll(/<script type="application\/json" id="fig-\d+-spec">(.*?)<\/script>/gs),
  ];
  return specs.map((m) => JSON.parse(m[1] as string) as { data: { type?: string }[] });
}

describe('report.html of a CDNOW run with --snapshots quarter', () => {
  it('has every section, 21 figures and plotly.js inlined once', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const sections = [...html.matchAll(/<section id="[^"]*">\n<h2>([^<]*)<\/h2>/g)].map(
      (m) => m[1],
    );
    expect(sections).toEqual([
      // CDNOW's 68 customers whose every order is $0 (NO_PURCHASES) and its one repeat buyer
      // whose repeat purchases are free items (ROWS_DROPPED).
      'Warnings',
      'Data quality',
      'Features',
      'Predefined classes',
      'Choosing k',
      'Clusters',
      'Classes vs clusters',
      'Rules that explain the clusters',
      'Purchase likelihood',
      'Customer dynamics',
      'Value ahead and acquisition cohorts',
    ]);
    const figs = figures(html);
    // classes: Pareto + RFM grid; k: elbow + metrics; clusters: radar, parallel, heatmap,
    // PCA; 3 schemes × (contingency + Sankey); rules; dynamics: 3 Sankeys; value: retention
    // heatmap, cumulative repeat purchases, expected purchases and P(alive) heatmaps.
    expect(figs).toHaveLength(2 + 2 + 4 + 6 + 1 + 3 + 4);
    const types = figs.map((f) => f.data[0]?.type);
    expect(types.filter((t) => t === 'sankey')).toHaveLength(6);
    expect(types.filter((t) => t === 'scatterpolar')).toHaveLength(1);
    expect(types.filter((t) => t === 'parcoords')).toHaveLength(1);
    // The PCA scatter draws a seeded sample of 5,000 customers.
    const pca = figs.find((f) => JSON.stringify(f.layout).includes('principal components'))!;
    // (Legend-only traces hold a single null.)
    const drawn = pca.data.filter((t) => t.x?.[0] !== null);
    expect(drawn.reduce((s, t) => s + (t.x?.length ?? 0), 0)).toBe(5000);
    // plotly.js inlined once: two plain scripts (the library and the renderer).
    expect([...html.matchAll(/<script>\n/g)]).toHaveLength(2);
    expect(html).toContain('Rules that explain the clusters');
    expect(html.length).toBeGreaterThan(5e6);
  });
});

describe('migration.json', () => {
  it('matches schemeMigration of quarterly snapshots with fixed thresholds', async () => {
    const doc = JSON.parse(readFileSync(join(out, 'migration.json'), 'utf8')) as {
      snapshots: string[];
      customers: number[];
      schemes: Record<
        string,
        {
          rows: string[];
          columns: string[];
          counts: number[][];
          total: number;
          rates: { upgradeRate: number; downgradeRate: number; retentionRate: number };
          steps: { from: string; to: string; counts: number[][] }[];
        }
      >;
      clusters: { counts: number[][]; total: number };
    };
    expect(doc.snapshots).toEqual([
      '1997-04-01',
      '1997-07-01',
      '1997-10-01',
      '1998-01-01',
      '1998-04-01',
      '1998-07-01',
    ]);
    expect(doc.customers.at(-1)).toBe(23_570);
    const series = await snapshots(tx, { every: 'quarter', models: 'fixed' });
    const keys = { rfm_segment: 'rfm', value_tier: 'valueTiers', lifecycle: 'lifecycle' } as const;
    expect(Object.keys(doc.schemes)).toEqual(Object.keys(keys));
    for (const [column, scheme] of Object.entries(keys)) {
      const got = doc.schemes[column]!;
      const sum = got.counts.flat().reduce((s, v) => s + v, 0);
      expect(sum).toBe(23_570);
      expect(got.total).toBe(23_570);
      const expected = schemeMigration(series, scheme);
      expect(got.rows).toEqual(expected.rows);
      expect(got.columns).toEqual(expected.columns);
      expect(got.counts).toEqual(expected.counts);
      expect(got.rates.upgradeRate).toBe(expected.rates!.upgradeRate);
      expect(got.rates.downgradeRate).toBe(expected.rates!.downgradeRate);
      expect(got.rates.retentionRate).toBe(expected.rates!.retentionRate);
      expect(got.steps).toHaveLength(5);
      expect(got.steps[2]!.counts).toEqual(
        schemeMigration(series, scheme, { from: 2, to: 3 }).counts,
      );
    }
    // Clusters: the customers with purchases at either snapshot (the 68 whose every order is
    // $0 bought nothing, and are never clustered).
    expect(doc.clusters.counts.flat().reduce((s, v) => s + v, 0)).toBe(doc.clusters.total);
    expect(doc.clusters.total).toBe(23_570 - 68);
  });
});

describe('BG/NBD columns', () => {
  it('equal a BgNbd fitted on the week summary; score reproduces them', async () => {
    const summary = await rfmSummary(tx, { unit: 'week' });
    const model = new BgNbd().fit(summary);
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
      bgNbd: { horizonWeeks: number; model: { state: { r: number; alpha: number } } };
    };
    expect(saved.bgNbd.horizonWeeks).toBe(52);
    expect(saved.bgNbd.model.state.r).toBe(model.state.r);
    expect(saved.bgNbd.model.state.alpha).toBe(model.state.alpha);
    // The paper's parameters on the full 78 weeks are not the 39-week ones; just sane.
    expect(model.state.r).toBeGreaterThan(0.1);
    const alive = model.predictAlive(summary);
    const expected = model.predictPurchases(52, summary);
    const ids = col('customer_id');
    const pAlive = col('p_alive');
    const purchases = col('expected_purchases_52w');
    const frequency = col('frequency');
    const at = new Map(summary.customerId.map((id, i) => [id, i]));
    let compared = 0;
    ids.forEach((id, i) => {
      const j = at.get(id);
      // Customers without an order of positive value get no BG/NBD figures.
      if (j === undefined || Number(frequency[i]) === 0) {
        expect(pAlive[i]).toBe('');
        return;
      }
      const p = Number(pAlive[i]);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(p).toBe(alive[j]);
      expect(Number(purchases[i])).toBe(expected[j]);
      compared++;
    });
    expect(compared).toBe(23_570 - 68);

    const scored = join(tempDir(), 'scored.csv');
    const args = ['score', '--model', join(out, 'model.json')];
    expect(
      await cli(...args, '--transactions', 'data/cdnow_master.txt', '--out', scored, '-q'),
    ).toBe(0);
    const again = parseCsv(readFileSync(scored, 'utf8'));
    const h = again[0]!;
    for (const name of ['customer_id', 'p_alive', 'expected_purchases_52w']) {
      expect(again.slice(1).map((r) => r[h.indexOf(name)])).toEqual(col(name));
    }
  });
});

describe('score.sql and cohortlab sql', () => {
  it('cohortlab sql writes the run’s score.sql; ClickHouse is another dialect', async () => {
    const model = join(out, 'model.json');
    const file = join(tempDir(), 'q.sql');
    expect(await cli('sql', '--model', model, '--out', file)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(out, 'score.sql'), 'utf8'));
    expect(await cli('sql', '--model', model)).toBe(0);
    expect(io.stdout).toBe(readFileSync(join(out, 'score.sql'), 'utf8'));
    expect(await cli('sql', '--model', model, '--dialect', 'clickhouse', '--table', 'sales')).toBe(
      0,
    );
    expect(io.stdout).toMatch(/^-- cohortlab scoring query \(clickhouse\)/);
    expect(io.stdout).toContain('FROM sales');
    expect(io.stdout).not.toBe(readFileSync(join(out, 'score.sql'), 'utf8'));
  });

  it('run in DuckDB over the raw CDNOW file, labels every customer as cohorts.csv', async () => {
    // The raw file, parsed here (whitespace-separated), under its own column names.
    const lines = readFileSync('data/cdnow_master.txt', 'utf8').trim().split('\n').slice(1);
    const cells = lines.map((l) => l.trim().split(/\s+/));
    const raw = {
      customer_id: cells.map((c) => c[0] as string),
      date: cells.map((c) => `${c[1]!.slice(0, 4)}-${c[1]!.slice(4, 6)}-${c[1]!.slice(6, 8)}`),
      dollar_value: Float64Array.from(cells, (c) => Number(c[3])),
    };
    const name = await registerTable(engine, raw);
    await engine.run(
      `CREATE TABLE transactions AS SELECT customer_id, CAST(date AS DATE) AS date, dollar_value FROM ${name}`,
    );
    const sql = readFileSync(join(out, 'score.sql'), 'utf8');
    const scored = await engine.columns(sql.trim().replace(/;$/, ''));
    expect(Array.from(scored['customer_id'] as string[])).toEqual(col('customer_id'));
    for (const label of ['rfm_segment', 'value_tier', 'lifecycle', 'cluster_name']) {
      const expected = col(label);
      // NULL in SQL is an empty cell in the CSV (the non-buyers' cluster name).
      const mismatches = (scored[label] as (string | null)[]).filter(
        (v, i) => (v ?? '') !== expected[i],
      );
      expect({ label, mismatches: mismatches.length }).toEqual({ label, mismatches: 0 });
    }
    const cell = (v: number): string => (Number.isNaN(v) ? '' : String(v));
    const cluster = col('cluster');
    expect(Array.from(scored['cluster'] as Float64Array, cell)).toEqual(cluster);
    expect(cluster.filter((c) => c === '')).toHaveLength(68);
    const distance = col('cluster_distance');
    let worst = 0;
    (scored['cluster_distance'] as Float64Array).forEach((d, i) => {
      if (distance[i] === '') expect(d).toBeNaN();
      else worst = Math.max(worst, Math.abs(d - Number(distance[i])));
    });
    expect(worst).toBeLessThanOrEqual(1e-9);
  });
});

describe('bad values of the new options', () => {
  it('exit 2 with one line and nothing written', async () => {
    const dir = tempDir();
    const target = join(dir, 'out');
    const notModel = join(dir, 'not-model.json');
    writeFileSync(notModel, '{"format": "other"}');
    const cases: [string[], string][] = [
      [
        ['run', '--snapshots', 'weekly'],
        'cohortlab: --snapshots needs month, quarter or dates like 1997-07-01,1998-01-01, got "weekly"\n',
      ],
      [
        ['run', '--snapshots', '1997-02-30,1998-01-01'],
        'cohortlab: --snapshots needs month, quarter or dates like 1997-07-01,1998-01-01, got "1997-02-30"\n',
      ],
      [
        ['run', '--snapshots', '1997-07-01'],
        'cohortlab: --snapshots needs at least two different dates\n',
      ],
      [
        ['run', '--bgnbd-weeks', '0'],
        'cohortlab: --bgnbd-weeks needs a whole number ≥ 1, got "0"\n',
      ],
      [
        ['run', '--bgnbd-weeks', '10', '--no-bgnbd'],
        'cohortlab: --bgnbd-weeks cannot be combined with --no-bgnbd\n',
      ],
      [['run', '--no-report=yes'], "cohortlab: Option '--no-report' does not take an argument\n"],
      [['sql'], 'cohortlab: sql needs --model FILE\n'],
      [
        ['sql', '--model', join(out, 'model.json'), '--dialect', 'oracle'],
        'cohortlab: --dialect must be duckdb or clickhouse, got "oracle"\n',
      ],
      [
        ['sql', '--model', join(out, 'model.json'), '--table', 'x; DROP TABLE y'],
        'cohortlab: --table needs a table name or subquery, got "x; DROP TABLE y"\n',
      ],
      [
        ['sql', '--model', join(dir, 'none.json')],
        `cohortlab: ${join(dir, 'none.json')}: model file not found\n`,
      ],
      [
        ['sql', '--model', notModel, '--out', join(target, 'q.sql')],
        `cohortlab: ${notModel}: not a cohortlab pipeline model (format must be "cohortlab-pipeline")\n`,
      ],
    ];
    for (const [args, message] of cases) {
      const withOut = args[0] === 'run' ? [...args, '--out', target] : args;
      expect(await cli(...withOut), args.join(' ')).toBe(2);
      expect(io.stderr).toBe(message);
      expect(io.stdout).toBe('');
      expect(existsSync(target)).toBe(false);
    }
    // Found only once the data is read: one month start in a month of data.
    const fixture = ['run', '--transactions', SEMICOLON, '--map', FIXTURE_MAP, '--out', target];
    expect(await cli(...fixture, '--snapshots', 'month', '-q')).toBe(2);
    expect(io.stderr).toBe(
      'cohortlab: --snapshots gives 1 snapshot (2024-02-01); migration needs two or more\n',
    );
    expect(existsSync(target)).toBe(false);
  });
});

describe('score.sql with quantity × price and spend shares', () => {
  it('records the share categories in the model and reproduces every column', async () => {
    const target = join(tempDir(), 'out');
    const map = 'id=id,date=date,quantity=qty,price=price,category=category';
    const file = 'test/fixtures/data/quantity-price.csv';
    const args = ['run', '--transactions', file, '--map', map, '--out', target];
    expect(await cli(...args, '--no-report', '-q')).toBe(0);
    expect(existsSync(join(target, 'report.html'))).toBe(false);
    const model = JSON.parse(readFileSync(join(target, 'model.json'), 'utf8')) as {
      features: { categories: string[] };
    };
    expect(model.features.categories).toEqual(['books', 'music']);
    const [head, ...body] = parseCsv(readFileSync(join(target, 'cohorts.csv'), 'utf8'));
    await engine.run(
      `CREATE TABLE qp AS SELECT id, CAST(strptime(CAST(date AS VARCHAR), '%Y%m%d') AS DATE) AS date,
         qty, price, category FROM read_csv('${file}', header = true, all_varchar = true)`,
    );
    const sql = readFileSync(join(target, 'score.sql'), 'utf8').replace(
      /\bFROM transactions\b/g,
      'FROM qp',
    );
    const scored = await engine.columns(sql.trim().replace(/;$/, ''));
    const names = Object.keys(scored);
    expect(names).toContain('share_books');
    expect(names).toContain('lifecycle');
    for (const name of names) {
      const j = head!.indexOf(name);
      expect(j, name).toBeGreaterThanOrEqual(0);
      const got = Array.from(scored[name] as ArrayLike<unknown>, (v) =>
        v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v),
      );
      expect(got, name).toEqual(body.map((r) => r[j]));
    }
  });
});

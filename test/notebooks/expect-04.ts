/**
 * Checks of notebook 04 (export labelled cohorts, save and reload the model, score new customers,
 * score in SQL): every file it wrote is compared with the library's own output for an
 * independent fit of the same pipeline, and with counts made here.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { loadTransactions } from '../../src/data/transactions.js';
import { toCsv } from '../../src/export/csv.js';
import { toJson, toNdjson } from '../../src/export/json.js';
import { fitPipeline } from '../../src/pipeline/fit-pipeline.js';
import { loadPipelineModel } from '../../src/pipeline/load.js';
import { pipelineModelText } from '../../src/pipeline/model-json.js';
import { scoreCustomers } from '../../src/pipeline/score.js';
import { duckdbDialect } from '../../src/sql/dialects/duckdb.js';
import { scoringSql, type ScoringParts } from '../../src/sql/scoring.js';
import { getNumeric, getText, takeRows, type ColumnTable } from '../../src/table/column-table.js';
import { formatCell } from '../../src/util/text-table.js';
import { bodyRows, countBy, figuresOf, headerCells, tablesOf } from './outputs.js';
import { displaysOf, stdoutOf, type NotebookRun } from './tslab-runner.js';

const LABELS = ['rfm_segment', 'value_tier', 'lifecycle', 'cluster_name'];

/** Row indices of `table` whose `column` equals `value`, counted here. */
function rowsWhere(table: ColumnTable, column: string, value: string | null): number[] {
  const values = getText(table, column);
  return values.flatMap((v, i) => (v === value ? [i] : []));
}

/** Checks notebook 04's outputs and files, then removes its output folder. */
export async function checkExportNotebook(run: NotebookRun, root: string): Promise<void> {
  const outDir = run.locals['outDir'] as string;
  expect(outDir).toMatch(/cohortlab-04-/);
  try {
    await checkOutputs(run, root, outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function checkOutputs({ notebook, locals }: NotebookRun, root: string, outDir: string) {
  const text = stdoutOf(notebook);
  const html = displaysOf(notebook, 'text/html');
  const tables = tablesOf(html);
  // One figure: the exported clusters' z-score heatmap.
  const figures = figuresOf(html);
  expect(figures.map((traces) => traces.map((t) => t.type))).toEqual([['heatmap']]);
  expect(tables).toHaveLength(7);
  expect(html).toHaveLength(8);

  // The same pipeline fitted here: the notebook's model file is byte for byte the library's.
  const tx = await loadTransactions(path.join(root, 'data/cdnow_master.txt'), {
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  const fit = await fitPipeline(tx, { seed: 0 });
  const cohorts = fit.cohorts;
  const zs = (values: number[]): number[] => values.map((v) => Number(v.toFixed(9))).sort();
  expect(zs((figures[0]?.[0]?.z ?? []).flat())).toEqual(
    zs((fit.clusters?.profiles ?? []).flatMap((p) => Object.values(p.features).map((f) => f.z))),
  );
  const modelFile = path.join(outDir, 'model.json');
  expect(readFileSync(modelFile, 'utf8')).toBe(pipelineModelText(fit.pipeline));
  expect(JSON.parse(readFileSync(modelFile, 'utf8'))).toMatchObject({
    format: 'cohortlab-pipeline',
    version: '1.0.0',
  });
  expect(text).toContain('as of 1998-07-01: 23570 customers, k = 2');
  expect(text).toContain('cluster 0 "recent frequent high spenders": 7935 customers');
  expect(text).toContain('cluster 1 "lapsed customers": 15567 customers');
  expect(text).toContain(
    `rules explaining the clusters: fidelity ${((fit.surrogate?.fidelity ?? 0) * 100).toFixed(1)} %`,
  );
  expect(bodyRows(tables[0] as string)[0]?.slice(0, 4)).toEqual(['00001', '546', '1', '11.77']);

  // Whole-table files: exactly the library's encodings of the same table.
  const file = (name: string): string => readFileSync(path.join(outDir, name), 'utf8');
  const csv = file('cohorts.csv');
  expect(csv).toBe(toCsv(cohorts));
  expect(file('cohorts.json')).toBe(toJson(cohorts));
  expect(file('cohorts.ndjson')).toBe(toNdjson(cohorts));
  // …and the CSV read by hand: 23,570 rows whose spend adds up to CDNOW's revenue.
  expect(csv).not.toContain('"');
  const lines = csv.split('\r\n').filter((line) => line !== '');
  const header = (lines[0] as string).split(',');
  expect(header).toEqual(Object.keys(cohorts));
  expect(lines).toHaveLength(23_571);
  const monetary = header.indexOf('monetary');
  const revenue = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[monetary]), 0);
  expect(revenue).toBeCloseTo(2_500_315.63, 2);
  // "About a sixth of the CSV".
  const parquetShare =
    statSync(path.join(outDir, 'cohorts.parquet')).size /
    statSync(path.join(outDir, 'cohorts.csv')).size;
  expect(parquetShare).toBeGreaterThan(1 / 7.5);
  expect(parquetShare).toBeLessThan(1 / 5);
  // Parquet, read back with DuckDB: every column as in the table (NaN ↔ NULL).
  const parquet = await tx.engine.columns(
    `SELECT * FROM read_parquet('${path.join(outDir, 'cohorts.parquet')}')`,
  );
  expect(Object.keys(parquet)).toEqual(Object.keys(cohorts));
  for (const column of Object.keys(cohorts)) {
    expect(Array.from(parquet[column] as ArrayLike<unknown>), column).toEqual(
      Array.from(cohorts[column] as ArrayLike<unknown>),
    );
  }

  // One file per cluster and format, and one for the 68 customers without a cluster (every
  // order $0); the parts counted here.
  const sizes = countBy(getText(cohorts, 'cluster_name'));
  expect([...sizes].sort()).toEqual([
    [null, 68],
    ['lapsed customers', 15_567],
    ['recent frequent high spenders', 7935],
  ]);
  const slugs = ['lapsed-customers', 'missing', 'recent-frequent-high-spenders'];
  const formats = ['csv', 'parquet', 'json', 'ndjson'];
  expect(readdirSync(path.join(outDir, 'cohorts')).sort()).toEqual(
    slugs.flatMap((slug) => formats.map((f) => `${slug}.${f}`)).sort(),
  );
  for (const [slug, name] of [
    ['lapsed-customers', 'lapsed customers'],
    ['recent-frequent-high-spenders', 'recent frequent high spenders'],
    ['missing', null],
  ] as const) {
    const part = takeRows(cohorts, rowsWhere(cohorts, 'cluster_name', name));
    expect(file(`cohorts/${slug}.csv`)).toBe(toCsv(part));
    expect(file(`cohorts/${slug}.ndjson`)).toBe(toNdjson(part));
  }
  // The table of files: paths, rows and sizes as on disk.
  const written = [
    ...formats.map((f) => `cohorts.${f}`),
    // Parts in label order, the customers without a cluster last.
    ...['lapsed-customers', 'recent-frequent-high-spenders', 'missing'].flatMap((slug) =>
      formats.map((f) => `cohorts/${slug}.${f}`),
    ),
  ];
  const partRows = (name: string): number =>
    name.startsWith('cohorts/lapsed')
      ? 15_567
      : name.startsWith('cohorts/missing')
        ? 68
        : name.startsWith('cohorts/')
          ? 7935
          : 23_570;
  expect(bodyRows(tables[1] as string)).toEqual(
    written.map((name) => [
      name,
      formatCell(partRows(name)),
      formatCell(statSync(path.join(outDir, name)).size / 1024, 0),
    ]),
  );
  // Parquet summary per cluster: customers and revenue summed here.
  const money = getNumeric(cohorts, 'monetary');
  expect(bodyRows(tables[2] as string)).toEqual(
    ['lapsed customers', 'recent frequent high spenders', null].map((name) => {
      const rows = rowsWhere(cohorts, 'cluster_name', name);
      const sum = rows.reduce((s, i) => s + (money[i] as number), 0);
      const shown = name ?? 'no cluster (no purchases)';
      return [shown, formatCell(rows.length), formatCell(Math.round(sum * 100) / 100)];
    }),
  );

  // Win-back list: A customers at risk, selected here by hand.
  const tiers = getText(cohorts, 'value_tier');
  const stages = getText(cohorts, 'lifecycle');
  const winBack = tiers.flatMap((t, i) => (t === 'A' && stages[i] === 'at-risk' ? [i] : []));
  expect(winBack).toHaveLength(139);
  expect(Array.from(locals['winBackRows'] as Int32Array)).toEqual(winBack);
  // At risk means silent for more than the at-risk and at most the churn threshold (days).
  const recency = getNumeric(cohorts, 'recency_days');
  expect(winBack.every((i) => (recency[i] as number) > 174 && (recency[i] as number) <= 358)).toBe(
    true,
  );
  const winBackRevenue = winBack.reduce((s, i) => s + (money[i] as number), 0);
  const share = (winBackRevenue / Array.from(money).reduce((s, v) => s + v, 0)) * 100;
  expect(text).toContain(`win-back list: 139 customers (0.6 %), ${share.toFixed(1)} % of revenue`);
  expect(file('win-back.csv')).toBe(toCsv(takeRows(cohorts, winBack)));
  const topTen = [...winBack].sort((i, j) => (money[j] as number) - (money[i] as number));
  const ids = getText(cohorts, 'customer_id');
  expect(bodyRows(tables[3] as string).map((r) => r[0])).toEqual(
    topTen.slice(0, 10).map((i) => ids[i]),
  );
  expect(bodyRows(tables[3] as string)[0]?.slice(0, 4)).toEqual(['00586', '225', '33', '2,849.64']);

  // The reloaded model labels the training customers as the fit did.
  for (const column of LABELS) {
    expect(text).toContain(`${column}: 23570 of 23570 the same`);
  }

  // New customers: the library's scoring of the same orders with the saved model file.
  const model = loadPipelineModel(modelFile);
  const newOrders = locals['newOrders'] as Record<string, unknown>[];
  const newTx = await loadTransactions(newOrders, { map: model.config.mapping });
  const scored = (await scoreCustomers(model, newTx, { asOf: '1998-07-01' })).cohorts;
  const newRows = bodyRows(tables[4] as string);
  expect(headerCells(tables[4] as string)).toEqual([
    'customer_id',
    'recency_days',
    'frequency',
    'monetary',
    'tenure_days',
    'rfm_cell',
    'rfm_segment',
    'value_tier',
    'lifecycle',
    'cluster_name',
  ]);
  expect(newRows.map((r) => [r[0], ...r.slice(6)])).toEqual(
    getText(scored, 'customer_id').map((id, i) => [
      id,
      ...['rfm_segment', 'value_tier', 'lifecycle', 'cluster_name'].map(
        (c) => getText(scored, c)[i],
      ),
    ]),
  );
  // By hand: spend nets the return, recency and frequency count days, N001 is an A customer.
  expect(newRows.map((r) => r.slice(0, 4))).toEqual([
    ['N001', '6', '4', formatCell(120.5 + 89.99 + 145 + 60.25)],
    ['N002', '11', '1', '14.99'],
    ['N003', '458', '2', '57.50'],
    ['N004', '170', '2', '79'],
    ['N005', '61', '1', '40'],
  ]);
  const minA = Math.min(...tiers.flatMap((t, i) => (t === 'A' ? [money[i] as number] : [])));
  expect(415.74).toBeGreaterThanOrEqual(minA);
  expect(newRows.map((r) => r[8])).toEqual(['active', 'new', 'churned', 'active', 'new']);

  // SQL: the query file is the library's for the reloaded model, and its labels are the fit's.
  const c = model.clustering;
  if (c === undefined) throw new Error('the model has no clustering');
  const parts: ScoringParts = {
    features: {
      asOf: '1998-07-01',
      windows: [],
      columns: { customerId: 'customer', date: 'sold_at', amount: 'revenue' },
    },
    ...(model.rfm ? { rfm: model.rfm } : {}),
    ...(model.valueTiers ? { valueTiers: model.valueTiers } : {}),
    ...(model.lifecycle ? { lifecycle: model.lifecycle } : {}),
    scaler: c.scaler,
    kmeans: c.kmeans,
    clusterFeatures: c.features,
    clusterNames: c.names,
    tree: c.tree,
    treeOutput: 'rule_cluster',
  };
  const query = scoringSql(parts, { table: 'sales', dialect: duckdbDialect });
  expect(file('scoring.sql')).toBe(`${query.sql}\n`);
  const sqlScores = locals['warehouseScores'] as ColumnTable;
  expect(sqlScores['customer_id']).toEqual(cohorts['customer_id']);
  for (const column of LABELS) {
    expect(sqlScores[column], column).toEqual(cohorts[column]);
  }
  const distance = getNumeric(cohorts, 'cluster_distance');
  const sqlDistance = getNumeric(sqlScores, 'cluster_distance');
  // No distance for the 68 customers without a cluster, on either side.
  expect(
    Array.from(distance, (d, i) => Number.isNaN(d) !== Number.isNaN(sqlDistance[i])),
  ).not.toContain(true);
  expect(
    Math.max(
      ...Array.from(distance, (d, i) =>
        Number.isNaN(d) ? 0 : Math.abs(d - (sqlDistance[i] as number)),
      ),
    ),
  ).toBeLessThan(1e-9);
  expect(bodyRows(tables[5] as string)).toEqual(LABELS.map((c) => [c, '0']));
  // The rules' fidelity is over the clustered customers (not the 68 without a cluster).
  const rules = getText(sqlScores, 'rule_cluster');
  const names = getText(sqlScores, 'cluster_name');
  const clustered = names.flatMap((name, i) => (name === null ? [] : [i]));
  expect(clustered).toHaveLength(23_502);
  const agreement = clustered.filter((i) => rules[i] === names[i]).length / clustered.length;
  expect(agreement).toBeCloseTo(fit.surrogate?.fidelity ?? 0, 12);
  expect(text).toContain(
    `rule_cluster = cluster_name for ${(agreement * 100).toFixed(1)} % of clustered customers`,
  );
  // The new customers in SQL: the labels of scoreCustomers, every row marked the same.
  expect(bodyRows(tables[6] as string)).toEqual(
    getText(scored, 'customer_id').map((id, i) => [
      id,
      ...LABELS.map((col) => getText(scored, col)[i]),
      'yes',
    ]),
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { fitPipeline, type PipelineFit } from '../../src/pipeline/fit-pipeline.js';
import { pipelineFromJSON, pipelineModelText } from '../../src/pipeline/model-json.js';
import { pipelineScoringSql } from '../../src/pipeline/scoring-sql.js';
import { getNumeric, getText, type ColumnTable } from '../../src/table/column-table.js';
import { labelMismatches, numericDiff } from '../sql/helpers.js';

// Hand-made invoice lines with returns: what real retail files look like. Every figure below
// is worked out by hand from the rows, not read back from the code.
type Row = readonly [customer: string, date: string, amount: number, invoice: string];

const MAP = { customerId: 'customer', date: 'date', amount: 'amount', orderId: 'invoice' };
const AS_OF = '2024-07-01';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
});
afterAll(() => engine.close());

/** A deterministic base of ordinary buyers: `n` customers in two behaviours. */
function base(n: number): Row[] {
  const rows: Row[] = [];
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let c = 0; c < n; c++) {
    const id = `b${String(c).padStart(3, '0')}`;
    const loyal = c % 2 === 0;
    const orders = loyal ? 3 + Math.floor(next() * 4) : 1 + Math.floor(next() * 2);
    for (let o = 0; o < orders; o++) {
      const day = loyal ? 1 + Math.floor(next() * 60) : 200 + Math.floor(next() * 200);
      const date = new Date(Date.UTC(2024, 6, 1) - day * 86_400_000).toISOString().slice(0, 10);
      const amount = Math.round((loyal ? 40 + next() * 60 : 10 + next() * 20) * 100) / 100;
      rows.push([id, date, amount, `${id}-${o}`]);
    }
  }
  return rows;
}

async function fit(rows: readonly Row[], k: number | 'auto' = 'auto'): Promise<PipelineFit> {
  const tx = await loadTransactions(
    rows.map(([customer, date, amount, invoice]) => ({ customer, date, amount, invoice })),
    { engine, map: MAP },
  );
  return fitPipeline(tx, { asOf: AS_OF, k, seed: 0 });
}

function column(table: ColumnTable, name: string): (string | null)[] {
  return table[name] as (string | null)[];
}

/** Scores the same rows with the fitted pipeline's SQL, as a warehouse would. */
async function scoreInSql(rows: readonly Row[], f: PipelineFit): Promise<ColumnTable> {
  const values = rows.map(([c, d, a, i]) => `('${c}', DATE '${d}', ${a}, '${i}')`).join(',\n');
  await engine.run('DROP TABLE IF EXISTS transactions');
  await engine.run(
    `CREATE TABLE transactions (customer VARCHAR, date DATE, amount DECIMAL(18, 2), invoice VARCHAR)`,
  );
  await engine.run(`INSERT INTO transactions VALUES ${values}`);
  return engine.columns(pipelineScoringSql(f.pipeline).sql);
}

describe('return-only customers among buyers', () => {
  // r1: one order, fully returned (net 0); r2: only a refund; r3: two returns.
  const returns: Row[] = [
    ['r1', '2024-06-01', 50, 'r1-a'],
    ['r1', '2024-06-01', -50, 'r1-a'],
    ['r2', '2024-05-01', -504, 'r2-a'],
    ['r3', '2024-03-01', -20, 'r3-a'],
    ['r3', '2024-04-01', -5, 'r3-b'],
  ];
  const rows = [...base(60), ...returns];
  let f: PipelineFit;
  beforeAll(async () => {
    f = await fit(rows);
  }, 60_000);

  it('warns NO_PURCHASES with the count and the first id', () => {
    const w = f.warnings.filter((x) => x.code === 'NO_PURCHASES');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ count: 3, example: 'r1', stage: 'classes' });
    expect(w[0]?.message).toBe(
      '3 customers have transactions but no order of positive value (only returns or zero amounts); ' +
        'they are classed "No purchases" (RFM), "no purchases" (value tier) and "prospect" (lifecycle), ' +
        'and left out of the tier cut-points and the clustering',
    );
  });

  it('puts them in their own class in every scheme, never a tier, "active" or a cluster', () => {
    const ids = getText(f.cohorts, 'customer_id');
    const at = (id: string): number => ids.indexOf(id);
    for (const id of ['r1', 'r2', 'r3']) {
      const i = at(id);
      expect(column(f.cohorts, 'rfm_segment')[i]).toBe('No purchases');
      expect(column(f.cohorts, 'value_tier')[i]).toBe('no purchases');
      expect(column(f.cohorts, 'lifecycle')[i]).toBe('prospect');
      expect(column(f.cohorts, 'cluster_name')[i]).toBeNull();
      expect(getNumeric(f.cohorts, 'cluster')[i]).toBeNaN();
    }
    // Every customer is in exactly one class per scheme; only r1–r3 are non-buyers.
    for (const [name, label] of [
      ['rfm_segment', 'No purchases'],
      ['value_tier', 'no purchases'],
      ['lifecycle', 'prospect'],
    ] as const) {
      const labels = column(f.cohorts, name);
      expect(labels.every((l) => typeof l === 'string' && l !== '')).toBe(true);
      expect(labels.filter((l) => l === label)).toHaveLength(3);
    }
    expect(f.clusters?.labels.filter((c) => c >= 0)).toHaveLength(60);
  });

  it('cuts the tiers among the 60 buyers only (3 A = 5 %, 9 B = next 15 %)', () => {
    const tiers = column(f.cohorts, 'value_tier');
    const count = (t: string): number => tiers.filter((x) => x === t).length;
    expect(['A', 'B', 'C', 'no purchases'].map(count)).toEqual([3, 9, 48, 3]);
  });

  it('gives them no BG/NBD figures (NaN), while buyers get some', async () => {
    const tx = await loadTransactions(
      rows.map(([customer, date, amount, invoice]) => ({ customer, date, amount, invoice })),
      { engine, map: MAP },
    );
    const g = await fitPipeline(tx, { asOf: AS_OF, seed: 0, bgNbdWeeks: 52 });
    const ids = getText(g.cohorts, 'customer_id');
    const alive = getNumeric(g.cohorts, 'p_alive');
    const expected = getNumeric(g.cohorts, 'expected_purchases_52w');
    for (const id of ['r1', 'r2', 'r3']) {
      expect(alive[ids.indexOf(id)]).toBeNaN();
      expect(expected[ids.indexOf(id)]).toBeNaN();
    }
    expect(ids.filter((_, i) => Number.isFinite(alive[i]))).toHaveLength(60);
  }, 60_000);

  it('scores them the same way in SQL', async () => {
    const sql = await scoreInSql(rows, f);
    for (const name of ['rfm_segment', 'value_tier', 'lifecycle', 'cluster_name']) {
      expect(labelMismatches(column(f.cohorts, name), column(sql, name))).toEqual([]);
    }
  });
});

describe('every order a return, or every amount zero', () => {
  for (const [what, amount] of [
    ['all negative', -30],
    ['all zero', 0],
  ] as const) {
    it(`${what}: nobody is scored, tiered or clustered, and the warnings say why`, async () => {
      const rows: Row[] = ['a', 'b', 'c', 'd'].flatMap((id, j) => [
        [id, `2024-0${j + 1}-10`, amount, `${id}-1`] as const,
        [id, `2024-0${j + 2}-10`, amount, `${id}-2`] as const,
      ]);
      const f = await fit(rows);
      expect(f.warnings.find((w) => w.code === 'NO_PURCHASES')).toMatchObject({
        count: 4,
        example: 'a',
      });
      const skipped = f.warnings.filter((w) => w.code === 'PART_SKIPPED').map((w) => w.message);
      expect(skipped).toContain(
        'RFM and value tiers skipped: no customer has an order of positive value',
      );
      expect(f.clusters).toBeUndefined();
      expect(f.pipeline.rfm).toBeUndefined();
      expect(f.pipeline.valueTiers).toBeUndefined();
      // Lifecycle, when fitted, calls them prospects — never "active".
      if (f.pipeline.lifecycle) {
        expect(new Set(column(f.cohorts, 'lifecycle'))).toEqual(new Set(['prospect']));
      }
    }, 60_000);
  }
});

describe('buyers with net refunds below −1', () => {
  // n1 and n2 bought once, then returned more than that order (an older purchase):
  // frequency 1, monetary −90 and −40 — buyers, with money no log1p can take.
  const refunds: Row[] = [
    ['n1', '2024-06-01', 10, 'n1-a'],
    ['n1', '2024-06-15', -100, 'n1-b'],
    ['n2', '2024-05-01', 20, 'n2-a'],
    ['n2', '2024-05-20', -60, 'n2-b'],
  ];
  const rows = [...base(40), ...refunds];
  let f: PipelineFit;
  beforeAll(async () => {
    f = await fit(rows, 2);
  }, 60_000);

  it('scales monetary with the signed log, says so, and keeps log1p for frequency', () => {
    const w = f.warnings.filter((x) => x.code === 'TRANSFORM_CHANGED');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ count: 2, example: 'n1: monetary -90', stage: 'clusters' });
    expect(w[0]?.message).toBe(
      'monetary: 2 customers have values ≤ −1 (net refunds), which log1p cannot take; monetary is scaled with the signed log sign(x)·log1p(|x|) instead, for every customer',
    );
    const steps = f.clusters?.scaler.steps.map(([name, t]) => [
      name,
      (t.toJSON() as { type: string }).type,
      (t.toJSON().state as { columns: string[] }).columns,
    ]);
    expect(steps).toEqual([
      ['log', 'Log1p', ['frequency']],
      ['signed-log', 'SignedLog1p', ['monetary']],
      ['scale', 'StandardScaler', ['recency_days', 'frequency', 'monetary']],
    ]);
    expect(f.clusters?.labels.filter((c) => c >= 0)).toHaveLength(42);
  });

  it('stores the signed log in the model JSON and restores the same labels', () => {
    const text = pipelineModelText(f.pipeline);
    expect(text).toContain('"SignedLog1p"');
    const restored = pipelineFromJSON(JSON.parse(text));
    const again = restored.label(f.features.table);
    expect(
      labelMismatches(column(again, 'cluster_name'), column(f.cohorts, 'cluster_name')),
    ).toEqual([]);
  });

  it('the scoring SQL applies the same signed log', async () => {
    const sql = await scoreInSql(rows, f);
    expect(labelMismatches(column(f.cohorts, 'cluster_name'), column(sql, 'cluster_name'))).toEqual(
      [],
    );
    const diff = numericDiff(
      getNumeric(f.cohorts, 'cluster_distance'),
      sql['cluster_distance'] as Float64Array,
    );
    expect(diff.missingMismatch).toBe(0);
    expect(diff.maxAbs).toBeLessThanOrEqual(1e-9);
  });
});

describe('one far outlier', () => {
  // 200 ordinary buyers and a whale: 40 orders of 5,000. One customer is 0.5 % of 201.
  const whale: Row[] = Array.from({ length: 40 }, (_, o) => [
    'whale',
    new Date(Date.UTC(2024, 5, 1) + o * 86_400_000).toISOString().slice(0, 10),
    5000,
    `w-${o}`,
  ]);
  const rows = [...base(200), ...whale];

  it('an automatic k never has a cluster below 1 % of the customers', async () => {
    const f = await fit(rows);
    const sizes = f.clusters?.profiles.map((p) => p.size) ?? [];
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(201);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2.01);
    expect(f.warnings.filter((w) => w.code === 'TINY_CLUSTER')).toEqual([]);
    const choice = f.clusters?.choice;
    // k = 3…6 each put the whale alone (silhouette and Davies–Bouldin would pick k = 3).
    expect(choice?.rows.map((r) => r.smallestCluster)).toEqual([100, 1, 1, 1, 1]);
    expect(choice?.excluded.map((e) => e.k)).toEqual([3, 4, 5, 6]);
    expect(f.clusters?.k).toBe(2);
    const weak = f.warnings.filter((w) => w.code === 'WEAK_CHOICE').map((w) => w.message);
    expect(weak).toEqual([
      'k = 2 was chosen by 1 of 5 criteria (gap); no other k passed the stability and cluster-size gates',
      'not chosen: k = 3 has a cluster of 1 (the minimum is 3), with 2 of 5 votes; ' +
        'k = 6 has a cluster of 1 (the minimum is 3), with 1 of 5 votes',
    ]);
  }, 120_000);

  it('a given k that isolates the whale returns TINY_CLUSTER naming it', async () => {
    const f = await fit(rows, 3);
    const whaleCluster = f.clusters?.labels[getText(f.cohorts, 'customer_id').indexOf('whale')];
    const own = f.clusters?.profiles.find((p) => p.cluster === whaleCluster);
    expect(own?.size).toBe(1);
    const w = f.warnings.filter((x) => x.code === 'TINY_CLUSTER');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ count: 1, example: own?.name, stage: 'clusters' });
    expect(w[0]?.message).toBe(
      `cluster ${whaleCluster} "${own?.name}" holds 1 of 201 customers (0.5 %), below the minimum of 1.0 % (k was given)`,
    );
  }, 60_000);
});

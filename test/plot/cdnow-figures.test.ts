import { beforeAll, describe, expect, it } from 'vitest';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { ColorScale, flowSankeyFigure, paretoFigure, rfmGridFigure } from '../../src/plot/index.js';
import { getNumeric, type ColumnTable } from '../../src/table/column-table.js';
import { traceOf } from './helpers.js';

// The one plot test on real data: CDNOW through the existing loaders and feature stage.
let table: ColumnTable;
beforeAll(async () => {
  const engine = await Engine.open();
  const tx = await loadTransactions('data/cdnow_master.txt', {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  table = (await customerFeatures(tx)).table;
  engine.close();
});

describe('figures on CDNOW (23,570 customers)', () => {
  it('Pareto curve: cumulative shares computed independently; A/B cuts where the tiers end', () => {
    const all = Array.from(getNumeric(table, 'monetary'));
    expect(all).toHaveLength(23_570);
    // The curve is over the 23,502 customers who spent something (68 spent $0).
    const monetary = all.filter((v) => v > 0);
    const n = monetary.length;
    expect(n).toBe(23_502);
    const fig = paretoFigure({ values: all, maxPoints: 30_000 });
    const curve = traceOf(fig, 0, 'scatter');
    const desc = [...monetary].sort((a, b) => b - a);
    const total = desc.reduce((s, v) => s + v, 0);
    let run = 0;
    const expected = [0, ...desc.map((v) => (run += v) / total)];
    expect(curve.y).toHaveLength(n + 1);
    let worst = 0;
    (curve.y as number[]).forEach((y, r) => (worst = Math.max(worst, Math.abs(y - expected[r]!))));
    expect(worst).toBeLessThan(1e-12);
    // Tier sizes among CDNOW's 23,502 buyers are 1,176 / 3,525 / 18,801 (see
    // test/classes/cdnow-classes.test.ts); the 68 who spent $0 sort last on the curve.
    const tiers = new ValueTiers().fit(table).predict(table);
    const sizeA = tiers.filter((t) => t === 'A').length;
    const sizeB = tiers.filter((t) => t === 'B').length;
    expect([sizeA, sizeB]).toEqual([1176, 3525]);
    const a = traceOf(fig, 2, 'scatter');
    const b = traceOf(fig, 3, 'scatter');
    expect(a.x[0]).toBe(sizeA / n);
    expect(a.y[0]).toBeCloseTo(expected[sizeA]!, 12);
    expect(b.x[0]).toBe((sizeA + sizeB) / n);
    expect(b.y[0]).toBeCloseTo(expected[sizeA + sizeB]!, 12);
    // The default thinning keeps at most ~2,000 points and the same end points.
    const thin = traceOf(paretoFigure({ values: all }), 0, 'scatter');
    expect(thin.x.length).toBeLessThanOrEqual(2003);
    expect(thin.x).toContain(sizeA / n);
  });

  it('RFM grid: marker counts add up to the scored customers; z is the cell mean monetary', () => {
    const scored = new RfmScorer().fit(table).transform(table);
    const r = getNumeric(scored, 'rfm_r');
    const f = getNumeric(scored, 'rfm_f');
    const monetary = getNumeric(table, 'monetary');
    const fig = rfmGridFigure({ r, f, monetary });
    const markers = traceOf(fig, 1, 'scatter');
    const counts = (markers.text as string[]).map((t) => Number(t.replaceAll(',', '')));
    const buyers = Array.from(r).filter((v) => !Number.isNaN(v)).length;
    expect(counts.reduce((s, v) => s + v, 0)).toBe(buyers);
    // One cell checked by brute force: R 5, F 5.
    let sum = 0;
    let count = 0;
    for (let i = 0; i < r.length; i++) {
      if (r[i] === 5 && f[i] === 5) {
        sum += monetary[i] as number;
        count++;
      }
    }
    const heat = traceOf(fig, 0, 'heatmap');
    expect((heat.z[4] as number[])[4]).toBeCloseTo(sum / count, 9);
  });

  it('Sankey RFM segment → value tier: link values sum to all customers', () => {
    const segments = new RfmScorer().fit(table).predict(table);
    const tiers = new ValueTiers().fit(table).predict(table);
    const tierLabels = ['A', 'B', 'C', 'no purchases'];
    const colors = new ColorScale([...new Set(segments)]).including(tierLabels);
    const t = traceOf(flowSankeyFigure(segments, tiers, { colors }), 0, 'sankey');
    expect(t.link.value.reduce((s, v) => s + v, 0)).toBe(23_570);
    expect(t.node.color.slice(-4)).toEqual(tierLabels.map((l) => colors.color(l)));
  });
});

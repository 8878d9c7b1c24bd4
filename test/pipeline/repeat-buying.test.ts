import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import type { RfmSummary } from '../../src/predict/bg-nbd/rfm-summary.js';
import {
  fitPipeline,
  fitRepeatBuying,
  repeatBuyingReliable,
  repeatBuyingWarnings,
  type PipelineFit,
} from '../../src/pipeline/index.js';
import { cdnowSummary } from '../predict/bg-nbd/helpers.js';
import { noDropoutCsv } from './no-dropout.js';

let engine: Engine;
let dir: string;
let fit: PipelineFit;
const advances: string[] = [];
beforeAll(async () => {
  engine = await Engine.open();
  dir = mkdtempSync(join(tmpdir(), 'cohortlab-bgnbd-'));
  const file = join(dir, 'no-dropout.csv');
  writeFileSync(file, noDropoutCsv(1_500, 3));
  const tx = await loadTransactions(file, {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'amount' },
  });
  const progress = {
    start: () => undefined,
    end: () => undefined,
    advance: (step: string) => void advances.push(step),
  };
  fit = await fitPipeline(tx, { bgNbdWeeks: 52, classes: ['rfm'], k: 3, seed: 0, progress });
}, 60_000);
afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('BG/NBD in the pipeline', () => {
  it('returns a DEGENERATE_FIT warning with the parameters when the fit runs to a boundary', () => {
    const repeatBuying = fit.pipeline.repeatBuying;
    expect(repeatBuying).toBeDefined();
    expect(repeatBuyingReliable(repeatBuying!)).toBe(false);
    // (The spend model's own fit on this synthetic data has stage 'gamma-gamma'.)
    const degenerate = fit.warnings.filter(
      (w) => w.code === 'DEGENERATE_FIT' && w.stage === 'bg-nbd',
    );
    expect(degenerate).toHaveLength(1);
    const w = degenerate[0]!;
    expect(w.stage).toBe('bg-nbd');
    expect(w.count).toBe(repeatBuying!.model.state.customers);
    const { r, alpha, a, b } = repeatBuying!.model.parameters;
    expect(w.message).toContain('BG/NBD fit is degenerate');
    expect(w.message).toContain('a → 0');
    expect(w.message).toContain(`r = ${r.toPrecision(3)}, α = ${alpha.toPrecision(3)}`);
    expect(w.message).toContain(`a = ${a.toPrecision(3)}, b = ${b.toPrecision(3)}`);
    expect(w.message).toContain('p_alive is unreliable');
    expect(repeatBuyingWarnings(repeatBuying!)).toEqual(degenerate);
  });

  it('keeps the unreliable flag in the saved model and derives no alive class', () => {
    const model = fit.pipeline.repeatBuying!.model;
    expect(model.toJSON().state.reliable).toBe(false);
    expect(() => model.predict(fit.repeatBuyingSummary!)).toThrow(/degenerate fit/);
    // The lifecycle scheme was not asked for, and nothing made one from p_alive.
    expect(Object.keys(fit.cohorts)).not.toContain('lifecycle');
    expect(Object.keys(fit.cohorts)).toContain('p_alive');
  });

  it('reports the optimiser runs as a progress step', () => {
    expect(advances).toContain('bg-nbd fit');
  });

  it('gives no warning on the paper’s CDNOW sample', () => {
    const summary: RfmSummary = {
      ...cdnowSummary(),
      customerId: cdnowSummary().id.map(String),
      unit: 'week',
      asOf: '1997-09-30',
      calibrationEnd: '1997-09-30',
    };
    const repeatBuying = fitRepeatBuying(summary, 52);
    expect(repeatBuyingReliable(repeatBuying)).toBe(true);
    expect(repeatBuyingWarnings(repeatBuying)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import { BgNbd } from '../../../src/predict/bg-nbd/bg-nbd.js';
import { assessFit, degenerateFitMessage } from '../../../src/predict/bg-nbd/degeneracy.js';
import { simulateBgNbd } from '../../../src/predict/bg-nbd/simulate.js';
import type { BgNbdSummary } from '../../../src/predict/bg-nbd/summary.js';
import { cdnowSummary } from './helpers.js';

// Nobody ever drops out (p = 0): BG/NBD's maximum likelihood is at the boundary a → 0,
// b → ∞ (a pure NBD), where P(alive) = 1 for everyone — the shape of issue 16's Online
// Retail fit (a → 0, b ≈ 70,000).
const noDropout = simulateBgNbd(
  { r: 1.5, alpha: 10, a: 1, b: 1 },
  { customers: 3_000, seed: 11, fixedDropout: 0 },
);

describe('BG/NBD degeneracy', () => {
  it('flags a fit that runs to a → 0 as unreliable, with the rules that fired', () => {
    const model = new BgNbd().fit(noDropout);
    const { a, b } = model.parameters;
    expect(a).toBeLessThan(1e-4);
    expect(a / (a + b)).toBeLessThan(1e-4);
    expect(model.reliable).toBe(false);
    expect(model.state.reliable).toBe(false);
    expect(model.state.degeneracy.some((r) => r.startsWith('a → 0'))).toBe(true);
    expect(model.state.degeneracy.some((r) => r.startsWith('a/(a+b) ≈ 0'))).toBe(true);
    // r and α are still identified: near the simulation's 1.5 and 10.
    expect(model.parameters.r).toBeGreaterThan(1.2);
    expect(model.parameters.r).toBeLessThan(1.9);
    // P(alive) ≈ 1 for everyone, which is why it must not be used.
    expect(Math.min(...model.predictAlive(noDropout))).toBeGreaterThan(0.99);
  });

  it('derives no lifecycle classes from a degenerate fit', () => {
    const model = new BgNbd().fit(noDropout);
    expect(() => model.predict(noDropout)).toThrow(CohortlabError);
    expect(() => model.predict(noDropout)).toThrow(/degenerate fit/);
  });

  it('keeps the flag and its reasons through JSON; older files get the parameter rules', () => {
    const model = new BgNbd().fit(noDropout);
    const json = model.toJSON();
    expect(json.state.reliable).toBe(false);
    const restored = BgNbd.fromJSON(JSON.stringify(json));
    expect(restored.reliable).toBe(false);
    expect(restored.state.degeneracy).toEqual(model.state.degeneracy);
    const old: Record<string, unknown> = { ...json.state };
    delete old['reliable'];
    delete old['degeneracy'];
    const legacy = BgNbd.fromJSON({ ...json, state: old });
    expect(legacy.reliable).toBe(false);
    expect(legacy.state.degeneracy.some((r) => r.startsWith('a → 0'))).toBe(true);
  });

  it('leaves the CDNOW fit reliable, with classes', () => {
    const summary = cdnowSummary();
    const model = new BgNbd().fit(summary);
    expect(model.reliable).toBe(true);
    expect(model.state.degeneracy).toEqual([]);
    expect(model.predict(summary)).toHaveLength(summary.frequency.length);
  });

  it('has one rule per kind of boundary', () => {
    const rows: BgNbdSummary = {
      frequency: Float64Array.of(0, 3, 5),
      recency: Float64Array.of(0, 10, 11),
      T: Float64Array.of(30, 40, 40),
    };
    const fine = { r: 0.5, alpha: 5, a: 0.8, b: 2.4 };
    expect(assessFit(fine, rows, 1e-9).reasons).toEqual([]);
    const reasons = (p: Partial<typeof fine>, gradient = 1e-9): readonly string[] =>
      assessFit({ ...fine, ...p }, rows, gradient).reasons;
    expect(reasons({ r: 1e-6 }).some((r) => r.startsWith('r → 0'))).toBe(true);
    expect(reasons({ r: 1e6, alpha: 1e7 }).some((r) => r.startsWith('r exploded'))).toBe(true);
    expect(reasons({ alpha: 1e6 }).some((r) => r.startsWith('α exploded'))).toBe(true);
    expect(reasons({ a: 0.5, b: 1e5 }).some((r) => r.startsWith('a/(a+b) ≈ 0'))).toBe(true);
    expect(reasons({}, 1e-3).some((r) => r.startsWith('no convergence'))).toBe(true);
    expect(reasons({}, NaN).some((r) => r.startsWith('no convergence'))).toBe(true);
    // Everyone still looks alive (no long silences): P(alive) says nothing.
    const recent: BgNbdSummary = {
      ...rows,
      frequency: Float64Array.of(0, 30, 40),
      recency: Float64Array.of(0, 39.9, 40),
    };
    expect(assessFit(fine, recent, 1e-9).reasons.some((r) => r.startsWith('P(alive) ≥ 0.95'))).toBe(
      true,
    );
  });

  it('writes the parameters and the reasons into one line', () => {
    const message = degenerateFitMessage({ r: 1.46, alpha: 9.69, a: 4.9e-9, b: 1.69e5 }, [
      'a → 0 (a = 4.90e-9)',
    ]);
    expect(message).toBe(
      'BG/NBD fit is degenerate (a → 0 (a = 4.90e-9)): r = 1.46, α = 9.69, a = 4.90e-9, ' +
        'b = 1.69e+5; p_alive is unreliable and must not be used to pick customers to win back',
    );
  });

  it('reports its optimiser runs as progress, ending at done = total', () => {
    const seen: [string, number, number, string | undefined][] = [];
    const progress = {
      start: () => undefined,
      end: () => undefined,
      advance: (step: string, done: number, total: number, unit?: string) => {
        seen.push([step, done, total, unit]);
      },
    };
    new BgNbd().fit(cdnowSummary(), { progress });
    expect(seen.length).toBe(6);
    expect(
      seen.every(
        ([step, , total, unit]) => step === 'bg-nbd fit' && total === 6 && unit === 'starts',
      ),
    ).toBe(true);
    expect(seen.at(-1)?.[1]).toBe(6);
  });
});

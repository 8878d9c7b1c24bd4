import { describe, expect, it } from 'vitest';
import { Sampler } from '../../../src/synth/samplers.js';
import { bgNbdLogLikelihood } from '../../../src/predict/bg-nbd/likelihood.js';
import { prepareLikelihood } from '../../../src/predict/bg-nbd/prepared-likelihood.js';
import { simulateBgNbd } from '../../../src/predict/bg-nbd/simulate.js';
import { groupSummary, type BgNbdSummary } from '../../../src/predict/bg-nbd/summary.js';
import { cdnowSummary } from './helpers.js';

/** Random histories: whole x up to 40, tₓ ≤ T on a day grid, random weights. */
function randomSummary(n: number, seed: number): BgNbdSummary {
  const s = new Sampler(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    T[i] = (1 + s.int(400)) / 7;
    frequency[i] = s.uniform() < 0.4 ? 0 : 1 + s.int(40);
    recency[i] = frequency[i] === 0 ? 0 : Math.ceil(s.uniform() * T[i]! * 7) / 7;
    weights[i] = s.uniform() < 0.1 ? 0 : 1 + s.int(5);
  }
  return { frequency, recency, T, weights };
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('prepared BG/NBD likelihood', () => {
  it('equals the straightforward per-row sum bit for bit, gradient to 1e-12, on random data', () => {
    const sampler = new Sampler(5);
    for (let trial = 0; trial < 20; trial++) {
      const summary = randomSummary(500, trial);
      const prepared = prepareLikelihood(summary);
      const params = {
        r: 0.05 + 3 * sampler.uniform(),
        alpha: 0.5 + 20 * sampler.uniform(),
        a: 1e-6 + 3 * sampler.uniform(),
        b: 0.1 + 10 ** (4 * sampler.uniform()),
      };
      const direct = bgNbdLogLikelihood(params, summary, true);
      const fast = prepared(params, true);
      expect(fast.logLikelihood).toBe(direct.logLikelihood);
      expect(prepared(params).logLikelihood).toBe(direct.logLikelihood);
      for (let k = 0; k < 4; k++) {
        expect(relative(fast.gradient[k]!, direct.gradient[k]!)).toBeLessThan(1e-12);
      }
    }
  });

  it('collapsing identical histories into weighted rows keeps the log-likelihood (to 1e-12)', () => {
    for (const summary of [
      cdnowSummary(),
      simulateBgNbd({ r: 0.3, alpha: 4, a: 0.8, b: 2.5 }, { customers: 5_000, seed: 3 }),
    ]) {
      const grouped = groupSummary(summary);
      expect(grouped.frequency.length).toBeLessThan(summary.frequency.length);
      const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
      const rowByRow = bgNbdLogLikelihood(params, summary, true);
      const collapsed = prepareLikelihood(grouped)(params, true);
      expect(relative(collapsed.logLikelihood, rowByRow.logLikelihood)).toBeLessThan(1e-12);
      for (let k = 0; k < 4; k++) {
        expect(relative(collapsed.gradient[k]!, rowByRow.gradient[k]!)).toBeLessThan(1e-10);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { cumulativeWeights, Sampler, zipfWeights } from '../../src/synth/samplers.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe('Sampler', () => {
  const N = 200_000;

  it('draws standard normals (mean 0, variance 1)', () => {
    const s = new Sampler(1);
    const m = moments(() => s.normal(), N);
    expect(m.mean).toBeCloseTo(0, 2);
    expect(m.variance).toBeGreaterThan(0.99);
    expect(m.variance).toBeLessThan(1.01);
  });

  it.each([
    [0.8, 2.5],
    [3, 0.5],
  ])(
    'draws Gamma(shape %d, scale %d) with mean shape·scale and variance shape·scale²',
    (shape, scale) => {
      const s = new Sampler(2);
      const m = moments(() => s.gamma(shape, scale), N);
      expect(m.mean / (shape * scale)).toBeGreaterThan(0.99);
      expect(m.mean / (shape * scale)).toBeLessThan(1.01);
      expect(m.variance / (shape * scale * scale)).toBeGreaterThan(0.96);
      expect(m.variance / (shape * scale * scale)).toBeLessThan(1.04);
    },
  );

  it('draws Beta(1, 12) with mean 1/13', () => {
    const s = new Sampler(3);
    const m = moments(() => s.beta(1, 12), N);
    expect(m.mean).toBeCloseTo(1 / 13, 3);
    // Var = ab / ((a+b)²(a+b+1)) = 12 / (169·14)
    expect(m.variance / (12 / (169 * 14))).toBeGreaterThan(0.96);
    expect(m.variance / (12 / (169 * 14))).toBeLessThan(1.04);
  });

  it('draws exponentials with mean 1 / rate', () => {
    const s = new Sampler(4);
    expect(moments(() => s.exponential(0.25), N).mean).toBeCloseTo(4, 1);
  });

  it('draws categories with their weights', () => {
    const s = new Sampler(5);
    const cdf = cumulativeWeights([0.5, 0.3, 0.2]);
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[s.categorical(cdf)]! += 1;
    expect(counts.map((c) => c / N).map((p) => Number(p.toFixed(2)))).toEqual([0.5, 0.3, 0.2]);
  });

  it('is deterministic per seed', () => {
    const a = new Sampler(9);
    const b = new Sampler(9);
    const c = new Sampler(10);
    const draw = (s: Sampler): number[] => [s.uniform(), s.normal(), s.gamma(0.5, 1), s.int(1000)];
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });
});

describe('weights', () => {
  it('gives Zipf weights 1 / rank^s', () => {
    expect(zipfWeights(3, 1)).toEqual([1, 1 / 2, 1 / 3]);
    expect(zipfWeights(2, 2)).toEqual([1, 1 / 4]);
  });

  it('normalises running totals to end at 1', () => {
    expect(Array.from(cumulativeWeights([1, 1, 2]))).toEqual([0.25, 0.5, 1]);
  });
});

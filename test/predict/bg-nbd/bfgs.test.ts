import { describe, expect, it } from 'vitest';
import { minimizeBfgs } from '../../../src/predict/bg-nbd/bfgs.js';

describe('minimizeBfgs', () => {
  it('finds the minimum (1, 1) of Rosenbrock’s function from the classic start (−1.2, 1)', () => {
    const rosenbrock = (p: Float64Array) => {
      const x = p[0]!;
      const y = p[1]!;
      return {
        value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
        gradient: Float64Array.of(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
      };
    };
    const result = minimizeBfgs(rosenbrock, Float64Array.of(-1.2, 1));
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 9);
    expect(result.x[1]).toBeCloseTo(1, 9);
    expect(result.value).toBeLessThan(1e-18);
    // Deterministic.
    expect(minimizeBfgs(rosenbrock, Float64Array.of(-1.2, 1)).x).toEqual(result.x);
  });

  it('minimises a convex quadratic exactly and treats non-finite values as no decrease', () => {
    // f = (x − 3)² + 10 (y + 1)², undefined (NaN) for x > 10: steps there are cut back.
    const f = (p: Float64Array) => ({
      value: p[0]! > 10 ? NaN : (p[0]! - 3) ** 2 + 10 * (p[1]! + 1) ** 2,
      gradient: Float64Array.of(2 * (p[0]! - 3), 20 * (p[1]! + 1)),
    });
    const result = minimizeBfgs(f, Float64Array.of(9.5, 4), { maxStep: 100 });
    expect(result.x[0]).toBeCloseTo(3, 10);
    expect(result.x[1]).toBeCloseTo(-1, 10);
  });

  it('stops at maxIter without claiming convergence', () => {
    const f = (p: Float64Array) => ({
      value: Math.exp(p[0]!),
      gradient: Float64Array.of(Math.exp(p[0]!)),
    });
    const result = minimizeBfgs(f, Float64Array.of(0), { maxIter: 3 });
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
  });

  it('gives up on a ridge flat to rounding after stallIterations without progress', () => {
    // f → 1 as x → −∞ by less than rounding can show: no step ever decreases it for real,
    // and the gradient never shrinks by half.
    const f = (p: Float64Array) => ({
      value: 1 + 1e-18 * Math.exp(p[0]!),
      gradient: Float64Array.of(1e-6),
    });
    const endless = minimizeBfgs(f, Float64Array.of(0), { maxIter: 200 });
    expect(endless.iterations).toBe(200);
    const stalled = minimizeBfgs(f, Float64Array.of(0), { maxIter: 200, stallIterations: 5 });
    expect(stalled.iterations).toBeLessThanOrEqual(6);
    expect(stalled.converged).toBe(false);
    // stopWhen ends a search that is still making progress.
    const bowl = (p: Float64Array) => ({
      value: (p[0]! - 10) ** 2,
      gradient: Float64Array.of(2 * (p[0]! - 10)),
    });
    const stopped = minimizeBfgs(bowl, Float64Array.of(0), {
      maxStep: 1,
      stopWhen: (x) => x[0]! > 5,
    });
    expect(stopped.x[0]).toBeGreaterThan(5);
    expect(stopped.x[0]).toBeLessThan(7);
    expect(stopped.converged).toBe(false);
    expect(stopped.iterations).toBeLessThan(200);
  });
});

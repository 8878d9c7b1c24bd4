import { describe, expect, it } from 'vitest';
import { logGamma } from '../../../src/compare/log-gamma.js';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import { digamma } from '../../../src/predict/bg-nbd/digamma.js';
import { hyp2f1, hyp2f1MinusOne } from '../../../src/predict/bg-nbd/hypergeometric.js';
import { reference, scaledError } from './helpers.js';

const ref = reference();

describe('special functions against mpmath (40 digits)', () => {
  it('ln Γ is within 1e-14 · max(1, |ln Γ|) on the arguments the likelihood uses', () => {
    for (const [x, expected] of ref.special) {
      expect(scaledError(logGamma(x), expected), `x = ${x}`).toBeLessThan(1e-14);
    }
  });

  it('ψ is within 1e-14 · max(1, |ψ|), including near its root 1.4616…', () => {
    for (const [x, , expected] of ref.special) {
      expect(scaledError(digamma(x), expected), `x = ${x}`).toBeLessThan(1e-14);
    }
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 15); // −γ
    expect(Number.isNaN(digamma(0))).toBe(true);
  });

  it('₂F₁ by its series is within 1e-15 relative up to z = 0.99 (1e-12 at 0.999), c < 0 too', () => {
    for (const [a, b, c, z, expected] of ref.hyp2f1) {
      const value = hyp2f1(a, b, c, z);
      // Near z = 1 tens of thousands of terms are multiplied up, each adding a rounding.
      const tolerance = z > 0.99 ? 1e-12 : 1e-15;
      expect(Math.abs(value - expected) / Math.abs(expected), `${a},${b},${c},${z}`).toBeLessThan(
        tolerance,
      );
    }
  });

  it('closed forms: ₂F₁(1, 1; 2; z) = −ln(1 − z)/z and ₂F₁(a, b; b; z) = (1 − z)^−a', () => {
    for (const z of [1e-8, 0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
      expect(hyp2f1(0.7, 2.5, 2.5, z) / (1 - z) ** -0.7).toBeCloseTo(1, 13);
    }
    // The "minus one" form keeps the digits of tiny sums: 2F1 − 1 ≈ a b z / c.
    expect(hyp2f1MinusOne(2, 3, 4, 1e-12) / 1.5e-12).toBeCloseTo(1, 11);
    expect(hyp2f1(2, 3, 4, 0)).toBe(1);
    // A non-positive integer a ends the series: 2F1(−2, b; c; z) is a polynomial.
    expect(hyp2f1(-2, 1, 1, 0.5)).toBeCloseTo((1 - 0.5) ** 2, 15);
  });

  it('refuses z outside [0, 1), c a non-positive integer, and a series too slow to converge', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof CohortlabError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => hyp2f1(1, 1, 2, 1))).toBe('INVALID_INPUT');
    expect(code(() => hyp2f1(1, 1, 2, -0.1))).toBe('INVALID_INPUT');
    expect(code(() => hyp2f1(1, 1, -3, 0.5))).toBe('INVALID_INPUT');
    expect(code(() => hyp2f1(1, 1, 2, 1 - 1e-9))).toBe('INVALID_INPUT');
  });
});

import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import {
  buyerMask,
  countLimit,
  invalidModel,
  isFiniteNumberArray,
  isPlainObject,
  requireDistinct,
  requireName,
  requireNameOrNull,
} from '../../src/classes/shared.js';

describe('shared helpers', () => {
  it('marks buyers by flag and required columns', () => {
    const table = {
      has_transactions: new Float64Array([1, 0, NaN, 1, 1]),
      recency_days: new Float64Array([1, 2, 3, NaN, 5]),
    };
    expect(Array.from(buyerMask(table, 'has_transactions', ['recency_days']))).toEqual([
      1, 0, 0, 0, 1,
    ]);
    expect(Array.from(buyerMask(table, null, ['recency_days']))).toEqual([1, 1, 1, 0, 1]);
    expect(Array.from(buyerMask(table, null, []))).toEqual([1, 1, 1, 1, 1]);
  });

  it('snaps count limits that are integers up to rounding noise', () => {
    expect(0.07 * 100).not.toBe(7);
    expect(countLimit(0.07, 100)).toBe(7);
    expect(countLimit(0.05, 5000)).toBe(250);
    expect(countLimit(0.05, 7)).toBeCloseTo(0.35, 15);
  });

  it('validates names and labels', () => {
    expect(requireName('a', 'x')).toBe('a');
    expect(requireNameOrNull(null, 'x')).toBeNull();
    for (const fn of [
      () => requireName('', 'x'),
      () => requireName(3, 'x'),
      () => requireDistinct(['a', 'a'], 'x'),
    ]) {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(isCohortlabError(error, 'INVALID_OPTION')).toBe(true);
    }
    expect(isCohortlabError(invalidModel('T', 'bad'), 'INVALID_MODEL')).toBe(true);
  });

  it('recognises plain objects and finite number arrays', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isFiniteNumberArray([1, 2])).toBe(true);
    expect(isFiniteNumberArray([1, NaN])).toBe(false);
    expect(isFiniteNumberArray('1')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../../src/errors/cohortlab-error.js';
import { checkRuleExpression, compileRuleExpression } from '../../../src/classes/rules/evaluate.js';
import { parseRuleExpression } from '../../../src/classes/rules/parser.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const table: ColumnTable = {
  x: new Float64Array([1, 5, NaN, 10]),
  y: new Float64Array([2, 5, 3, NaN]),
  region: ['north', null, 'south', 'east'],
};

function truth(text: string): (boolean | null)[] {
  const expr = parseRuleExpression(text);
  checkRuleExpression(expr, table, 'test');
  const fn = compileRuleExpression(expr, table);
  return [0, 1, 2, 3].map(fn);
}

describe('compileRuleExpression', () => {
  it('compares numbers, with NaN unknown', () => {
    expect(truth('x > 4')).toEqual([false, true, null, true]);
    expect(truth('x <= 5')).toEqual([true, true, null, false]);
    expect(truth('x = y')).toEqual([false, true, null, null]);
    expect(truth('x != 5')).toEqual([true, false, null, true]);
    expect(truth('x < y')).toEqual([true, false, null, null]);
    expect(truth('x >= 1 and 2 > 1')).toEqual([true, true, null, true]);
  });

  it('compares text, with null unknown', () => {
    expect(truth("region = 'north'")).toEqual([true, null, false, false]);
    expect(truth("region != 'north'")).toEqual([false, null, true, true]);
    expect(truth("region in ('north', 'east')")).toEqual([true, null, false, true]);
    expect(truth("region not in ('north', 'east')")).toEqual([false, null, true, false]);
    expect(truth('x in (1, 10)')).toEqual([true, false, null, true]);
  });

  it('never returns unknown for is null', () => {
    expect(truth('x is null')).toEqual([false, false, true, false]);
    expect(truth('region is null')).toEqual([false, true, false, false]);
    expect(truth('y is not null')).toEqual([true, true, true, false]);
  });

  it('follows SQL three-valued logic for not, and, or', () => {
    expect(truth('not x > 4')).toEqual([true, false, null, false]);
    // unknown and false = false; unknown and true = unknown.
    expect(truth('x > 4 and y > 4')).toEqual([false, true, false, null]);
    expect(truth('x > 4 and y < 4')).toEqual([false, false, null, null]);
    expect(truth('x > 100 and y = 3')).toEqual([false, false, null, false]);
    // unknown or true = true; unknown or false = unknown.
    expect(truth('x > 4 or y = 3')).toEqual([false, true, true, true]);
    expect(truth('x > 4 or y > 100')).toEqual([false, true, null, true]);
    expect(truth('not (x > 4 or y > 100)')).toEqual([true, false, null, false]);
  });
});

describe('checkRuleExpression', () => {
  it('names the rule and the unknown column', () => {
    const error = errorOf(() =>
      checkRuleExpression(parseRuleExpression('x > 1 and z < 2'), table, 'gold'),
    );
    expect(isCohortlabError(error, 'UNKNOWN_FEATURE')).toBe(true);
    expect((error as { column?: string }).column).toBe('z');
    expect((error as Error).message).toContain('rule "gold"');
  });

  it('rejects type mismatches and ordering on text', () => {
    const bad = [
      "x = 'a'",
      'region = 1',
      'x = region',
      "region > 'a'",
      "x in (1, 'a')",
      "region in ('a', 2)",
    ];
    for (const text of bad) {
      const error = errorOf(() => checkRuleExpression(parseRuleExpression(text), table, 'r'));
      expect(isCohortlabError(error, 'INVALID_RULE'), text).toBe(true);
      expect((error as Error).message).toContain('rule "r"');
    }
    expect(() =>
      checkRuleExpression(parseRuleExpression("'a' = 'b' or x is null"), table, 'r'),
    ).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../../src/errors/cohortlab-error.js';
import { RuleSyntaxError, tokenizeRule } from '../../../src/classes/rules/tokenizer.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('tokenizeRule', () => {
  it('reads numbers, names, strings, operators and keywords with offsets', () => {
    const tokens = tokenizeRule("monetary >= 1.5e3 AND `net spend` != 'it''s'");
    expect(tokens).toEqual([
      { type: 'ident', name: 'monetary', pos: 0 },
      { type: 'op', op: '>=', pos: 9 },
      { type: 'number', value: 1500, pos: 12 },
      { type: 'keyword', keyword: 'and', pos: 18 },
      { type: 'ident', name: 'net spend', pos: 22 },
      { type: 'op', op: '!=', pos: 34 },
      { type: 'string', value: "it's", pos: 37 },
      { type: 'end', pos: 44 },
    ]);
  });

  it('normalises == to = and <> to !=, and reads every operator', () => {
    const ops = tokenizeRule('< <= > >= = == != <>').flatMap((t) =>
      t.type === 'op' ? [t.op] : [],
    );
    expect(ops).toEqual(['<', '<=', '>', '>=', '=', '=', '!=', '!=']);
  });

  it('reads double-quoted strings, doubled backquotes, minus, parens and commas', () => {
    const tokens = tokenizeRule('x in (-1, "a""b") or `a``b` is null');
    expect(tokens.map((t) => t.type)).toEqual([
      'ident',
      'keyword',
      'lparen',
      'minus',
      'number',
      'comma',
      'string',
      'rparen',
      'keyword',
      'ident',
      'keyword',
      'keyword',
      'end',
    ]);
    expect(tokens[6]).toMatchObject({ value: 'a"b' });
    expect(tokens[9]).toMatchObject({ name: 'a`b' });
    expect(tokenizeRule('.5')[0]).toMatchObject({ value: 0.5 });
  });

  it('reports the 1-based position of bad characters and unterminated quotes', () => {
    const cases: [string, number][] = [
      ['x > 1 & y', 7],
      ["region = 'north", 10],
      ['`name', 1],
      ['x > 12abc', 5],
      ['x > 1e999', 5],
      ['x = ``', 5],
    ];
    for (const [text, position] of cases) {
      const error = errorOf(() => tokenizeRule(text, 'R1'));
      expect(error).toBeInstanceOf(RuleSyntaxError);
      expect(isCohortlabError(error, 'INVALID_RULE')).toBe(true);
      expect((error as RuleSyntaxError).position).toBe(position);
      expect((error as RuleSyntaxError).rule).toBe('R1');
      expect((error as Error).message).toContain(`rule "R1", position ${position}`);
    }
  });
});

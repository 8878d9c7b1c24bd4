import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../../src/errors/cohortlab-error.js';
import { parseRuleExpression } from '../../../src/classes/rules/parser.js';
import { RuleSyntaxError } from '../../../src/classes/rules/tokenizer.js';
import type { RuleExpr } from '../../../src/classes/rules/ast.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const col = (name: string) => ({ kind: 'column', name }) as const;
const num = (value: number) => ({ kind: 'number', value }) as const;
const str = (value: string) => ({ kind: 'string', value }) as const;

describe('parseRuleExpression', () => {
  it('parses a comparison to a plain JSON tree', () => {
    const expr = parseRuleExpression('monetary >= 1000');
    expect(expr).toEqual({ kind: 'compare', op: '>=', left: col('monetary'), right: num(1000) });
    expect(JSON.parse(JSON.stringify(expr))).toEqual(expr);
  });

  it('gives not > and > or precedence and flattens chains', () => {
    const expr = parseRuleExpression('a > 1 or not b = 2 and c < 3 and d != 4');
    const expected: RuleExpr = {
      kind: 'or',
      args: [
        { kind: 'compare', op: '>', left: col('a'), right: num(1) },
        {
          kind: 'and',
          args: [
            { kind: 'not', arg: { kind: 'compare', op: '=', left: col('b'), right: num(2) } },
            { kind: 'compare', op: '<', left: col('c'), right: num(3) },
            { kind: 'compare', op: '!=', left: col('d'), right: num(4) },
          ],
        },
      ],
    };
    expect(expr).toEqual(expected);
  });

  it('respects parentheses', () => {
    expect(parseRuleExpression('(a > 1 or b > 2) and c > 3')).toEqual({
      kind: 'and',
      args: [
        {
          kind: 'or',
          args: [
            { kind: 'compare', op: '>', left: col('a'), right: num(1) },
            { kind: 'compare', op: '>', left: col('b'), right: num(2) },
          ],
        },
        { kind: 'compare', op: '>', left: col('c'), right: num(3) },
      ],
    });
  });

  it('parses in, not in, is null, is not null, negative numbers and quoted names', () => {
    expect(parseRuleExpression('region IN (\'north\', "south")')).toEqual({
      kind: 'in',
      operand: col('region'),
      values: [str('north'), str('south')],
      negated: false,
    });
    expect(parseRuleExpression('x not in (-1, 2.5)')).toEqual({
      kind: 'in',
      operand: col('x'),
      values: [num(-1), num(2.5)],
      negated: true,
    });
    expect(parseRuleExpression('`net spend` is null')).toEqual({
      kind: 'isNull',
      operand: col('net spend'),
      negated: false,
    });
    expect(parseRuleExpression('region is not null')).toMatchObject({
      kind: 'isNull',
      negated: true,
    });
    expect(parseRuleExpression('-5 < `and`')).toEqual({
      kind: 'compare',
      op: '<',
      left: num(-5),
      right: col('and'),
    });
  });

  it('reports the rule and the position of syntax errors', () => {
    const cases: [string, number][] = [
      ['', 1],
      ['monetary 1000', 10],
      ['monetary >', 11],
      ['(a > 1', 7],
      ['a > 1 b', 7],
      ['a in 1', 6],
      ['a in ()', 7],
      ['a is 5', 6],
      ['a > 1 and', 10],
      ['a = - b', 7],
      ['and > 1', 1],
      ['a in (b)', 7],
    ];
    for (const [text, position] of cases) {
      const error = errorOf(() => parseRuleExpression(text, 'gold'));
      expect(error, text).toBeInstanceOf(RuleSyntaxError);
      expect(isCohortlabError(error, 'INVALID_RULE')).toBe(true);
      expect((error as RuleSyntaxError).position, text).toBe(position);
      expect((error as Error).message).toMatch(/^rule "gold", position \d+: /);
    }
  });
});

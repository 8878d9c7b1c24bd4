import { describe, expect, it } from 'vitest';
import {
  formatColumnName,
  formatRuleExpression,
  referencedColumns,
} from '../../../src/classes/rules/ast.js';
import { parseRuleExpression } from '../../../src/classes/rules/parser.js';

describe('rule AST helpers', () => {
  it('lists referenced columns once, in order', () => {
    const expr = parseRuleExpression("a > b and (c in (1, 2) or a is null) and not `d e` = 'x'");
    expect(referencedColumns(expr)).toEqual(['a', 'b', 'c', 'd e']);
    expect(referencedColumns(parseRuleExpression('1 = 1'))).toEqual([]);
  });

  it('quotes column names only when needed', () => {
    expect(formatColumnName('monetary')).toBe('monetary');
    expect(formatColumnName('net spend')).toBe('`net spend`');
    expect(formatColumnName('OR')).toBe('`OR`');
    expect(formatColumnName('a`b')).toBe('`a``b`');
    expect(formatColumnName('1st')).toBe('`1st`');
  });

  it('formats canonical text that parses back to the same tree', () => {
    const texts = [
      'monetary >= 1000',
      "a > 1 or not b = 2 and c < 3 and region in ('n', 'it''s')",
      '(a > 1 or b > 2) and not (c > 3 and d <= -0.5)',
      '`net spend` is not null and x not in (1, 2e-7, 1e21)',
      '((a = 1 and b = 2) and c = 3) or ((d = 4))',
    ];
    for (const text of texts) {
      const expr = parseRuleExpression(text);
      const formatted = formatRuleExpression(expr);
      expect(parseRuleExpression(formatted), formatted).toEqual(expr);
    }
    expect(formatRuleExpression(parseRuleExpression('a>1 AND b==2'))).toBe('a > 1 and b = 2');
    expect(formatRuleExpression(parseRuleExpression('not a is null'))).toBe('not (a is null)');
  });
});

/**
 * Parser of the rule language.
 *
 * Grammar (keywords case-insensitive; `not` binds tighter than `and`, which binds tighter
 * than `or`):
 *
 * ```text
 * expr      := and ("or" and)*
 * and       := unary ("and" unary)*
 * unary     := "not" unary | "(" expr ")" | predicate
 * predicate := operand op operand                      op: < <= > >= = == != <>
 *            | operand ["not"] "in" "(" literal ("," literal)* ")"
 *            | operand "is" ["not"] "null"
 * operand   := column | literal
 * column    := [A-Za-z_][A-Za-z0-9_]*  |  `any name`  (`` inside backquotes is one `)
 * literal   := ["-"] number | 'text' | "text"          ('' or "" inside is one quote)
 * ```
 *
 * @module
 */
import type { ComparisonOperator, RuleExpr, RuleLiteral, RuleOperand } from './ast.js';
import { RuleSyntaxError, tokenizeRule, type RuleKeyword, type RuleToken } from './tokenizer.js';

function describe(token: RuleToken): string {
  switch (token.type) {
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return 'a string';
    case 'ident':
      return `"${token.name}"`;
    case 'keyword':
      return `"${token.keyword}"`;
    case 'op':
      return `"${token.op}"`;
    case 'minus':
      return '"-"';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'comma':
      return '","';
    case 'end':
      return 'the end of the condition';
  }
}

/**
 * Deepest nesting of parentheses and "not" a condition may have. The parser (and everything
 * that walks the tree: evaluation, SQL) recurses once per level, so a condition of thousands
 * of "(" would exhaust the stack with a raw RangeError; no real rule needs more than a few.
 */
export const MAX_RULE_NESTING = 100;

class Parser {
  #i = 0;
  #depth = 0;
  constructor(
    private readonly tokens: readonly RuleToken[],
    private readonly rule: string | undefined,
  ) {}

  get peek(): RuleToken {
    return this.tokens[this.#i] as RuleToken;
  }

  next(): RuleToken {
    const token = this.peek;
    if (token.type !== 'end') this.#i++;
    return token;
  }

  fail(detail: string, token: RuleToken = this.peek): never {
    throw new RuleSyntaxError(`${detail}, found ${describe(token)}`, token.pos + 1, this.rule);
  }

  atEnd(): boolean {
    return this.peek.type === 'end';
  }

  isKeyword(keyword: RuleKeyword, offset = 0): boolean {
    const token = this.tokens[this.#i + offset];
    return token?.type === 'keyword' && token.keyword === keyword;
  }

  expect(type: RuleToken['type'], what: string): RuleToken {
    if (this.peek.type !== type) this.fail(`expected ${what}`);
    return this.next();
  }

  parseAll(): RuleExpr {
    if (this.peek.type === 'end') this.fail('expected a condition');
    const expr = this.parseOr();
    if (!this.atEnd()) this.fail('expected "and", "or" or the end of the condition');
    return expr;
  }

  parseOr(): RuleExpr {
    const args = [this.parseAnd()];
    while (this.isKeyword('or')) {
      this.next();
      args.push(this.parseAnd());
    }
    return args.length === 1 ? (args[0] as RuleExpr) : { kind: 'or', args };
  }

  parseAnd(): RuleExpr {
    const args = [this.parseUnary()];
    while (this.isKeyword('and')) {
      this.next();
      args.push(this.parseUnary());
    }
    return args.length === 1 ? (args[0] as RuleExpr) : { kind: 'and', args };
  }

  parseUnary(): RuleExpr {
    if (this.isKeyword('not') || this.peek.type === 'lparen') {
      if (this.#depth >= MAX_RULE_NESTING) {
        this.fail(`nesting of "(" and "not" deeper than ${MAX_RULE_NESTING} levels`);
      }
      this.#depth++;
      try {
        return this.parseNested();
      } finally {
        this.#depth--;
      }
    }
    return this.parsePredicate();
  }

  parseNested(): RuleExpr {
    if (this.isKeyword('not')) {
      this.next();
      return { kind: 'not', arg: this.parseUnary() };
    }
    this.next();
    const expr = this.parseOr();
    this.expect('rparen', '")"');
    return expr;
  }

  parsePredicate(): RuleExpr {
    const operand = this.parseOperand();
    const token = this.peek;
    if (token.type === 'op') {
      this.next();
      const op: ComparisonOperator = token.op;
      return { kind: 'compare', op, left: operand, right: this.parseOperand() };
    }
    if (this.isKeyword('is')) {
      this.next();
      const negated = this.isKeyword('not');
      if (negated) this.next();
      if (!this.isKeyword('null')) this.fail('expected "null" after "is"');
      this.next();
      return { kind: 'isNull', operand, negated };
    }
    const negated = this.isKeyword('not') && this.isKeyword('in', 1);
    if (negated) this.next();
    if (this.isKeyword('in')) {
      this.next();
      this.expect('lparen', '"(" after "in"');
      const values = [this.parseLiteral()];
      while (this.peek.type === 'comma') {
        this.next();
        values.push(this.parseLiteral());
      }
      this.expect('rparen', '"," or ")" in the "in" list');
      return { kind: 'in', operand, values, negated };
    }
    return this.fail('expected a comparison (< <= > >= = !=), "in" or "is [not] null"');
  }

  parseOperand(): RuleOperand {
    const token = this.peek;
    if (token.type === 'ident') {
      this.next();
      return { kind: 'column', name: token.name };
    }
    if (token.type === 'number' || token.type === 'string' || token.type === 'minus') {
      return this.parseLiteral();
    }
    return this.fail('expected a column name, number or string');
  }

  parseLiteral(): RuleLiteral {
    const token = this.next();
    if (token.type === 'number') return { kind: 'number', value: token.value };
    if (token.type === 'string') return { kind: 'string', value: token.value };
    if (token.type === 'minus') {
      const number = this.peek;
      if (number.type !== 'number') this.fail('expected a number after "-"');
      this.next();
      return { kind: 'number', value: -number.value };
    }
    return this.fail('expected a number or string', token);
  }
}

/**
 * Parses a rule condition to its syntax tree. Throws {@link RuleSyntaxError} (code
 * INVALID_RULE) naming `rule` and the 1-based character position on a syntax error.
 */
export function parseRuleExpression(text: string, rule?: string): RuleExpr {
  if (typeof text !== 'string') {
    throw new RuleSyntaxError('the condition must be a string', 1, rule);
  }
  return new Parser(tokenizeRule(text, rule), rule).parseAll();
}

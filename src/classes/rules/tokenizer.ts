/**
 * Tokens of the rule language, and the syntax error type.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { ComparisonOperator } from './ast.js';

/**
 * A syntax error in a rule condition: code INVALID_RULE, with the rule's name (when known) and
 * the 1-based character position of the problem in the condition text.
 */
export class RuleSyntaxError extends CohortlabError {
  /** Name of the rule, or undefined when parsing a bare expression. */
  readonly rule: string | undefined;
  /** 1-based character position in the condition. */
  readonly position: number;

  constructor(detail: string, position: number, rule?: string) {
    const where = rule === undefined ? '' : `rule "${rule}", `;
    super('INVALID_RULE', `${where}position ${position}: ${detail}`);
    this.name = 'RuleSyntaxError';
    this.rule = rule;
    this.position = position;
  }
}

/** Keywords, matched case-insensitively. */
export type RuleKeyword = 'and' | 'or' | 'not' | 'in' | 'is' | 'null';

/** One token; `pos` is the 0-based offset of its first character. */
export type RuleToken =
  | { readonly type: 'number'; readonly value: number; readonly pos: number }
  | { readonly type: 'string'; readonly value: string; readonly pos: number }
  | { readonly type: 'ident'; readonly name: string; readonly pos: number }
  | { readonly type: 'keyword'; readonly keyword: RuleKeyword; readonly pos: number }
  | { readonly type: 'op'; readonly op: ComparisonOperator; readonly pos: number }
  | { readonly type: 'minus' | 'lparen' | 'rparen' | 'comma' | 'end'; readonly pos: number };

const KEYWORDS: ReadonlySet<string> = new Set<RuleKeyword>([
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
]);
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS: readonly [string, ComparisonOperator][] = [
  ['<=', '<='],
  ['>=', '>='],
  ['<>', '!='],
  ['!=', '!='],
  ['==', '='],
  ['<', '<'],
  ['>', '>'],
  ['=', '='],
];

/** Reads a quoted run starting at `start` (the opening quote); a doubled quote is one quote. */
function readQuoted(text: string, start: number, rule: string | undefined): [string, number] {
  const quote = text[start] as string;
  let value = '';
  let i = start + 1;
  for (;;) {
    const j = text.indexOf(quote, i);
    if (j === -1) {
      const what = quote === '`' ? 'backquoted name' : 'string';
      throw new RuleSyntaxError(`unterminated ${what} (missing ${quote})`, start + 1, rule);
    }
    value += text.slice(i, j);
    if (text[j + 1] === quote) {
      value += quote;
      i = j + 2;
    } else {
      return [value, j + 1];
    }
  }
}

/** Splits rule text into tokens, ending with an `end` token. */
export function tokenizeRule(text: string, rule?: string): RuleToken[] {
  const tokens: RuleToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i;
    if (c === '(' || c === ')' || c === ',' || c === '-') {
      const type = c === '(' ? 'lparen' : c === ')' ? 'rparen' : c === ',' ? 'comma' : 'minus';
      tokens.push({ type, pos });
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const [value, next] = readQuoted(text, i, rule);
      if (c === '`') {
        if (value.length === 0) throw new RuleSyntaxError('empty column name', pos + 1, rule);
        tokens.push({ type: 'ident', name: value, pos });
      } else {
        tokens.push({ type: 'string', value, pos });
      }
      i = next;
      continue;
    }
    const operator = OPERATORS.find(([symbol]) => text.startsWith(symbol, i));
    if (operator !== undefined) {
      tokens.push({ type: 'op', op: operator[1], pos });
      i += operator[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number !== null) {
      i += number[0].length;
      if (i < text.length && /[A-Za-z0-9_.]/.test(text[i] as string)) {
        throw new RuleSyntaxError(`malformed number "${number[0]}${text[i]}"`, pos + 1, rule);
      }
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw new RuleSyntaxError('number too large', pos + 1, rule);
      tokens.push({ type: 'number', value, pos });
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident !== null) {
      const word = ident[0];
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) tokens.push({ type: 'keyword', keyword: lower as RuleKeyword, pos });
      else tokens.push({ type: 'ident', name: word, pos });
      i += word.length;
      continue;
    }
    throw new RuleSyntaxError(`unexpected character "${c}"`, pos + 1, rule);
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

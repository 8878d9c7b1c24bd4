/**
 * The one place that decides what user text may become inside generated SQL. Names and values
 * go into quoted identifiers and string literals (see each dialect); comments never carry raw
 * user text: {@link sqlCommentText} makes any text inert inside a `--` line comment and a
 * block comment alike. A NUL character is refused everywhere ({@link refuseNul}): C clients
 * cut the query text at it, so no quoting can keep it inside a name.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';

/**
 * Characters written as `\u{…}` escapes in comments and messages: controls (NUL, CR, LF, TAB,
 * U+0085 NEL…), format characters, line and paragraph separators (U+2028, U+2029), lone
 * surrogates. A parser that ends a line comment at any of them cannot be fooled.
 */
const UNSAFE_IN_COMMENT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const escapeChar = (ch: string): string =>
  `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`;

/**
 * `text` as it may appear inside one SQL comment line: unsafe characters escaped (so the
 * comment cannot end early and start a statement), and `*∕` / `∕*` split so that it cannot
 * close or open a block comment either. Idempotent on plain text.
 */
export function sqlCommentText(text: string): string {
  return text
    .replace(UNSAFE_IN_COMMENT, escapeChar)
    .replace(/\*\//g, '* /')
    .replace(/\/\*/g, '/ *');
}

/**
 * A `--` comment line (or several, one per `\n` of `text`), each line made safe with
 * {@link sqlCommentText}.
 */
export function sqlCommentLines(text: string, indent = ''): string {
  return text
    .split('\n')
    .map((line) => `${indent}-- ${sqlCommentText(line)}`)
    .join('\n');
}

/** `text` with its unsafe characters escaped, for quoting it in a one-line message. */
export function printableText(text: string): string {
  return text.replace(UNSAFE_IN_COMMENT, escapeChar);
}

/**
 * Throws INVALID_INPUT when `value` (a name or a value about to be written into SQL) holds a
 * NUL character; returns it unchanged otherwise.
 */
export function refuseNul(value: string, what: 'name' | 'value'): string {
  if (value.includes('\u0000')) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `the ${what} "${printableText(value)}" contains a NUL character (U+0000), which SQL text cannot carry: rename or clean it`,
      what === 'name' ? { column: printableText(value) } : {},
    );
  }
  return value;
}

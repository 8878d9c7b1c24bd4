/**
 * Indentation of generated SQL that never touches the inside of a quoted name or string
 * literal: a label or column name holding a newline keeps it byte for byte (indenting every
 * `\n` would rename the column, or change the label the query returns).
 *
 * @module
 */

/** How a dialect escapes inside quotes: doubling only (DuckDB), or backslashes too (ClickHouse). */
export type QuoteEscapes = 'doubled' | 'backslash';

/**
 * The escape style of a dialect, read from its own string literal of one backslash (`'\'`
 * where backslashes are plain text, `'\\'` where they escape).
 */
export function quoteEscapesOf(dialect: { stringLiteral(value: string): string }): QuoteEscapes {
  return dialect.stringLiteral('\\').length > 3 ? 'backslash' : 'doubled';
}

/**
 * `text` with `indent` after every newline that lies outside quotes ('…', "…", `…`) and
 * outside nothing else (a `--` comment runs to its newline, which is indented); lines left
 * empty stay empty. `first` also indents the first line.
 */
export function indentSql(
  text: string,
  indent: string,
  escapes: QuoteEscapes,
  first = false,
): string {
  let out = first && text !== '' && text[0] !== '\n' ? indent : '';
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    out += ch;
    if (quote !== null) {
      if (escapes === 'backslash' && ch === '\\' && i + 1 < text.length) {
        out += text[++i] as string;
      } else if (ch === quote) {
        quote = null; // a doubled quote closes and reopens: the same text
      }
    } else if (comment) {
      if (ch === '\n') {
        comment = false;
        if (i + 1 < text.length && text[i + 1] !== '\n') out += indent;
      }
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '-' && text[i + 1] === '-') {
      comment = true;
    } else if (ch === '\n' && i + 1 < text.length && text[i + 1] !== '\n') {
      out += indent;
    }
  }
  return out;
}

/**
 * Escaping for the three places where data meets HTML: text and attribute values, JSON inside
 * `<script>` elements, and JavaScript source inlined into a `<script>` element.
 *
 * @module
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute value (`& < > " '` become entities). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * JSON that can be placed verbatim inside a `<script>` element: `<`, `>` and `&` become
 * `\u003c`-style escapes (so no `</script>` or `<!--` can end or confuse the element), as do
 * U+2028 and U+2029 (line terminators in older JavaScript). The result still parses with
 * `JSON.parse` and as a JavaScript expression to the same value.
 *
 * Typed arrays become plain arrays (JSON.stringify would write `{"0": …}` objects), and
 * NaN / ±Infinity become `null`, as in JSON.stringify.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value, typedArraysAsArrays);
  if (json === undefined) return 'null';
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** JSON.stringify replacer: typed arrays (not DataView) as arrays. */
function typedArraysAsArrays(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (x) =>
      typeof x === 'bigint' ? Number(x) : x,
    );
  }
  return value;
}

/**
 * JavaScript source made safe to inline in a `<script>` element: every `</script` becomes
 * `<\/script` and every `<!--` becomes `\x3C!--`. Inside string, template and
 * regular-expression literals (with or without the `u` flag) and comments, the only places
 * either can occur in real code, the escaped form means the same; the HTML parser then can
 * neither end the element early nor enter its "double-escaped" state (where `</script>` no
 * longer ends it).
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '\\x3C!--');
}

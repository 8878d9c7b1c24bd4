import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptSafe } from '../../src/report/index.js';

describe('escapeHtml', () => {
  it('replaces the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> é 1<2`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; é 1&lt;2',
    );
  });
});

describe('jsonForScript', () => {
  const value = {
    name: '</script><script>alert(1)</script>',
    comment: '<!-- <script>',
    amp: 'a & b > c',
    separators: 'line\u2028para\u2029end',
    values: new Float64Array([1.5, NaN, -2]),
    ints: new Int32Array([3, 4]),
  };
  const json = jsonForScript(value);

  it('contains no <, >, & or U+2028/2029 characters', () => {
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(json).toContain('\\u2028');
  });

  it('parses back to the same value, typed arrays as arrays and NaN as null', () => {
    const expected = {
      ...value,
      values: [1.5, null, -2],
      ints: [3, 4],
    };
    expect(JSON.parse(json)).toEqual(expected);
    // Also as a JavaScript expression (how the notebook scripts embed it).
    expect(new Function(`return ${json};`)()).toEqual(expected);
  });
});

describe('scriptSafe', () => {
  it('escapes </script (any case) and <!-- so that the code still means the same', () => {
    const source =
      'var s = "</script>"; var t = `<!--`; var r = /<\\/SCRIPT>/u; var q = /<!--/u; ' +
      'return [s, t, r.source, q.test("<!--"), "</ScRiPt "];';
    const safe = scriptSafe(source);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain('<!--');
    const expected = ['</script>', '<!--', '<\\/SCRIPT>', true, '</ScRiPt '];
    expect(new Function(source)()).toEqual(expected);
    expect(new Function(safe)()).toEqual(expected);
  });
});

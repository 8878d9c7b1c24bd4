import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/export/csv.js';

describe('toCsv', () => {
  it('writes RFC 4180 with CRLF, quoting and full-precision numbers', () => {
    const csv = toCsv({
      name: ['plain', 'with,comma', 'say "hi"', 'two\nlines', null],
      value: new Float64Array([0.1 + 0.2, 1e21, -0, NaN, 12.5]),
    });
    expect(csv).toBe(
      'name,value\r\nplain,0.30000000000000004\r\n"with,comma",1e+21\r\n"say ""hi""",0\r\n"two\nlines",\r\n,12.5\r\n',
    );
  });

  it('defuses spreadsheet formulas in text cells', () => {
    for (const cell of ['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx']) {
      expect(csvField(cell).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('a=b')).toBe('a=b');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckDateText } from '../../src/data/date-text.js';
import { Engine } from '../../src/data/engine.js';

// engine.columns reads DuckDB chunks straight into the table (typed-array copies for DOUBLE,
// day numbers formatted in JavaScript for DATE, integers made text in JavaScript): each is
// checked here against DuckDB's own values and text.
let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

describe('duckDateText', () => {
  it("writes every day as DuckDB's CAST(date AS VARCHAR) does, BC and 5-digit years included", async () => {
    // Every 7th day from 220 BC to AD 10183, plus edges: year 0/1 BC, 9999/10000, far years.
    const rows = await engine.columns(
      `SELECT d, CAST(DATE '1970-01-01' + d AS VARCHAR) AS text FROM (
         SELECT CAST(range AS INTEGER) AS d FROM range(-800000, 3000000, 7)
         UNION ALL SELECT unnest([-719528, -719529, -719893, -719894, -5000000, -100000000,
                                  2932896, 2932897, 100000000, 0, -1, 59, 60]))`,
    );
    const days = rows['d'] as Float64Array;
    const texts = rows['text'] as (string | null)[];
    expect(days.length).toBeGreaterThan(500_000);
    const wrong = [...days].filter((d, i) => duckDateText(d) !== texts[i]);
    expect(wrong).toEqual([]);
    expect(duckDateText(0)).toBe('1970-01-01');
    expect(duckDateText(-719162)).toBe('0001-01-01');
    expect(duckDateText(-719163)).toBe('0001-12-31 (BC)');
    expect(duckDateText(2932897)).toBe('10000-01-01');
  });
});

describe('engine.columns', () => {
  it('reads DATE columns as the text DuckDB gives them, ±infinity and NULL included', async () => {
    const t = await engine.columns(
      `SELECT d, CAST(d AS VARCHAR) AS text FROM (VALUES (DATE '2024-02-29'), (DATE '0044-03-15 (BC)'),
         (DATE '12345-06-07'), ('infinity'::DATE), ('-infinity'::DATE), (NULL::DATE),
         (DATE '2024-02-29')) AS v(d)`,
    );
    expect(t['d']).toEqual(t['text']);
    expect(t['d']).toEqual([
      '2024-02-29',
      '0044-03-15 (BC)',
      '12345-06-07',
      'infinity',
      '-infinity',
      null,
      '2024-02-29',
    ]);
  });

  it('copies DOUBLE and FLOAT columns with NULLs across chunk boundaries exactly', async () => {
    // 10,000 rows = several 2048-row chunks; NULL every 7th row, NaN and ±inf kept as values.
    const t = await engine.columns(
      `SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE CAST(i AS DOUBLE) * 0.1::DOUBLE - 3::DOUBLE END AS x,
              CAST(CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3 END AS FLOAT) AS f,
              CASE i WHEN 1 THEN 'nan'::DOUBLE WHEN 2 THEN 'inf'::DOUBLE WHEN 3 THEN '-inf'::DOUBLE
                     ELSE 1.0 END AS special
       FROM range(10000) AS r(i) ORDER BY i`,
    );
    const x = t['x'] as Float64Array;
    const f = t['f'] as Float64Array;
    expect(x).toHaveLength(10000);
    for (let i = 0; i < 10000; i++) {
      expect(x[i]).toBe(i % 7 === 0 ? NaN : i * 0.1 - 3);
      expect(f[i]).toBe(i % 5 === 0 ? NaN : Math.fround(i / 3));
    }
    const special = t['special'] as Float64Array;
    expect([...special.slice(0, 5)]).toEqual([1, NaN, Infinity, -Infinity, 1]);
  });

  it('returns integer columns named asText as their exact decimal text', async () => {
    const t = await engine.columns(
      `SELECT i, b, h, CAST(i AS VARCHAR) AS it, CAST(b AS VARCHAR) AS bt, CAST(h AS VARCHAR) AS ht
       FROM (VALUES (CAST(-5 AS INTEGER), CAST(9007199254740993 AS BIGINT), CAST(-170141183460469231731687303715884105727 AS HUGEINT)),
                    (2147483647, -9223372036854775808, 0), (NULL, NULL, NULL)) AS v(i, b, h)`,
      ['i', 'b', 'h'],
    );
    expect(t['i']).toEqual(t['it']);
    expect(t['b']).toEqual(t['bt']);
    expect(t['h']).toEqual(t['ht']);
    expect(t['b']).toEqual(['9007199254740993', '-9223372036854775808', null]);
    // Not named: numbers as before.
    const plain = await engine.columns(`SELECT CAST(7 AS BIGINT) AS b, 2.5::DECIMAL(10, 2) AS d`);
    expect(plain).toEqual({ b: new Float64Array([7]), d: new Float64Array([2.5]) });
  });
});

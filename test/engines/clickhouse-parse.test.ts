import { describe, expect, it } from 'vitest';
import {
  clickHouseError,
  concatById,
  parseClickHouseError,
  parseTsvWithNamesAndTypes,
} from '../../src/engines/index.js';

// Parsing without a server: error bodies of ClickHouse 18.16 and of newer servers, TSV output.
const CONTEXT = { server: 'http://db:8123', user: 'default', table: 'sales' };

describe('ClickHouse error bodies', () => {
  it('reads the 18.16 and the newer formats', () => {
    expect(
      parseClickHouseError(
        "Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = DB::Exception\n",
      ),
    ).toEqual({ code: 60, message: "Table default.x doesn't exist" });
    expect(
      parseClickHouseError(
        "Code: 47. DB::Exception: Missing columns: 'amt' while processing query: 'SELECT amt FROM sales', required columns: 'amt'. (UNKNOWN_IDENTIFIER) (version 23.8.1.1)",
      ).code,
    ).toBe(47);
  });

  it('maps codes to cohortlab codes, naming the column', () => {
    const newer = clickHouseError(
      404,
      "Code: 47. DB::Exception: Missing columns: 'amt' while processing query. (UNKNOWN_IDENTIFIER) (version 23.8.1.1)",
      CONTEXT,
    );
    expect([newer.code, newer.column]).toEqual(['MISSING_COLUMN', 'amt']);
    expect(newer.message).toMatch(/^ClickHouse http:\/\/db:8123, table sales, column "amt": /);
    const auth = clickHouseError(
      516,
      'Code: 516. DB::Exception: default: Authentication failed: password is incorrect. (AUTHENTICATION_FAILED)',
      CONTEXT,
    );
    expect(auth.code).toBe('ENGINE_AUTH_FAILED');
    expect(
      clickHouseError(500, 'Code: 241, e.displayText() = DB::Exception: Memory limit', CONTEXT)
        .code,
    ).toBe('ENGINE_ERROR');
    expect(clickHouseError(502, 'Bad Gateway', CONTEXT).message).toBe(
      'ClickHouse http://db:8123, table sales: the query failed (HTTP 502: Bad Gateway)',
    );
  });
});

describe('TSVWithNamesAndTypes', () => {
  it('reads numbers exactly, NULL/nan/inf, escaped text and dates', () => {
    const text = [
      'customer_id\tx\tn\tday',
      'Nullable(String)\tFloat64\tNullable(UInt64)\tDate',
      'a\\tb\t0.30000000000000004\t3\t2024-01-02',
      '\\N\tnan\t\\N\t1970-01-01',
      'c\\\\d\\ne\t-inf\t18446744073709551615\t2024-12-31',
      '',
    ].join('\n');
    const table = parseTsvWithNamesAndTypes(text);
    expect(table['customer_id']).toEqual(['a\tb', null, 'c\\d\ne']);
    expect(Array.from(table['x'] as Float64Array)).toEqual([0.1 + 0.2, NaN, -Infinity]);
    expect(Array.from(table['n'] as Float64Array)).toEqual([3, NaN, 2 ** 64]);
    expect(table['day']).toEqual(['2024-01-02', '1970-01-01', '2024-12-31']);
    expect(parseTsvWithNamesAndTypes('a\nUInt8\n')).toEqual({ a: new Float64Array(0) });
  });

  it('concatenates shard results in customer order', () => {
    const merged = concatById([
      { customer_id: ['b', 'd'], x: Float64Array.of(2, 4) },
      { customer_id: ['a', 'c'], x: Float64Array.of(1, 3) },
    ]);
    expect(merged).toEqual({ customer_id: ['a', 'b', 'c', 'd'], x: Float64Array.of(1, 2, 3, 4) });
  });
});

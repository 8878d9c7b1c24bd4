import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuleExpression } from '../../src/classes/rules/parser.js';
import { duckdbDialect as treeDialect } from '../../src/classify/tree/sql.js';
import { Engine } from '../../src/data/engine.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import { composeNested, composeWithCtes } from '../../src/sql/dialects/shared.js';
import { duckdbDialect, ruleConditionSql, type QueryStage } from '../../src/sql/index.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
});
afterAll(() => engine.close());

/** Deterministic doubles of every magnitude and digit count (xorshift, fixed seed). */
function awkwardDoubles(count: number): number[] {
  let s = 0x9e3779b9;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const out = [
    0.1,
    0.2 + 0.1,
    1 / 3,
    -2 / 3,
    5e-324,
    1.7976931348623157e308,
    123456789012345680000,
    1e21,
    -0.0125,
    2 ** 53 + 2,
  ];
  for (let i = 0; i < count; i++) {
    const mantissa = next() * 2 - 1;
    out.push(mantissa * 10 ** Math.round(next() * 40 - 20));
  }
  return out;
}

describe('the DuckDB dialect', () => {
  it('writes number literals that DuckDB reads back as exactly the same double', async () => {
    const values = awkwardDoubles(300);
    const select = values
      .map((v, i) => `${duckdbDialect.numberLiteral(v)} * 1.0e0 AS v${i}`)
      .join(', ');
    const row = await engine.row(`SELECT ${select}`);
    const back = values.map((_, i) => row[`v${i}`]);
    expect(back).toEqual(values);
    // Arithmetic context: x − literal with a negative literal must not read as a comment.
    const negative = await engine.row(`SELECT 1.5 - ${duckdbDialect.numberLiteral(-0.25)} AS v`);
    expect(negative['v']).toBe(1.75);
  });

  it('refuses non-finite numbers', () => {
    expect(() => duckdbDialect.numberLiteral(Infinity)).toThrow(CohortlabError);
    expect(() => duckdbDialect.numberLiteral(NaN)).toThrow(/cannot write NaN/);
  });

  it('is the dialect decision trees use (one object, re-exported)', () => {
    expect(treeDialect).toBe(duckdbDialect);
  });

  it('chains stages as CTEs or as nested subqueries with the same result', async () => {
    const stages: QueryStage[] = [
      { name: 'a', comment: 'numbers', select: (from) => `SELECT x, x * 2 AS y FROM ${from}` },
      { name: 'b', comment: 'sum\nof both', select: (from) => `SELECT x, x + y AS z FROM ${from}` },
      { name: 'c', comment: 'ordered', select: (from) => `SELECT * FROM ${from} ORDER BY x DESC` },
    ];
    const source = '(SELECT unnest([1, 2, 3]) AS x) AS src';
    const ctes = composeWithCtes(source, stages);
    const nested = composeNested(source, stages);
    expect(ctes).toContain('WITH\n-- numbers\na AS (');
    expect(ctes).toContain('-- sum\n-- of both\nb AS (');
    expect(nested).not.toContain('WITH');
    expect(nested).toContain(') AS b');
    const expected = { x: Float64Array.from([3, 2, 1]), z: Float64Array.from([9, 6, 3]) };
    expect(await engine.columns(ctes)).toEqual(expected);
    expect(await engine.columns(nested)).toEqual(expected);
  });
});

describe('rule conditions in SQL', () => {
  // Every combination of missing and present values, evaluated by SQL's three-valued logic
  // and by the explicit NULL guards; both must say TRUE exactly where SQL does.
  const conditions = [
    'a > 1',
    'not (a > 1)',
    'a > 1 and b < 2',
    'not (a > 1 and b < 2)',
    'a > 1 or b < 2',
    'not (a > 1 or b < 2)',
    "not (s in ('x', 'y')) and a is not null",
    "s != 'x' or not (b is null)",
    'not (not (a = 1) or b >= 2)',
  ];
  it.each(conditions)('%s', async (text) => {
    const expr = parseRuleExpression(text, 'r');
    const guarded = { ...duckdbDialect, ternaryLogic: false };
    const values = `(VALUES (NULL, NULL, NULL), (1, 1, 'x'), (2, 1, 'y'), (2, 3, 'z'), (NULL, 1, 'z'), (2, NULL, NULL), (0, 5, 'x'))`;
    const sql = `SELECT coalesce(${ruleConditionSql(expr, duckdbDialect)}, FALSE) AS direct,
      (${ruleConditionSql(expr, guarded)}) AS guarded
      FROM ${values} AS t("a", "b", "s")`;
    const rows = await engine.rows(sql);
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      // The guarded form is never NULL, and TRUE exactly where SQL's logic says TRUE.
      expect(typeof r['guarded']).toBe('boolean');
      expect(r['guarded']).toBe(r['direct']);
    }
  });

  it('refuses a column the query does not have', () => {
    const expr = parseRuleExpression('region = 1', 'r');
    expect(() => ruleConditionSql(expr, duckdbDialect, { columns: ['monetary'] })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FEATURE' }),
    );
  });
});

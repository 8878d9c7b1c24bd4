/**
 * Tree export: readable rules (hand-built examples, merged conditions, rule-language
 * round trip through RuleClassifier) and the SQL CASE expression executed in DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleClassifier } from '../../../src/classes/rules/rule-classifier.js';
import { DecisionTreeClassifier } from '../../../src/classify/tree/decision-tree.js';
import { toRules } from '../../../src/classify/tree/rules.js';
import { duckdbDialect, toSqlCase } from '../../../src/classify/tree/sql.js';
import { Engine } from '../../../src/data/engine.js';
import type { ColumnTable } from '../../../src/table/column-table.js';
import { expectError, tableOf, wholesaleFixture } from './helpers.js';

/** Champions: recent and frequent; New: recent, rare; At risk: not recent. */
function rfmExample(): { table: ColumnTable; target: string[] } {
  const recency: number[] = [];
  const frequency: number[] = [];
  const target: string[] = [];
  const add = (r: number, f: number, label: string): void => {
    recency.push(r);
    frequency.push(f);
    target.push(label);
  };
  for (let i = 0; i < 16; i++) add(10 + 10 * (i % 4), 4 + (i % 3), 'Champions');
  add(20, 5, 'New'); // one exception among the champions: 16 of 17 = 94%
  for (let i = 0; i < 10; i++) add(10 + 10 * (i % 4), 1 + (i % 2), 'New');
  for (let i = 0; i < 20; i++) add(50 + 10 * (i % 4), 1 + (i % 6), 'At risk');
  return {
    table: { recency_days: Float64Array.from(recency), frequency: Float64Array.from(frequency) },
    target,
  };
}

describe('toRules', () => {
  it('reads a hand-built tree', () => {
    const { table, target } = rfmExample();
    const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(table, target);
    expect(toRules(tree).map((r) => r.text)).toEqual([
      'IF recency_days ≤ 45 AND frequency ≤ 3 THEN New (n = 10, 100%)',
      'IF recency_days ≤ 45 AND frequency > 3 THEN Champions (n = 17, 94%)',
      'IF recency_days > 45 THEN At risk (n = 20, 100%)',
    ]);
    const champions = toRules(tree)[1];
    expect(champions?.when).toBe('recency_days <= 45 and frequency > 3');
    expect(champions?.samples).toBe(17);
    expect(champions?.probability).toBeCloseTo(16 / 17, 15);
  });

  it('merges conditions on the same feature along a path', () => {
    const recency = Float64Array.from({ length: 40 }, (_, i) => 10 + 10 * (i % 8));
    const target = Array.from(recency, (r) => (r <= 20 ? 'A' : r <= 40 ? 'B' : 'C'));
    const tree = new DecisionTreeClassifier().fit({ recency }, target);
    expect(toRules(tree).map((r) => r.text)).toEqual([
      'IF recency ≤ 25 THEN A (n = 10, 100%)',
      'IF recency > 25 AND recency ≤ 45 THEN B (n = 10, 100%)',
      'IF recency > 45 THEN C (n = 20, 100%)',
    ]);
  });

  it('a single leaf is an always-true rule', () => {
    const tree = new DecisionTreeClassifier().fit({ x: Float64Array.of(1, 2) }, ['a', 'a']);
    const [rule] = toRules(tree);
    expect(rule?.text).toBe('IF TRUE THEN a (n = 2, 100%)');
    expect(rule?.when).toBe('1 = 1');
  });

  it('rounds thresholds in the text only (12 digits by default), never in the rule', () => {
    const x = Float64Array.of(0.1, 0.7, 0.11, 0.69);
    const tree = new DecisionTreeClassifier().fit({ x }, ['a', 'b', 'a', 'b']);
    const [readable] = toRules(tree);
    const [exact] = toRules(tree, { precision: 17 });
    const [rounded] = toRules(tree, { precision: 1 });
    expect(readable?.text).toBe('IF x ≤ 0.4 THEN a (n = 2, 100%)');
    expect(exact?.text).toBe('IF x ≤ 0.39999999999999997 THEN a (n = 2, 100%)');
    expect(rounded?.text).toBe('IF x ≤ 0.4 THEN a (n = 2, 100%)');
    expect(readable?.when).toBe('x <= 0.39999999999999997');
    expect(rounded?.when).toBe('x <= 0.39999999999999997');
    expectError(() => toRules(tree, { precision: 0 }), 'INVALID_OPTION');
  });

  it('leaves become a RuleClassifier that predicts exactly like the tree', () => {
    const fixture = wholesaleFixture();
    const table = tableOf(fixture.columns);
    const tree = new DecisionTreeClassifier({ maxDepth: 5 }).fit(table, fixture.channel);
    const rules = toRules(tree);
    expect(rules.length).toBe(tree.leafCount);
    const classifier = new RuleClassifier({
      rules: rules.map((r) => ({ name: r.label, when: r.when })),
      defaultClass: 'unmatched',
    }).fit(table);
    expect(classifier.predict(table)).toEqual(tree.predict(table));
    expect(classifier.parsedRules.map((r) => r.expr)).toEqual(rules.map((r) => r.expr));
  });
});

describe('toSqlCase in DuckDB', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.open();
  });
  afterAll(() => engine.close());

  async function loadTable(name: string, table: ColumnTable): Promise<void> {
    const columns = Object.keys(table);
    const n = (table[columns[0] as string] as ArrayLike<unknown>).length;
    const rows = Array.from(
      { length: n },
      (_, i) =>
        `(${i}, ${columns
          .map((c) => {
            const v = (table[c] as ArrayLike<number | string>)[i] as number | string;
            return typeof v === 'number'
              ? `CAST('${String(v)}' AS DOUBLE)`
              : duckdbDialect.stringLiteral(v);
          })
          .join(', ')})`,
    );
    const names = ['row_id', ...columns].map((c) => duckdbDialect.quoteIdentifier(c)).join(', ');
    await engine.run(
      `CREATE OR REPLACE TABLE ${name} AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${names})`,
    );
  }

  async function sqlPredict(name: string, expression: string): Promise<string[]> {
    const rows = await engine.rows(`SELECT ${expression} AS label FROM ${name} ORDER BY row_id`);
    return rows.map((r) => r['label'] as string);
  }

  it('gives predict()’s labels on the wholesale training rows', async () => {
    const fixture = wholesaleFixture();
    const table = tableOf(fixture.columns);
    await loadTable('wholesale', table);
    for (const maxDepth of [2, 5, 8]) {
      for (const criterion of ['gini', 'entropy'] as const) {
        const tree = new DecisionTreeClassifier({ maxDepth, criterion }).fit(
          table,
          fixture.channel,
        );
        expect(await sqlPredict('wholesale', toSqlCase(tree))).toEqual(tree.predict(table));
      }
    }
  });

  it('is exact at thresholds that need 17 digits, and handles categories', async () => {
    const train: ColumnTable = {
      x: Float64Array.of(0.1, 0.7, 0.1, 0.7, 0.1, 0.7),
      shop: ['a', 'a', 'b', 'c', 'c', 'b'],
    };
    const target = ['lo', 'hi', 'lo', 'hi', 'mid', 'mid'];
    const tree = new DecisionTreeClassifier().fit(train, target, { features: ['x', 'shop'] });
    const sql = toSqlCase(tree);
    expect(sql).toContain('0.39999999999999997e0');
    // 0.4 is the double just above the threshold 0.39999999999999997.
    const fresh: ColumnTable = {
      x: Float64Array.of(0.39999999999999997, 0.4, 0.1, 0.7, 0.4, 0.39999999999999997),
      shop: ['a', 'a', 'c', 'c', 'zzz', 'b'],
    };
    await loadTable('fresh', fresh);
    expect(await sqlPredict('fresh', sql)).toEqual(tree.predict(fresh));
    expect(tree.predict(fresh).slice(0, 2)).toEqual(['lo', 'hi']);
  });

  it('writes one WHEN per leaf, identifiers quoted or not', () => {
    const { table, target } = rfmExample();
    const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(table, target);
    expect(toSqlCase(tree)).toBe(
      [
        'CASE',
        `  WHEN "recency_days" <= 45 AND "frequency" <= 3 THEN 'New'`,
        `  WHEN "recency_days" <= 45 AND "frequency" > 3 THEN 'Champions'`,
        `  WHEN "recency_days" > 45 THEN 'At risk'`,
        'END',
      ].join('\n'),
    );
    expect(toSqlCase(tree, { quoteIdentifiers: false, newline: false })).toBe(
      "CASE WHEN recency_days <= 45 AND frequency <= 3 THEN 'New' WHEN recency_days <= 45 AND frequency > 3 THEN 'Champions' WHEN recency_days > 45 THEN 'At risk' END",
    );
  });

  it('writes a name unquoted only when it is a plain identifier', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    const target = ['a', 'a', 'b', 'b'];
    for (const name of ['x\n; DROP TABLE t; --', 'a b', 'x"y']) {
      const tree = new DecisionTreeClassifier().fit({ [name]: x }, target);
      expect(toSqlCase(tree)).toContain(duckdbDialect.quoteIdentifier(name));
      const error = expectError(
        () => toSqlCase(tree, { quoteIdentifiers: false }),
        'INVALID_INPUT',
      );
      expect(error.message).toContain('not a plain identifier');
    }
  });
});

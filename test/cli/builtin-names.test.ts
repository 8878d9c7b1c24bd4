/**
 * JavaScript's built-in property names are not column names (issue 17, item 6): `toString`,
 * `constructor`, `hasOwnProperty`, `__proto__`, `valueOf` are unknown columns in --where,
 * --split-by, rules and the tables behind them, unknown keys in --map and --dialect, and an
 * ordinary key when a record really has one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleClassifier } from '../../src/classes/rules/rule-classifier.js';
import { parseMap } from '../../src/cli/args.js';
import { parseSqlArgs } from '../../src/cli/sql-command.js';
import { recordsToColumns } from '../../src/data/memory-source.js';
import { isCohortlabError, type ErrorCode } from '../../src/errors/cohortlab-error.js';
import { filterRows } from '../../src/export/cohort-filter.js';
import { splitRows } from '../../src/export/split.js';
import { getColumn } from '../../src/table/column-table.js';
import { cli, io, tempDir } from './helpers.js';

const BUILTINS = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'];
const table = {
  monetary: Float64Array.from([1, 2, 3]),
  segment: ['a', 'b', 'a'],
};

function codeOf(run: () => unknown): ErrorCode | 'none' | 'untyped' {
  try {
    run();
    return 'none';
  } catch (error) {
    return isCohortlabError(error) ? error.code : 'untyped';
  }
}

describe('built-in property names in the library', () => {
  it('are unknown columns for getColumn, --where, --split-by and rules', () => {
    for (const name of BUILTINS) {
      expect(
        codeOf(() => getColumn(table, name)),
        name,
      ).toBe('UNKNOWN_FEATURE');
      expect(
        codeOf(() => filterRows(table, `${name} > 1`)),
        name,
      ).toBe('UNKNOWN_FEATURE');
      expect(
        codeOf(() => splitRows(table, name)),
        name,
      ).toBe('UNKNOWN_FEATURE');
      const rules = new RuleClassifier({ rules: [{ name: 'r', when: `${name} > 1` }] });
      expect(
        codeOf(() => rules.fit(table)),
        name,
      ).toBe('UNKNOWN_FEATURE');
    }
  });

  it('are not --map keys nor --dialect names', () => {
    for (const name of BUILTINS) {
      expect(
        codeOf(() => parseMap(`id=a,date=b,amount=c,${name}=x`)),
        name,
      ).toBe('INVALID_OPTION');
      expect(
        codeOf(() => parseSqlArgs(['--model', 'm.json', '--dialect', name])),
        name,
      ).toBe('INVALID_OPTION');
    }
  });

  it('are ordinary keys of records that hold them, and pollute nothing', () => {
    const records = JSON.parse('[{"__proto__": 1, "toString": 2, "id": "a"}]') as Record<
      string,
      unknown
    >[];
    const columns = recordsToColumns(records);
    expect(Object.keys(columns)).toEqual(['__proto__', 'toString', 'id']);
    expect(columns['__proto__']).toEqual([1]);
    expect(({} as Record<string, unknown>)['0']).toBeUndefined();
  });
});

describe('built-in property names on the command line', () => {
  const dir = tempDir();
  const csv = join(dir, 'tx.csv');
  const rows = ['customer,date,amount'];
  for (let c = 0; c < 24; c++) {
    for (let k = 0; k <= c % 3; k++)
      rows.push(`c${c},2024-0${1 + ((c + k * 4) % 9)}-15,${10 + c + k}`);
  }
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const base = ['run', '--transactions', csv, '--map', 'id=customer,date=date,amount=amount', '-q'];

  it('--where and --split-by refuse them with one line naming the column', async () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty']) {
      for (const flags of [
        ['--where', `${name} > 0`],
        ['--split-by', name],
      ]) {
        const out = join(dir, `out-${name}-${flags[0]?.slice(2) ?? ''}`);
        expect(await cli(...base, '--out', out, ...flags), `${name} ${flags[0]}`).toBe(2);
        expect(io.stderr).toContain(`column "${name}"`);
        expect(io.stderr.trim().split('\n')).toHaveLength(1);
      }
    }
  }, 120_000);
});

/**
 * score.sql and what the run says about it (issue 17, item 6): categories that differ only
 * in case or punctuation get numbered share columns (a NAME_CHANGED warning) and score.sql
 * holds the query; a model that cannot be exported gets a score.sql that only says why, and
 * the summary, the warnings on stderr and quality.json all say so (PART_SKIPPED).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, io, tempDir } from './helpers.js';

const CATEGORIES = ['Books', 'books', 'a-b', 'a b', 'Toys'];

function writeTransactions(dir: string): string {
  const rows = ['customer,date,amount,category'];
  for (let c = 0; c < 24; c++) {
    for (let k = 0; k <= c % 3; k++) {
      const day = `2024-0${1 + ((c + k * 4) % 9)}-15`;
      rows.push(`c${c},${day},${10 + c + k},${CATEGORIES[(c + k) % CATEGORIES.length]}`);
    }
  }
  const file = join(dir, 'tx.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

const MAP = 'id=customer,date=date,amount=amount,category=category';

describe('score.sql and the run summary', () => {
  it('categories differing in case or punctuation: numbered share columns, a real query', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(
      await cli('run', '--transactions', writeTransactions(dir), '--map', MAP, '--out', out),
    ).toBe(0);
    const sql = readFileSync(join(out, 'score.sql'), 'utf8');
    expect(sql.startsWith('-- cohortlab scoring query (duckdb)')).toBe(true);
    for (const name of ['share_books', 'share_books_2', 'share_a_b', 'share_a_b_2', 'share_toys']) {
      expect(sql).toContain(`AS "${name}"`);
    }
    expect(io.stdout).not.toContain('holds no query');
    expect(io.stderr).toContain(
      'warning NAME_CHANGED: 2 categories differ from another only in case or punctuation',
    );
    const header = readFileSync(join(out, 'cohorts.csv'), 'utf8').split('\n')[0] ?? '';
    for (const name of ['share_books', 'share_books_2', 'share_a_b', 'share_a_b_2']) {
      expect(header.split(',')).toContain(name);
    }
  }, 120_000);

  it('a model SQL cannot carry: score.sql says why, and so do the summary, stderr and quality.json', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const customers = join(dir, 'customers.csv');
    writeFileSync(
      customers,
      `customer,region\n${Array.from({ length: 24 }, (_, c) => `c${c},${c % 2 ? 'North' : 'South'}`).join('\n')}\n`,
    );
    const rules = join(dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({
        defaultClass: 'south',
        rules: [{ name: 'north', when: "region = 'North'" }],
      }),
    );
    const code = await cli(
      'run',
      '--transactions',
      writeTransactions(dir),
      '--map',
      MAP,
      '--customers',
      customers,
      '--customer-id',
      'customer',
      '--rules',
      rules,
      '--out',
      out,
    );
    expect(code, io.stderr).toBe(0);
    const sql = readFileSync(join(out, 'score.sql'), 'utf8');
    expect(sql.startsWith('-- cohortlab: no scoring query for this model:')).toBe(true);
    expect(io.stdout).toMatch(/file\s+\S+ \S+\s+\S*score\.sql: score\.sql holds no query: /);
    expect(io.stderr).toContain('warning PART_SKIPPED: score.sql holds no query');
    const quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')) as {
      warnings: { code: string; message: string }[];
    };
    expect(quality.warnings.map((w) => w.code)).toContain('PART_SKIPPED');
    // --strict refuses such a run before writing anything.
    const strictOut = join(dir, 'strict');
    expect(
      await cli(
        'run',
        '--transactions',
        join(dir, 'tx.csv'),
        '--map',
        MAP,
        '--customers',
        customers,
        '--customer-id',
        'customer',
        '--rules',
        rules,
        '--out',
        strictOut,
        '--strict',
      ),
    ).toBe(2);
  }, 120_000);
});

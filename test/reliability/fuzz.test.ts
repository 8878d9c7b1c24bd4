/**
 * Fuzzing the CSV loader: 10,000 seeded mutations of valid CSV files (random bytes, quotes,
 * delimiters, NULs, invalid UTF-8, truncation, huge numbers, empty lines, shuffled lines) must
 * each load or fail with a CohortlabError whose message is one line — never a crash, a hang
 * or an untyped error. Every tenth file that loads also goes through the quality report and
 * the feature stage.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { qualityReport } from '../../src/data/quality.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { CohortlabError, type ErrorCode } from '../../src/errors/cohortlab-error.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { FuzzRandom, mutatedFile } from './fuzz-mutations.js';
import { MAP } from './helpers.js';

const FILES = 10_000;
const SEED = 20_240_601;

let engine: Engine;
let dir: string;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  dir = mkdtempSync(join(tmpdir(), 'cohortlab-fuzz-'));
});
afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Drops the engine's temporary tables and views so 10,000 loads do not pile up. */
async function dropTemporaries(): Promise<void> {
  const objects = await engine.rows(
    `SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE temporary AND NOT internal
     UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE temporary`,
  );
  for (const o of objects)
    await engine.run(`DROP ${String(o['kind'])} IF EXISTS "${String(o['name'])}"`);
}

describe('CSV loader fuzz', () => {
  it(`${FILES.toLocaleString('en-US')} mutated files: typed errors or successful loads only`, async () => {
    const random = new FuzzRandom(SEED);
    const outcomes = new Map<ErrorCode | 'LOADED', number>();
    const untyped: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const { bytes, ext } = mutatedFile(random);
      const file = join(dir, `f${i}.${ext}`);
      writeFileSync(file, bytes);
      try {
        const tx = await loadTransactions(file, { engine, map: MAP });
        expect(tx.rows).toBeGreaterThan(0);
        if (i % 10 === 0) {
          const quality = await qualityReport(tx);
          const features = await customerFeatures(tx, { asOf: quality.asOf });
          // Every customer with a usable row before the as-of date (a stray date such as
          // 9999-12-31 or 'inf' does not move it, so such a row can be after it).
          const before = await engine.row(
            `SELECT count(DISTINCT customer_id) AS n FROM ${tx.table} WHERE day < DATE '${quality.asOf}'`,
          );
          expect(features.table['customer_id']).toHaveLength(Number(before['n']));
          expect(quality.customers).toBeGreaterThanOrEqual(Number(before['n']));
        }
        outcomes.set('LOADED', (outcomes.get('LOADED') ?? 0) + 1);
      } catch (error) {
        if (error instanceof CohortlabError && !error.message.includes('\n')) {
          outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
        } else {
          untyped.push(`file ${i} ${JSON.stringify(bytes.toString('latin1'))}: ${String(error)}`);
        }
      }
      rmSync(file);
      if (i % 500 === 499) await dropTemporaries();
    }
    expect(untyped).toEqual([]);
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(FILES);
    // The mutations reach both sides: many files still load, many are refused for each cause.
    expect(outcomes.get('LOADED')).toBeGreaterThan(500);
    for (const code of [
      'READ_FAILED',
      'INVALID_ENCODING',
      'MISSING_COLUMN',
      'UNPARSEABLE_DATE',
      'UNPARSEABLE_AMOUNT',
      'NO_ROWS',
    ] as const) {
      expect(outcomes.get(code), code).toBeGreaterThan(10);
    }
  }, 300_000);
});

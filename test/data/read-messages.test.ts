/**
 * Messages for broken files and models (issue 17, item 7): each a typed error naming the file
 * (and the columns or field), never the engine's raw text or "internal error".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { CohortlabError, isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { fitPipeline } from '../../src/pipeline/fit-pipeline.js';
import { pipelineFromJSON, pipelineModelText } from '../../src/pipeline/model-json.js';
import { cli, io, tempDir } from '../cli/helpers.js';

const MAP = { customerId: 'id', date: 'day', amount: 'amount' };
let engine: Engine;
let dir: string;

beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
  dir = tempDir();
});
afterAll(() => engine?.close());

async function loadError(file: string): Promise<CohortlabError> {
  try {
    await loadTransactions(file, { engine, map: MAP });
  } catch (error) {
    if (error instanceof CohortlabError) return error;
    throw error;
  }
  throw new Error(`${file} loaded`);
}

describe('broken files', () => {
  it('a corrupt Parquet page: READ_FAILED naming the file, also on the command line', async () => {
    const good = join(dir, 'tx.parquet');
    await engine.run(
      `COPY (SELECT 'c' || (i % 100) AS id, DATE '2024-01-01' + CAST(i % 300 AS INTEGER) AS day, (i % 97) + 0.5 AS amount FROM range(20000) t(i)) TO '${good}' (FORMAT parquet, COMPRESSION uncompressed)`,
    );
    const bytes = readFileSync(good);
    bytes.fill(0xff, 2000, 2400);
    const bad = join(dir, 'corrupt.parquet');
    writeFileSync(bad, bytes);
    const error = await loadError(bad);
    expect(error.code).toBe('READ_FAILED');
    expect(error.file).toBe(bad);
    expect(error.message).toMatch(/^.*corrupt\.parquet: cannot read the file: .*corrupt or truncated\)$/);

    const out = join(dir, 'out');
    const code = await cli('run', '--transactions', bad, '--map', 'id=id,date=day,amount=amount', '--out', out, '-q');
    expect(code).toBe(2);
    expect(io.stderr).toContain(bad);
    expect(io.stderr).not.toContain('internal error');
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('header names differing only in case: DUPLICATE_COLUMN naming the file and both columns', async () => {
    const csv = join(dir, 'dup.csv');
    writeFileSync(csv, 'id,Amount,amount,day\nc1,2,3,2024-01-01\n');
    const error = await loadError(csv);
    expect(error.code).toBe('DUPLICATE_COLUMN');
    expect(error.message).toBe(
      `${csv}, column "amount": columns "Amount" and "amount" differ only in case, and column names are compared without case: rename one`,
    );
  });

  it('JSON keys differing only in case: DUPLICATE_COLUMN naming both (array and lines)', async () => {
    for (const [name, text] of [
      ['dup.json', '[{"id": "c1", "Amount": 2, "amount": 3, "day": "2024-01-01"}]'],
      ['dup.ndjson', '{"id": "c1", "Amount": 2, "amount": 3, "day": "2024-01-01"}\n'],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const error = await loadError(file);
      expect(error.code).toBe('DUPLICATE_COLUMN');
      expect(error.message).toBe(
        `${file}, column "amount": columns "Amount" and "amount" differ only in case, and column names are compared without case: rename one`,
      );
    }
  });

  it('an over-long field is said to be one, not an unterminated quote (quoted or not)', async () => {
    for (const [name, field] of [
      ['long.csv', 'x'.repeat(3_000_000)],
      ['long-quoted.csv', `"${'x'.repeat(3_000_000)}"`],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, `id,amount,day\nc1,${field},2024-01-01\n`);
      const error = await loadError(file);
      expect(error.code).toBe('READ_FAILED');
      expect(error.line).toBe(2);
      expect(error.message).toMatch(/a line of 300001\d bytes is longer than the 2000000 a row may have/);
      expect(error.message).not.toContain('unterminated');
    }
  });
});

describe('a model.json with a part of the wrong type', () => {
  it('"kmeans": "x" names the field and what was expected, not "not valid JSON"', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `c${i % 12}`,
      day: `2024-0${1 + (i % 9)}-1${i % 10}`,
      amount: 5 + (i % 7),
    }));
    const fit = await fitPipeline(await loadTransactions(rows, { engine, map: MAP }), { seed: 1, k: 2 });
    const model = JSON.parse(pipelineModelText(fit.pipeline)) as Record<string, unknown>;
    const cases: [string, (m: Record<string, unknown>) => void, string][] = [
      ['kmeans', (m) => (m['kmeans'] = 'x'), '"kmeans" must be a KMeans model object'],
      ['scaler', (m) => (m['scaler'] = 3), '"scaler" must be a Pipeline model object'],
      [
        'classes.rfm',
        (m) => ((m['classes'] as Record<string, unknown>)['rfm'] = ['x']),
        '"classes.rfm" must be a RfmScorer model object',
      ],
    ];
    for (const [field, tamper, expected] of cases) {
      const doc = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
      tamper(doc);
      const file = join(dir, `model-${field}.json`);
      writeFileSync(file, JSON.stringify(doc));
      let caught: unknown;
      try {
        pipelineFromJSON(readFileSync(file, 'utf8'), file);
      } catch (error) {
        caught = error;
      }
      expect(isCohortlabError(caught, 'INVALID_MODEL'), field).toBe(true);
      expect((caught as Error).message).toContain(expected);
      expect((caught as Error).message).not.toContain('not valid JSON');
      expect(await cli('sql', '--model', file)).toBe(2);
      expect(io.stderr).toContain(file);
      expect(io.stderr).toContain(expected);
    }
  });
});

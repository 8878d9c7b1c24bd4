/**
 * The bad-input catalogue (test/fixtures/bad/): every refused input must come back from the
 * library as a CohortlabError with the right code and location, and from `cohortlab run` as
 * exactly one stderr line, exit code 2 and an untouched output folder.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { BAD_INPUT_CASES } from './bad-input-cases.js';
import { expectRefused, failure, runCli, tempDir } from './helpers.js';

/**
 * The library's message as the command line says it: options named by their flags
 * (`--on-invalid drop`, `--date-format`, `--as-of`, the --map keys), the rest word for word.
 */
function inFlagVocabulary(message: string): string {
  return message
    .replace("pass onInvalid: 'drop'", 'pass --on-invalid drop')
    .replace('; pass dateFormat', '; pass --date-format')
    .replace(/^asOf must be/, '--as-of must be')
    .replace(
      'map needs amount, or quantity and unitPrice',
      '--map needs amount=…, or quantity=… and price=…',
    );
}

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({ threads: 1 });
});
afterAll(() => engine.close());

describe('bad-input catalogue', () => {
  it('holds at least 30 cases with distinct names', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
  });

  for (const entry of BAD_INPUT_CASES) {
    it(entry.name, async () => {
      let libraryMessage: string | undefined;
      if (entry.library !== undefined) {
        const library = entry.library;
        const error = await failure(() => library(engine));
        const { file, row, line, column, count } = error;
        expect({ code: error.code, file, row, line, column, count }).toEqual({
          code: entry.code,
          file: entry.where.file,
          row: entry.where.row,
          line: entry.where.line,
          column: entry.where.column,
          count: entry.where.count,
        });
        expect(error.message).toContain(entry.says);
        expect(error.message).not.toMatch(/\n|Error:/);
        libraryMessage = error.message;
      }
      const out = join(tempDir(), 'out');
      const outcome = await runCli(entry.cli(out), out, entry.command);
      expectRefused(outcome, entry.cliMessage ?? inFlagVocabulary(libraryMessage as string));
    });
  }
});

import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';

/** Path of a file in the bad-input catalogue. */
export const bad = (name: string): string => `test/fixtures/bad/${name}`;

/** The column mapping every catalogue transactions file uses. */
export const MAP = { customerId: 'customer', date: 'date', amount: 'amount' } as const;
/** The same mapping as a `--map` argument. */
export const MAP_ARG = 'id=customer,date=date,amount=amount';

/** A fresh empty temporary folder. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'cohortlab-reliability-'));

/** Runs `action`, which must throw a CohortlabError; returns it. */
export async function failure(action: () => unknown): Promise<CohortlabError> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof CohortlabError)) {
      throw new Error(`expected a CohortlabError, got ${String((error as Error).stack ?? error)}`);
    }
    return error;
  }
  throw new Error('expected a CohortlabError, nothing was thrown');
}

/** What one in-process `cohortlab` invocation did. */
export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Files in the output folder afterwards ([] when it does not exist). */
  readonly written: string[];
}

/**
 * Runs `cohortlab COMMAND --quiet ARGS --out OUT` in-process (COMMAND: run by default) (quiet: stderr then carries errors
 * only) (`--out OUT` is left off when ARGS has its
 * own), capturing stdout and stderr; `written` lists `out`.
 */
export async function runCli(
  args: readonly string[],
  out: string,
  command: 'run' | 'score' = 'run',
): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const spyOut = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const spyErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  let code: number;
  try {
    code = await main([
      command,
      '--quiet',
      ...args,
      ...(args.includes('--out') ? [] : ['--out', out]),
    ]);
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
  }
  const written = existsSync(out) ? readdirSync(out).sort() : [];
  return { code, stdout, stderr, written };
}

/** Asserts the CLI refused: exit 2, exactly one stderr line `cohortlab: MESSAGE`, nothing written. */
export function expectRefused(outcome: CliOutcome, message: string | RegExp): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stderr.endsWith('\n')).toBe(true);
  expect(outcome.stderr.slice(0, -1)).not.toContain('\n');
  if (typeof message === 'string') expect(outcome.stderr).toBe(`cohortlab: ${message}\n`);
  else expect(outcome.stderr).toMatch(message);
  expect(outcome.written).toEqual([]);
}

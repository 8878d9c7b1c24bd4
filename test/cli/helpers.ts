import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** What the CLI printed. */
export const io = { stdout: '', stderr: '' };

/** Kept for symmetry with earlier tests: {@link cli} captures output itself. */
export function captureOutput(): void {
  afterEach(() => vi.restoreAllMocks());
}

/**
 * Runs the CLI in-process (the way test/cli always ran it: `main` imported, no child process)
 * with stdout and stderr captured into {@link io} for the duration of the call; returns the
 * exit code.
 */
export async function cli(...args: string[]): Promise<number> {
  io.stdout = '';
  io.stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    io.stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    io.stderr += String(chunk);
    return true;
  });
  try {
    return await main(args);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A fresh temporary folder. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'cohortlab-cli-'));

/** Mapping of test/fixtures/data/semicolon.csv. */
export const FIXTURE_MAP = 'id=customer,date=date,amount=amount,order=order';
export const SEMICOLON = 'test/fixtures/data/semicolon.csv';

/** Splits RFC 4180 CSV text (CRLF rows, quoted fields) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

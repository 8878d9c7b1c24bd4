/**
 * Every notebook in notebooks/ runs top to bottom through the real tslab kernel code (see
 * ./tslab-runner.ts; no Python, no Jupyter) on the bundled data, and fails on any cell error.
 * Notebooks are committed stripped of outputs; the executed copies, with outputs, are written
 * to test/.notebooks/ for review.
 *
 * The notebooks load the CommonJS build in dist-cjs/: it is rebuilt first when missing or
 * older than src/ (scripts/notebooks/build-cjs.mjs --if-stale).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  displaysOf,
  readNotebook,
  runNotebook,
  stderrOf,
  stdoutOf,
  stripped,
  type Notebook,
  type NotebookRun,
} from './tslab-runner.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const notebooksDir = path.join(root, 'notebooks');
const executedDir = path.join(root, 'test', '.notebooks');
const notebooks = readdirSync(notebooksDir)
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

/** Per-notebook checks of what the analyst sees, after the generic ones. */
const EXPECTATIONS: Record<string, (run: NotebookRun) => void> = {
  '01-rfm-and-classes.ipynb': ({ notebook, locals }) => {
    const text = stdoutOf(notebook);
    const html = displaysOf(notebook, 'text/html');
    // Quality report, as text and as an HTML table.
    expect(text).toMatch(/^customers\s+23,570$/m);
    expect(text).toMatch(/^revenue before as-of\s+2,500,315\.63$/m);
    expect(html[0]).toContain('<td style="text-align:left">customers</td>');
    expect(html[0]).toContain('<td style="text-align:right">23,570</td>');
    // Features: the head of the table.
    expect(text).toContain('as of 1998-07-01: 23570 customers');
    expect(html[1]).toContain('<td style="text-align:left">00003</td>');
    // RFM segments.
    expect(text).toMatch(/^Champions\s+4334\s+18\.4\s+1318289\.87\s+52\.7\s/m);
    expect(html[2]).toContain('<td style="text-align:left">Champions</td>');
    expect(html[2]).toContain(`<td style="text-align:left">Can't lose</td>`);
    // A/B/C tiers: 5 % of customers, 36.7 % of revenue.
    expect(text).toMatch(/^A\s+1179\s+5\.0\s+917384\.93\s+36\.7\s/m);
    expect(html[3]).toContain('<td style="text-align:right">1,179</td>');
    expect(text).toContain('32.6 % of customers make 80.0 % of revenue');
    expect(html[4]).toContain('<td style="text-align:right">7,695</td>');
    // Lifecycle and the tier × lifecycle crosstab.
    expect(text).toContain('thresholds (days): new ≤ 82.5, at-risk > 174.0, churned > 358.0');
    expect(text).toMatch(/^churned\s+15318\s/m);
    expect(html).toHaveLength(7);
    expect(html[6]).toMatch(/<td style="text-align:left">A<\/td><td[^>]*>984<\/td>/);
    expect(text).toContain('win-back list: 195 A customers at risk or churned');
    // The notebook's variables are the library's results.
    const tierSummary = locals['tierSummary'] as { class: string; customers: number }[];
    expect(tierSummary.map((row) => `${row.class}:${row.customers}`)).toEqual([
      'A:1179',
      'B:3536',
      'C:18855',
    ]);
  },
};

function describeFailure(notebook: Notebook, run: NotebookRun): string {
  const failure = run.failure;
  if (failure === undefined) return '';
  return [
    `cell ${failure.index} of ${notebook.cells.length} failed:`,
    failure.source,
    '--- stderr ---',
    failure.stderr,
  ].join('\n');
}

beforeAll(() => {
  try {
    execFileSync(process.execPath, ['scripts/notebooks/build-cjs.mjs', '--if-stale'], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`building dist-cjs failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}, 120_000);

describe('notebooks', () => {
  it('are there, for the tslab kernel, committed without outputs', () => {
    expect(notebooks.length).toBeGreaterThan(0);
    for (const name of notebooks) {
      const notebook = readNotebook(path.join(notebooksDir, name));
      expect(notebook.nbformat, name).toBe(4);
      expect(notebook.metadata.kernelspec?.name, name).toBe('tslab');
      expect(
        notebook,
        `${name} has outputs: run node scripts/notebooks/strip-outputs.mjs`,
      ).toStrictEqual(stripped(notebook));
      expect(notebook.cells.filter((cell) => cell.cell_type === 'markdown').length).toBeGreaterThan(
        0,
      );
    }
  });

  it.each(notebooks)(
    '%s runs top to bottom through the tslab kernel',
    async (name) => {
      const run = await runNotebook(path.join(notebooksDir, name));
      mkdirSync(executedDir, { recursive: true });
      writeFileSync(path.join(executedDir, name), JSON.stringify(run.notebook, null, 1) + '\n');

      expect(run.failure, describeFailure(run.notebook, run)).toBeUndefined();
      const code = run.notebook.cells.filter((cell) => cell.cell_type === 'code');
      expect(code.map((cell) => cell.execution_count)).toEqual(code.map((_, i) => i + 1));
      expect(stderrOf(run.notebook), 'nothing written to stderr').toBe('');
      EXPECTATIONS[name]?.(run);
    },
    180_000,
  );
});

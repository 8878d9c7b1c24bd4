import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkedLines, instrument, readmeBlocks } from './readme-blocks.js';

// The README promises that its examples run as written. This test extracts every ```ts
// block, type-checks it as a user's strict project would (importing 'cohortlab'), runs it, and
// compares each `console.log(…); // → expected` line with what it printed.

const blocks = readmeBlocks(readFileSync('README.md', 'utf8'));
const dir = resolve('test/.readme');

interface Check {
  block: number;
  line: number;
  expected: string;
  actual: string;
}
const checks: Check[] = [];
(globalThis as Record<string, unknown>)['__readmeCheck'] = (
  block: number,
  line: number,
  expected: string,
  ...args: unknown[]
) => checks.push({ block, line, expected, actual: format(...args) });

mkdirSync(dir, { recursive: true });
const files = blocks.map((source, i) => {
  const file = join(dir, `example-${i + 1}.ts`);
  writeFileSync(file, instrument(source, i + 1));
  return file;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples with checked output', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(blocks.join('\n').match(/\/\/ → /g)?.length).toBeGreaterThanOrEqual(15);
  });

  it("read no file of this repository: they run as written in a user's project", () => {
    // Bundled data comes through datasets / datasetPath; test/package runs them outside.
    const repositoryPaths = blocks.flatMap(
      (b) => b.match(/'(?:\.\.?\/)*(?:data|test|src)\/[^']*'/g) ?? [],
    );
    expect(repositoryPaths).toEqual([]);
  });

  it('type-check under strict TypeScript', () => {
    const program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      baseUrl: '.',
      paths: { cohortlab: ['src/index.ts'] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.includes(resolve(d.file.fileName)))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${d.file!.fileName}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(diagnostics).toEqual([]);
  });

  it.each(files.map((file, i) => [i + 1, file] as const))(
    'example %i runs and prints what it says',
    async (i, file) => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
      const mine = checks.filter((c) => c.block === i);
      for (const check of mine)
        expect(`line ${check.line}: ${check.actual}`).toBe(`line ${check.line}: ${check.expected}`);
      const annotated = checkedLines(blocks[i - 1]!);
      expect(mine).toHaveLength(annotated);
    },
  );
});

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The README promises that its examples run as written. This test extracts every ```ts
// block, type-checks it as a user's strict project would (importing 'cohortlab'), runs it, and
// compares each `console.log(…); // → expected` line with what it printed.

const README = readFileSync('README.md', 'utf8');
const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const dir = resolve('test/.readme');
const EXPECT = /^(\s*)console\.log\((.*)\); \/\/ → (.*)$/;

/** The block with annotated logs turned into checks that record what they printed. */
function instrument(source: string, index: number): string {
  const lines = source.split('\n').map((line, n) => {
    const match = EXPECT.exec(line);
    if (!match) return line;
    const [, indent, args, expected] = match as unknown as [string, string, string, string];
    return `${indent}(globalThis as any).__readmeCheck(${index}, ${n + 1}, ${JSON.stringify(expected)}, ${args});`;
  });
  return `${lines.join('\n')}\nexport {};\n`;
}

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
      const annotated = blocks[i - 1]!.split('\n').filter((l) => EXPECT.test(l)).length;
      expect(mine).toHaveLength(annotated);
    },
  );
});

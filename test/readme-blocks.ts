/**
 * The README's TypeScript examples and their checked lines, shared by test/readme.test.ts
 * (run against the source) and test/package (run in a user's project against the tarball).
 */

/** `console.log(…); // → expected`: a line whose output the tests compare. */
export const EXPECT = /^(\s*)console\.log\((.*)\); \/\/ → (.*)$/;

/** Every ```ts block of the README, in order. */
export function readmeBlocks(readme: string): string[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** The number of checked lines of a block. */
export function checkedLines(source: string): number {
  return source.split('\n').filter((line) => EXPECT.test(line)).length;
}

/**
 * The block with annotated logs turned into calls of `globalThis.__readmeCheck(block, line,
 * expected, ...args)`, which records what they would have printed.
 */
export function instrument(source: string, index: number): string {
  const lines = source.split('\n').map((line, n) => {
    const match = EXPECT.exec(line);
    if (!match) return line;
    const [, indent, args, expected] = match as unknown as [string, string, string, string];
    return `${indent}(globalThis as any).__readmeCheck(${index}, ${n + 1}, ${JSON.stringify(expected)}, ${args});`;
  });
  return `${lines.join('\n')}\nexport {};\n`;
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  resolve: {
    // README examples import 'cohortlab'; in tests that is the source, not a build.
    alias: [
      { find: /^cohortlab$/, replacement: source('./src/index.ts') },
      { find: /^cohortlab\/notebook$/, replacement: source('./src/notebook/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ once, before any file: the notebooks and the packed-package test use the build.
    globalSetup: ['test/global-setup.ts'],
    // DuckDB work on the real CDNOW file takes a few seconds on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

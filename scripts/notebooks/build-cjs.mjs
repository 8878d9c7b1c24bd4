#!/usr/bin/env node
/**
 * Builds the CommonJS copy of the library that tslab notebooks load: `dist-cjs/` (JavaScript
 * and .d.ts) from `src/` (without `src/cli`), per `tsconfig.cjs.json`, then writes
 * `dist-cjs/package.json` with `{"type": "commonjs"}` so that Node reads the files as CommonJS
 * although the package itself is `"type": "module"`.
 *
 * tslab compiles each cell as CommonJS with node10 resolution and its own TypeScript 5.0, so
 * it can load neither `src/*.ts` nor the ESM build in `dist/` (see ../shared/STACK.md).
 *
 * The compiler is tslab's own TypeScript (`@tslab/typescript-for-tslab`, 5.0.4), the one that
 * type-checks the notebook cells: the .d.ts it writes are the ones tslab reads back (TypeScript
 * 5.7+ writes generic typed arrays such as `Float64Array<ArrayBuffer>`, which 5.0's lib lacks).
 * It is also the compiler `npx tsc` runs in this repository today (tslab's package links
 * `node_modules/.bin/tsc` to it).
 *
 * It drives the compiler API rather than `tsc -p tsconfig.cjs.json` for one reason:
 * `import.meta` does not exist in CommonJS. A transformer rewrites `import.meta.url`,
 * `.filename` and `.dirname` into their CommonJS equivalents, and the matching TS1343
 * diagnostics ("import.meta is only allowed when --module is es2020…") are ignored. Any other
 * use of `import.meta` stops the build.
 *
 * Usage:
 *   node scripts/notebooks/build-cjs.mjs             build
 *   node scripts/notebooks/build-cjs.mjs --if-stale  build only when a file under src/ or a
 *                                                    tsconfig is newer than the last build
 */
import console from 'node:console';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** tslab's TypeScript, resolved from tslab's own folder. */
const ts = createRequire(require.resolve('tslab/package.json'))('@tslab/typescript-for-tslab');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configPath = path.join(root, 'tsconfig.cjs.json');
const outDir = path.join(root, 'dist-cjs');
/** Written last: its presence and mtime mark a complete build. */
const stamp = path.join(outDir, 'package.json');
/** TS1343: 'import.meta' is only allowed when the '--module' option is 'es2020', … */
const IMPORT_META_NOT_ALLOWED = 1343;
const META_PROPERTIES = new Set(['url', 'filename', 'dirname']);

/** Newest modification time (ms) of the inputs: every file and folder under src/, the configs. */
function newestInput() {
  let newest = 0;
  const visit = (p) => {
    const stats = statSync(p);
    newest = Math.max(newest, stats.mtimeMs);
    if (stats.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(path.join(root, 'src'));
  for (const file of ['tsconfig.json', 'tsconfig.cjs.json', 'scripts/notebooks/build-cjs.mjs']) {
    visit(path.join(root, file));
  }
  return newest;
}

function isStale() {
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newestInput();
}

/**
 * `import.meta.filename` → `__filename`, `import.meta.dirname` → `__dirname`, and
 * `import.meta.url` → a module-level `const importMetaUrl_1 =
 * require("node:url").pathToFileURL(__filename).href` (at the top of the file, where `require`
 * is CommonJS's own: a function may shadow it, as `const require = createRequire(…)` does).
 */
function importMetaToCommonJs(context) {
  const f = context.factory;
  return (sourceFile) => {
    let urlName;
    const visit = (node) => {
      if (
        ts.isPropertyAccessExpression(node) &&
        ts.isMetaProperty(node.expression) &&
        node.expression.keywordToken === ts.SyntaxKind.ImportKeyword &&
        META_PROPERTIES.has(node.name.text)
      ) {
        if (node.name.text === 'filename') return f.createIdentifier('__filename');
        if (node.name.text === 'dirname') return f.createIdentifier('__dirname');
        urlName ??= f.createUniqueName('importMetaUrl');
        return urlName;
      }
      if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
        throw new Error(
          `${path.relative(root, sourceFile.fileName)}:${line + 1}:${character + 1}: ` +
            'only import.meta.url, .filename and .dirname can be compiled to CommonJS',
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    const visited = ts.visitNode(sourceFile, visit);
    if (urlName === undefined) return visited;
    const requireUrl = f.createCallExpression(f.createIdentifier('require'), undefined, [
      f.createStringLiteral('node:url'),
    ]);
    const url = f.createPropertyAccessExpression(
      f.createCallExpression(
        f.createPropertyAccessExpression(requireUrl, 'pathToFileURL'),
        undefined,
        [f.createIdentifier('__filename')],
      ),
      'href',
    );
    const declaration = f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList(
        [f.createVariableDeclaration(urlName, undefined, undefined, url)],
        ts.NodeFlags.Const,
      ),
    );
    return f.updateSourceFile(visited, [declaration, ...visited.statements]);
  };
}

function build() {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  if (config === undefined) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    configFileParsingDiagnostics: config.errors,
  });
  const formatHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  const check = (diagnostics) => {
    const errors = diagnostics.filter((d) => d.code !== IMPORT_META_NOT_ALLOWED);
    if (errors.length === 0) return;
    process.stderr.write(ts.formatDiagnostics(errors, formatHost));
    throw new Error(`build-cjs: ${errors.length} TypeScript error(s)`);
  };
  // A build with type errors writes nothing (the previous build stays as it was).
  check(ts.getPreEmitDiagnostics(program));
  rmSync(outDir, { recursive: true, force: true });
  const emitted = program.emit(undefined, undefined, undefined, false, {
    before: [importMetaToCommonJs],
  });
  check(emitted.diagnostics);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(stamp, JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && !isStale()) {
  console.log('build-cjs: dist-cjs is up to date');
} else {
  const started = Date.now();
  try {
    build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`build-cjs: wrote dist-cjs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

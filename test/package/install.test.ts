/**
 * The package as a user gets it: `npm pack`, then `npm install` of the tarball into a new
 * project with no overrides, from the npm registry alone. In that project an ES module, a
 * CommonJS script and the `cohortlab` bin each segment the bundled CDNOW data and must give
 * the same labels as this repository's source; a strict TypeScript file type-checks against
 * the installed types without skipLibCheck; and a notebook written there runs in Jupyter
 * under the tslab kernel (Debian's nbconvert, provided by `npm test`'s pretest step) and
 * shows a Plotly figure, an HTML table and readable errors for the optional packages.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../src/data/datasets.js';
import { fitPipeline } from '../../src/pipeline/fit-pipeline.js';
import { checkedLines, instrument, readmeBlocks } from '../readme-blocks.js';
import { USER_NOTEBOOK, USER_TYPESCRIPT, labelsScript } from './user-project.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OPTIONAL = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'danfojs-node', 'webgpu'];
/** What the README promises for the core install. */
const MAX_NODE_MODULES_MB = 150;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

let work = '';
let project = '';
let pack: PackResult;
let install: SpawnSyncReturns<string>;

/** Runs a command; its output, whatever the exit code. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
}

function output(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}\n${result.stdout}\n${result.stderr}`;
}

/** Bytes under a folder, links not followed. */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += lstatSync(full).size;
  }
  return total;
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cohortlab-package-'));
  // dist/ is current (test/global-setup.ts), so the tarball is packed without rebuilding it.
  const packed = run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    root,
  );
  expect(packed.status, output(packed)).toBe(0);
  pack = (JSON.parse(packed.stdout) as PackResult[])[0] as PackResult;

  project = path.join(work, 'analysis');
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'analysis', version: '1.0.0', private: true }, null, 2),
  );
  install = run(
    'npm',
    ['install', path.join(work, pack.filename), '--no-audit', '--no-fund', '--prefer-offline'],
    project,
  );
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the build, the data and the README: no tests, fixtures or source maps', () => {
    const files = pack.files.map((f) => f.path);
    console.log(
      `npm pack: ${pack.filename}, ${(pack.size / 1e6).toFixed(2)} MB packed, ` +
        `${(pack.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files`,
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/notebook/index.js',
        'dist/notebook/index.d.ts',
        'dist/cli/main.js',
        'data/cdnow_master.txt',
        'data/README.md',
      ]),
    );
    const stray = files.filter(
      (f) =>
        !/^(dist\/.*\.(js|d\.ts)|data\/[^/]+|README\.md|package\.json)$/.test(f) ||
        /\.map$|(^|\/)(test|fixtures|scratch)\//.test(f),
    );
    expect(stray).toEqual([]);
    // Nothing in the build points at files that are not shipped.
    const index = readFileSync(path.join(root, 'dist/index.js'), 'utf8');
    expect(index).not.toContain('sourceMappingURL');
  });

  it('installs into a new project from the registry alone, without overrides or warnings', () => {
    expect(install.status, output(install)).toBe(0);
    expect(install.stderr).not.toMatch(/install-scripts|ERR!|overrides/);
    const modules = path.join(project, 'node_modules');
    const megabytes = folderBytes(modules) / 1e6;
    const packages = readdirSync(modules).filter((name) => !name.startsWith('.'));
    console.log(
      `core install: ${megabytes.toFixed(1)} MB of node_modules, ${packages.length} top-level entries`,
    );
    expect(megabytes).toBeLessThanOrEqual(MAX_NODE_MODULES_MB);
    // The optional peer dependencies stay out of a user's project.
    for (const name of OPTIONAL) {
      expect(() => lstatSync(path.join(modules, name)), name).toThrow();
    }
  });

  it('segments the bundled data the same way from ESM, CommonJS, the bin and the source', async () => {
    writeFileSync(path.join(project, 'labels.mjs'), labelsScript('esm'));
    writeFileSync(path.join(project, 'labels.cjs'), labelsScript('cjs'));
    const esm = run(process.execPath, ['labels.mjs'], project);
    const cjs = run(process.execPath, ['labels.cjs'], project);
    expect(esm.status, output(esm)).toBe(0);
    expect(cjs.status, output(cjs)).toBe(0);
    const bin = run(
      path.join(project, 'node_modules', '.bin', 'cohortlab'),
      [
        'run',
        '--k',
        '3',
        '--seed',
        '0',
        '--out',
        'out',
        '--format',
        'json',
        '--no-report',
        '--quiet',
      ],
      project,
    );
    expect(bin.status, output(bin)).toBe(0);

    const columns = ['customer_id', 'rfm_segment', 'value_tier', 'lifecycle', 'cluster_name'];
    const rowsOf = (records: Record<string, unknown>[]): string[] =>
      records.map((r) => columns.map((c) => String(r[c])).join('|'));
    const fromBin = rowsOf(
      JSON.parse(readFileSync(path.join(project, 'out', 'cohorts.json'), 'utf8')) as Record<
        string,
        unknown
      >[],
    );
    const fromEsm = esm.stdout.trim().split('\n');
    const fromCjs = cjs.stdout.trim().split('\n');

    const fit = await fitPipeline(await datasets.cdnow(), { k: 3, seed: 0 });
    const cohorts = fit.cohorts as unknown as Record<string, ArrayLike<unknown>>;
    const fromSource = Array.from(cohorts['customer_id'] as ArrayLike<unknown>, (_, i) =>
      columns.map((c) => String((cohorts[c] as ArrayLike<unknown>)[i])).join('|'),
    );
    expect(fromSource).toHaveLength(23570);
    // k = 3 clusters, and no cluster (NaN) for the 68 customers whose every order is $0.
    const names = fromSource.map((row) => row.split('|')[4]);
    expect(new Set(names).size).toBe(4);
    expect(names.filter((name) => name === 'null')).toHaveLength(68);
    expect(fromEsm).toEqual(fromSource);
    expect(fromCjs).toEqual(fromSource);
    expect(fromBin).toEqual(fromSource);
  }, 180_000);

  it("runs the README's examples in the project and prints what they say", () => {
    // The examples that need an optional package are run by test/readme.test.ts only.
    const needsOptional = /MLPClassifier|toDataFrame|Png|webgpu/;
    const blocks = readmeBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'));
    const runnable = blocks
      .map((source, i) => ({ source, index: i + 1 }))
      .filter(({ source }) => !needsOptional.test(source));
    expect(runnable.length).toBeGreaterThanOrEqual(blocks.length - 3);
    const prelude = [
      "import { format } from 'node:util';",
      'const checks = [];',
      'globalThis.__readmeCheck = (block, line, expected, ...args) =>',
      '  checks.push({ line, expected, actual: format(...args) });',
      "process.on('beforeExit', () => { process.stdout.write('\\n@@checks@@' + JSON.stringify(checks)); checks.length = 0; });",
    ].join('\n');
    for (const { source, index } of runnable) {
      const js = ts.transpileModule(instrument(source, index), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const file = path.join(project, `readme-${index}.mjs`);
      // The prelude's import is hoisted with the example's; its statements run first.
      writeFileSync(file, `${prelude}\n${js}`);
      const result = run(process.execPath, [file], project);
      expect(result.status, `README example ${index}: ${output(result)}`).toBe(0);
      const checks = JSON.parse(result.stdout.split('\n@@checks@@')[1] ?? 'null') as {
        line: number;
        expected: string;
        actual: string;
      }[];
      expect(checks.map((c) => `example ${index} line ${c.line}: ${c.actual}`)).toEqual(
        checks.map((c) => `example ${index} line ${c.line}: ${c.expected}`),
      );
      expect(checks, `example ${index}`).toHaveLength(checkedLines(source));
    }
  }, 300_000);

  it('falls back to the CPU k-means with one warning naming webgpu, which is not installed', () => {
    const script = [
      "import * as cl from 'cohortlab';",
      'const x = cl.matrixFromRows([[0, 0], [0, 1], [10, 10], [10, 11]]);',
      "const model = await new cl.KMeans({ k: 2, seed: 0, backend: 'webgpu' }).fitAsync(x);",
      "console.log(Array.from(model.labels).join(','));",
    ].join('\n');
    writeFileSync(path.join(project, 'gpu.mjs'), script);
    const result = run(process.execPath, ['gpu.mjs'], project);
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout.trim()).toMatch(/^(0,0,1,1|1,1,0,0)$/);
    expect(result.stderr).toBe(
      "cohortlab: KMeans backend 'webgpu' unavailable (KMeans backend 'webgpu' needs the optional package webgpu, which is not installed: run npm install webgpu@0.6.2); running on the CPU\n",
    );
  });

  it('type-checks a strict TypeScript file against the installed types, without skipLibCheck', () => {
    const file = path.join(project, 'analysis.ts');
    writeFileSync(file, USER_TYPESCRIPT);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      typeRoots: [path.join(root, 'node_modules', '@types')],
      types: ['node'],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || !d.file.fileName.includes('/@types/'))
      .map((d) => {
        const where = d.file === undefined ? '' : `${path.relative(project, d.file.fileName)}: `;
        return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
      });
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it('runs a notebook of the project in Jupyter under the tslab kernel', () => {
    const jupyter = path.join(work, 'jupyter');
    const tslab = path.join(root, 'node_modules', '.bin', 'tslab');
    const registered = run(
      tslab,
      ['install', '--python=/usr/bin/python3', `--binary=${tslab}`, `--prefix=${jupyter}`],
      project,
    );
    expect(registered.status, output(registered)).toBe(0);
    writeFileSync(path.join(project, 'segments.ipynb'), JSON.stringify(USER_NOTEBOOK, null, 1));
    const executed = run(
      '/usr/bin/python3',
      [
        '-m',
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--allow-errors',
        'segments.ipynb',
      ].concat(['--output', 'executed.ipynb', '--ExecutePreprocessor.timeout=300']),
      project,
      { JUPYTER_PATH: path.join(jupyter, 'share', 'jupyter') },
    );
    expect(executed.status, output(executed)).toBe(0);
    const notebook = JSON.parse(readFileSync(path.join(project, 'executed.ipynb'), 'utf8')) as {
      cells: {
        outputs: {
          output_type: string;
          name?: string;
          text?: string[];
          data?: Record<string, string[]>;
        }[];
      }[];
    };
    const outputs = notebook.cells.map((cell) => cell.outputs);
    const html = (cell: number): string[] =>
      (outputs[cell] ?? []).flatMap((o) =>
        o.data?.['text/html'] ? [o.data['text/html'].join('')] : [],
      );
    const stream = (cell: number, name: string): string =>
      (outputs[cell] ?? []).map((o) => (o.name === name ? (o.text ?? []).join('') : '')).join('');
    // Cell 1: the Pareto figure (plotly.js inlined with it) and the head of the features.
    const [figure, table] = html(1);
    expect(figure).toMatch(/var spec = \{"data":\[\{"type":"scatter"/);
    expect(figure).toContain('if (window.Plotly) return;');
    expect(table).toMatch(/^<table class="cl-table">/);
    expect(table).toContain('<td style="text-align:left">00003</td>');
    expect(html(1)).toHaveLength(2);
    expect(stream(1, 'stdout')).toContain('23570 customers');
    // Cell 2: one progress output, updated in place to its final state, every stage done.
    const progress = html(2);
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatch(/^<div class="cl-progress">/);
    for (const stage of ['features', 'classes', 'clusters', 'labels']) {
      expect(progress[0]).toMatch(new RegExp(`>${stage}<.*?· \\d+\\.\\d s`));
    }
    expect(stream(2, 'stdout')).toBe('k = 3\n');
    // Cells 3 and 4: the optional packages, missing here, named with what to run.
    expect(stream(3, 'stdout')).toContain(
      'MISSING_PACKAGE MLPClassifier (the TensorFlow.js neural net) needs the optional package @tensorflow/tfjs',
    );
    const danfo = stream(4, 'stderr');
    expect(danfo.split('\n')[0]).toMatch(
      /^CohortlabError: toDataFrame .* needs the optional package danfojs-node, which is not installed: run npm install danfojs-node@1\.2\.0; .*"overrides": \{ "@tensorflow\/tfjs-node": "npm:@tensorflow\/tfjs@4\.22\.0", "xlsx": "0\.18\.5" \}$/,
    );
  }, 300_000);
});

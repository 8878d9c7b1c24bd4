/**
 * Runs a Jupyter notebook top to bottom through tslab's own kernel code, in this process and
 * without Python or Jupyter: tslab's converter (its TypeScript 5.0, CommonJS, node10
 * resolution), its executor, and its `JupyterHandlerImpl` — the object the kernel's ZeroMQ
 * server hands every `execute_request` to. Only the ZeroMQ transport is left out: the
 * handler's `writeStream` / `writeDisplayData` callbacks, which the server turns into
 * `stream` and `display_data` messages, are collected here as nbformat outputs instead.
 *
 * As in the kernel, the notebook's folder is the working directory and tslab's root (cells
 * import `cohortlab`, resolved from it), `console` writes to
 * `process.stdout` / `process.stderr` (which the handler redirects to the cell while it runs)
 * and `require('tslab')` in a cell is tslab's own module, whose `display` reaches the handler.
 *
 * tslab is loaded with Node's own `require` (not through vitest), so the cells, tslab's
 * `display` and the handler share one module instance.
 *
 * @module
 */
import { Console } from 'node:console';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** nbformat 4 outputs produced by the tslab kernel. */
export type NotebookOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | {
      output_type: 'display_data';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    };

/** An nbformat 4 cell (the fields used here). */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

/** An nbformat 4 notebook (the fields used here). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    [key: string]: unknown;
  };
  nbformat: number;
  nbformat_minor: number;
}

/** The first code cell that failed. */
export interface CellFailure {
  /** Index of the cell in `notebook.cells` (0-based, markdown cells counted). */
  readonly index: number;
  /** The cell's source. */
  readonly source: string;
  /** What the cell wrote to stderr (tslab prints compile errors and exceptions there). */
  readonly stderr: string;
}

/** A notebook after a run: `notebook` carries the outputs and execution counts. */
export interface NotebookRun {
  readonly notebook: Notebook;
  /** The first failing cell; undefined when every code cell ran. */
  readonly failure: CellFailure | undefined;
  /** The notebook's top-level variables (tslab's `locals`) after the run. */
  readonly locals: Readonly<Record<string, unknown>>;
}

// The parts of tslab 1.0.22's internals used here (its own .d.ts pull in @types/node 18).
interface Converter {
  close(): void;
}
interface ConverterSet {
  readonly node: Converter;
  readonly browser: Converter;
  close(): void;
}
interface ConsoleInterface {
  log(message?: unknown, ...rest: unknown[]): void;
  error(message?: unknown, ...rest: unknown[]): void;
}
interface Executor {
  readonly locals: Record<string, unknown>;
  close(): void;
}
interface DisplayData {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}
interface JupyterHandler {
  handleExecute(
    request: { code: string },
    writeStream: (name: 'stdout' | 'stderr', text: string) => void,
    writeDisplayData: (data: DisplayData, update: boolean) => void,
  ): Promise<{ status: 'ok' | 'error' | 'abort'; execution_count?: number }>;
}
interface Tslab {
  createConverter(options: { isJS: boolean; isBrowser: boolean }): Converter;
  createExecutor(rootDir: string, convs: ConverterSet, console: ConsoleInterface): Executor;
  JupyterHandlerImpl: new (executor: Executor, isJs: boolean) => JupyterHandler;
}

function loadTslab(): Tslab {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('tslab/package.json')), 'dist');
  const { createConverter } = require(path.join(dist, 'converter.js')) as Pick<
    Tslab,
    'createConverter'
  >;
  const { createExecutor } = require(path.join(dist, 'executor.js')) as Pick<
    Tslab,
    'createExecutor'
  >;
  const { JupyterHandlerImpl } = require(path.join(dist, 'jupyter.js')) as Pick<
    Tslab,
    'JupyterHandlerImpl'
  >;
  return { createConverter, createExecutor, JupyterHandlerImpl };
}

/** The text of a cell's source (nbformat stores it as a string or a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Reads a notebook file. */
export function readNotebook(file: string): Notebook {
  return JSON.parse(readFileSync(file, 'utf8')) as Notebook;
}

/** Collects one cell's outputs the way Jupyter front ends do. */
function outputCollector(): {
  outputs: NotebookOutput[];
  writeStream: (name: 'stdout' | 'stderr', text: string) => void;
  writeDisplayData: (data: DisplayData, update: boolean) => void;
} {
  const outputs: NotebookOutput[] = [];
  const displayIds = new Map<string, number>();
  return {
    outputs,
    writeStream(name, text) {
      const last = outputs.at(-1);
      if (last?.output_type === 'stream' && last.name === name) last.text += text;
      else outputs.push({ output_type: 'stream', name, text });
    },
    writeDisplayData(data, update) {
      const output: NotebookOutput = {
        output_type: 'display_data',
        data: data.data,
        metadata: data.metadata,
      };
      const id = data.transient?.display_id;
      const at = id === undefined ? undefined : displayIds.get(id);
      if (update && at !== undefined) {
        outputs[at] = output;
        return;
      }
      if (id !== undefined) displayIds.set(id, outputs.length);
      outputs.push(output);
    },
  };
}

/**
 * Executes every code cell of the notebook at `file`, top to bottom, in a fresh tslab kernel
 * (converter + executor) rooted at the notebook's folder; stops at the first failing cell.
 * The working directory, `console` and `process.stdout/stderr.write` are restored afterwards,
 * and the executor (with its TypeScript watch program) is closed.
 */
export async function runNotebook(file: string): Promise<NotebookRun> {
  const tslab = loadTslab();
  const notebook = readNotebook(file);
  const dir = path.dirname(path.resolve(file));
  const cwd = process.cwd();
  const savedConsole = globalThis.console;
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const restoreStreams = (): void => {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  };
  // Node's own console on the process streams, as in the kernel process (vitest replaces the
  // global console with one that does not write to process.stdout).
  const kernelConsole = new Console({ stdout: process.stdout, stderr: process.stderr });
  let executor: Executor | undefined;
  let failure: CellFailure | undefined;
  process.chdir(dir);
  globalThis.console = kernelConsole;
  try {
    // Both converters are created lazily, as tslab's kernel does (main.js, ConverterSetImpl).
    const converters: { node?: Converter; browser?: Converter } = {};
    const convs: ConverterSet = {
      get node() {
        return (converters.node ??= tslab.createConverter({ isJS: false, isBrowser: false }));
      },
      get browser() {
        return (converters.browser ??= tslab.createConverter({ isJS: false, isBrowser: true }));
      },
      close() {
        converters.node?.close();
        converters.browser?.close();
      },
    };
    executor = tslab.createExecutor(dir, convs, {
      log: (...args) => kernelConsole.log(...args),
      error: (...args) => kernelConsole.error(...args),
    });
    const handler = new tslab.JupyterHandlerImpl(executor, false);
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      const source = cellSource(cell);
      const { outputs, writeStream, writeDisplayData } = outputCollector();
      let reply: Awaited<ReturnType<JupyterHandler['handleExecute']>>;
      try {
        reply = await handler.handleExecute({ code: source }, writeStream, writeDisplayData);
      } finally {
        restoreStreams();
      }
      cell.outputs = outputs;
      cell.execution_count = reply.execution_count ?? null;
      if (reply.status !== 'ok') {
        const stderr = outputs
          .map((o) => (o.output_type === 'stream' && o.name === 'stderr' ? o.text : ''))
          .join('');
        failure = { index, source, stderr };
        break;
      }
    }
    return { notebook, failure, locals: { ...executor.locals } };
  } finally {
    executor?.close();
    restoreStreams();
    globalThis.console = savedConsole;
    process.chdir(cwd);
  }
}

/** All stdout text of a run's cells, in order. */
export function stdoutOf(notebook: Notebook): string {
  return streamOf(notebook, 'stdout');
}

/** All stderr text of a run's cells, in order. */
export function stderrOf(notebook: Notebook): string {
  return streamOf(notebook, 'stderr');
}

function streamOf(notebook: Notebook, name: 'stdout' | 'stderr'): string {
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((o) => (o.output_type === 'stream' && o.name === name ? o.text : ''))
    .join('');
}

/** True for the output of `notebookProgress()`: shown only when a call takes over 2 s. */
export function isProgressHtml(html: string): boolean {
  return html.startsWith('<div class="cl-progress"');
}

/**
 * Every `display_data` payload of one MIME type, in order, progress displays left out (whether
 * one appears depends on the machine's speed); {@link progressOf} has those.
 */
export function displaysOf(notebook: Notebook, mime: string): string[] {
  return allDisplaysOf(notebook, mime).filter((html) => !isProgressHtml(html));
}

/** The progress displays of a run, in their final state. */
export function progressOf(notebook: Notebook): string[] {
  return allDisplaysOf(notebook, 'text/html').filter(isProgressHtml);
}

function allDisplaysOf(notebook: Notebook, mime: string): string[] {
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .flatMap((o) => (o.output_type === 'display_data' && mime in o.data ? [o.data[mime]] : []))
    .map((value) => (Array.isArray(value) ? value.join('') : String(value)));
}

/** A copy of the notebook without outputs and execution counts (how notebooks are committed). */
export function stripped(notebook: Notebook): Notebook {
  return {
    ...notebook,
    cells: notebook.cells.map((cell) =>
      cell.cell_type === 'code' ? { ...cell, outputs: [], execution_count: null } : cell,
    ),
  };
}

import { stepProgress, type PipelineProgress } from '../util/progress.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnTable } from '../table/column-table.js';
import { readColumns } from './read-result.js';

/** Options for {@link Engine.open}. */
export interface EngineOptions {
  /** Database file; omitted or ':memory:' keeps everything in memory (the default). */
  readonly path?: string;
  /** DuckDB worker threads; default: DuckDB's choice (all cores). */
  readonly threads?: number;
  /** DuckDB memory limit such as '4GB'; default: DuckDB's (80% of RAM). */
  readonly memoryLimit?: string;
}

/**
 * The embedded DuckDB database that holds loaded data and runs set-at-a-time work
 * (parsing, validation, per-customer aggregation). One connection, used sequentially.
 */
export class Engine {
  readonly path: string;
  private readonly instance: DuckDBInstance;
  private readonly connection: DuckDBConnection;
  private nameCounter = 0;
  private progressTracked = false;

  private constructor(path: string, instance: DuckDBInstance, connection: DuckDBConnection) {
    this.path = path;
    this.instance = instance;
    this.connection = connection;
  }

  /** Opens an in-memory database, or a file-backed one when `path` is given. */
  static async open(options: EngineOptions = {}): Promise<Engine> {
    const path = options.path ?? ':memory:';
    const config: Record<string, string> = {};
    if (options.threads !== undefined) config['threads'] = String(options.threads);
    if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    return new Engine(path, instance, connection);
  }

  /** Runs statements that return nothing of interest. */
  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /**
   * Runs a query and returns its result as columns (numbers as Float64Array, dates and
   * everything else as text). Integer columns named in `asText` come back as their text
   * (as `CAST(… AS VARCHAR)` writes it), which is cheaper than returning VARCHAR.
   */
  async columns(sql: string, asText: readonly string[] = []): Promise<ColumnTable> {
    const result = await this.connection.run(sql);
    const chunks = await result.fetchAllChunks();
    return readColumns(result.columnNames(), result.columnTypes(), chunks, new Set(asText));
  }

  /** Runs a query and returns its rows as plain objects (bigints as numbers). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) {
        out[key] = typeof value === 'bigint' ? Number(value) : value;
      }
      return out;
    });
  }

  /** The first row of a query; an empty object when there is none. */
  async row(sql: string): Promise<Record<string, unknown>> {
    return (await this.rows(sql))[0] ?? {};
  }

  /**
   * Calls `report` with the percentage of its current query that DuckDB reports done, every
   * `everyMs` (default 100) while a query runs, until the function returned is called. Each
   * query counts from 0 to 100 again. The first call turns on DuckDB's progress tracking for
   * this connection (its own printing stays off).
   */
  async watchProgress(report: (percent: number) => void, everyMs = 100): Promise<() => void> {
    if (!this.progressTracked) {
      // Printing off first: tracking on with printing on would draw DuckDB's own bar.
      await this.connection.run('SET enable_progress_bar_print = false');
      await this.connection.run('SET enable_progress_bar = true');
      this.progressTracked = true;
    }
    let last = -1;
    const timer = setInterval(() => {
      const percent = this.connection.progress.percentage;
      if (percent >= 0 && percent !== last) report(percent);
      last = percent;
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** A fresh table or view name for intermediate relations of this engine. */
  uniqueName(prefix: string): string {
    this.nameCounter += 1;
    return `cl_${prefix}_${this.nameCounter}`;
  }

  /** The underlying DuckDB connection, for work cohortlab does not wrap. */
  get duckdb(): DuckDBConnection {
    return this.connection;
  }

  /** Closes the connection and the database. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Runs `work`, whose queries run on `engine`, reporting what DuckDB says of them as step
 * `step` of `progress` in % (every 100 ms; each query from 0 % again), and 100 % when it
 * returns. Just `work()` when there is no progress or it takes no advances.
 */
export async function trackQueries<T>(
  engine: Engine,
  progress: PipelineProgress | undefined,
  step: string,
  work: () => Promise<T>,
): Promise<T> {
  const report = stepProgress(progress, step, '%');
  if (report === undefined) return work();
  // A query at 100 % is not the end of the work: only its return is.
  const stop = await engine.watchProgress((percent) => report(Math.min(99, Math.floor(percent)), 100));
  try {
    const result = await work();
    report(100, 100);
    return result;
  } finally {
    stop();
  }
}

let shared: Promise<Engine> | undefined;

/** A process-wide in-memory engine, created on first use, for code that does not pass one. */
export function defaultEngine(): Promise<Engine> {
  shared ??= Engine.open();
  return shared;
}

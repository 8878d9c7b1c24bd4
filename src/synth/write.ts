import { rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { Engine } from '../data/engine.js';
import { quoteLiteral } from '../data/sql.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { encodeIntegerCsv } from './integer-csv.js';
import { synthSpec, type SynthSpec } from './spec.js';
import { SynthStream, type SynthChunk } from './stream.js';

/** Options of {@link writeSynthetic}. */
export interface WriteSynthOptions {
  /** Parameters; unset ones take {@link DEFAULT_SYNTH_SPEC}'s values. */
  readonly spec?: Partial<SynthSpec>;
  /** Where the transactions go: a .parquet or .csv file (replaced if it exists). */
  readonly transactionsFile: string;
  /** Where the customer table goes (.parquet or .csv); default none. */
  readonly customersFile?: string;
  /** Transactions generated per chunk (memory is a few chunks); default 1,000,000. */
  readonly chunkRows?: number;
  /** Folder for the temporary database and chunk files; default the output's folder. */
  readonly workDir?: string;
  /** DuckDB threads; default DuckDB's choice. */
  readonly threads?: number;
  /**
   * DuckDB memory limit such as '1GB' (its buffer cache of the temporary table is most of the
   * process's memory at 100M rows: ~2.9 GB peak RSS by default); default DuckDB's (80% of RAM).
   */
  readonly memoryLimit?: string;
  /** Called after each chunk with the transactions done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link writeSynthetic} produced and how long the phases took. */
export interface SynthSummary {
  readonly spec: SynthSpec;
  readonly transactions: number;
  readonly customers: number;
  /** Seconds drawing values in JavaScript. */
  readonly generateSeconds: number;
  /** Seconds encoding chunks and loading them into DuckDB. */
  readonly loadSeconds: number;
  /** Seconds writing the output files. */
  readonly writeSeconds: number;
}

/** Columns of the transactions file. */
export const TRANSACTION_COLUMNS = [
  'transaction_id',
  'customer_id',
  'order_date',
  'amount',
  'category',
  'channel',
] as const;

/** Columns of the customers file. */
export const CUSTOMER_COLUMNS = [
  'customer_id',
  'signup_date',
  'region',
  'preferred_channel',
] as const;

let workCounter = 0;

/**
 * Generates a synthetic customer base (see {@link SynthSpec}) and writes it as Parquet or CSV,
 * streaming: chunks of typed arrays go to DuckDB as integer CSV (dates as day offsets, money as
 * cents, labels as codes, decoded in SQL), land in a disk-backed temporary database, and one
 * COPY writes each output. JavaScript never holds more than a chunk, whatever the size.
 * Within each chunk rows are in date order (as exports usually are; ties by transaction id),
 * so the same spec gives the same rows in the same order, and the same bytes, on every run.
 */
export async function writeSynthetic(options: WriteSynthOptions): Promise<SynthSummary> {
  const spec = synthSpec(options.spec);
  const chunkRows = options.chunkRows ?? 1_000_000;
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `chunkRows must be a whole number ≥ 1, got ${chunkRows}`,
    );
  }
  // Refuse an unknown output format before any work.
  outputFormat(options.transactionsFile);
  if (options.customersFile !== undefined) outputFormat(options.customersFile);
  const workDir = resolve(options.workDir ?? dirname(resolve(options.transactionsFile)));
  const stem = join(workDir, `.synth-${process.pid}-${++workCounter}`);
  const database = `${stem}.duckdb`;
  const chunkFile = `${stem}.csv`;
  const engine = await Engine.open({
    path: database,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  try {
    await engine.run(
      `CREATE TABLE tx (transaction_id BIGINT, customer_id INTEGER, order_date DATE, amount DOUBLE,
         category VARCHAR, channel VARCHAR);
       CREATE TABLE customers (customer_id INTEGER, signup_date DATE, region VARCHAR,
         preferred_channel VARCHAR)`,
    );
    const labels = {
      category: labelList(spec.categories),
      channel: labelList(spec.channels),
      region: labelList(spec.regions),
    };
    const start = `DATE ${quoteLiteral(spec.start)}`;
    const stream = new SynthStream(spec);
    let generateMs = 0;
    let loadMs = 0;
    for (;;) {
      const t0 = performance.now();
      const chunk = stream.next(chunkRows);
      const t1 = performance.now();
      generateMs += t1 - t0;
      if (chunk === null) break;
      await loadChunk(engine, chunk, chunkFile, start, labels);
      loadMs += performance.now() - t1;
      options.onProgress?.(stream.transactions, spec.transactions);
    }
    const t2 = performance.now();
    await copyOut(engine, 'SELECT * FROM tx', options.transactionsFile);
    if (options.customersFile !== undefined) {
      await copyOut(engine, 'SELECT * FROM customers', options.customersFile);
    }
    return {
      spec,
      transactions: stream.transactions,
      customers: stream.customers,
      generateSeconds: generateMs / 1000,
      loadSeconds: loadMs / 1000,
      writeSeconds: (performance.now() - t2) / 1000,
    };
  } finally {
    engine.close();
    for (const file of [database, `${database}.wal`, chunkFile]) rmSync(file, { force: true });
  }
}

/** A DuckDB list literal of the labels, indexed from 1 in SQL. */
function labelList(labels: readonly string[]): string {
  return `[${labels.map(quoteLiteral).join(', ')}]`;
}

async function loadChunk(
  engine: Engine,
  chunk: SynthChunk,
  file: string,
  start: string,
  labels: { category: string; channel: string; region: string },
): Promise<void> {
  const tx = chunk.transactions;
  const first = tx.firstTransactionId;
  writeFileSync(
    file,
    encodeIntegerCsv(
      [(r) => first + r, tx.customerId, tx.day, tx.cents, tx.category, tx.channel],
      tx.rows,
    ),
  );
  // Within the chunk, rows go in date order (ties by transaction id: a total order, so the
  // result does not depend on threads).
  await engine.run(
    `INSERT INTO tx SELECT c0, c1, ${start} + c2, c3 / 100, ${labels.category}[c4 + 1], ${labels.channel}[c5 + 1]
     FROM ${readIntegers(file, ['BIGINT', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER', 'INTEGER'])} ORDER BY c2, c0`,
  );
  const cu = chunk.customers;
  if (cu.rows === 0) return;
  writeFileSync(
    file,
    encodeIntegerCsv([cu.customerId, cu.signupDay, cu.region, cu.channel], cu.rows),
  );
  await engine.run(
    `INSERT INTO customers SELECT c0, ${start} + c1, ${labels.region}[c2 + 1], ${labels.channel}[c3 + 1]
     FROM ${readIntegers(file, ['INTEGER', 'INTEGER', 'INTEGER', 'INTEGER'])} ORDER BY c0`,
  );
}

/** read_csv of a headerless integer CSV with columns c0, c1, … of the given types. */
function readIntegers(file: string, columnTypes: readonly string[]): string {
  const types = columnTypes.map((type, i) => `'c${i}': '${type}'`).join(', ');
  return `read_csv(${quoteLiteral(file)}, header = false, auto_detect = false, delim = ',',
    quote = '', escape = '', columns = {${types}})`;
}

type OutputFormat = 'parquet' | 'csv';

function outputFormat(file: string): OutputFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.csv') return 'csv';
  throw new CohortlabError('UNSUPPORTED_FORMAT', `write .parquet or .csv, not "${ext}"`, { file });
}

async function copyOut(engine: Engine, query: string, file: string): Promise<void> {
  const format = outputFormat(file) === 'parquet' ? `FORMAT parquet` : `FORMAT csv, HEADER true`;
  try {
    await engine.run(`COPY (${query}) TO ${quoteLiteral(resolve(file))} (${format})`);
  } catch (error) {
    throw new CohortlabError(
      'WRITE_FAILED',
      `cannot write: ${error instanceof Error ? error.message : String(error)}`,
      { file },
      error,
    );
  }
}

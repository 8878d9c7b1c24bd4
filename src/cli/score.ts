import { statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { loadCustomers } from '../data/customers.js';
import { Engine } from '../data/engine.js';
import { loadTransactions, type TransactionMapping } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { filterRows } from '../export/cohort-filter.js';
import { encodeTable } from '../export/cohort-export.js';
import { formatOfPath, parseFormats, type ExportFormat } from '../export/formats.js';
import { writeParquet } from '../export/parquet.js';
import { assertCanWrite, writeFileAtomic } from '../export/write-file.js';
import { loadPipelineModel } from '../pipeline/load.js';
import { scoreCustomers } from '../pipeline/score.js';
import { isNumericColumn, takeRows, type ColumnTable } from '../table/column-table.js';
import { SCHEME_COLUMNS } from '../pipeline/config.js';
import { parseAsOfOption, parseMapOption, parseOnInvalid, wrap, type OnInvalid } from './args.js';
import {
  ENGINE_SCORE_OPTIONS,
  parseEngineArgs,
  refusePasswordFlag,
  refuseWithEngine,
  type EngineArgs,
} from './engine-options.js';
import { runEngineScore } from './engine-score.js';
import { listValue, optionReaders, readOptions, type OptionSpec } from './options.js';
import type { Cell } from '../util/text-table.js';
import type { StageProgress } from './progress.js';
import type { CommandIO } from './run.js';
import { own } from '../util/own.js';

/** Options of `cohortlab score`, after parsing. */
export interface ScoreArgs {
  readonly model: string;
  readonly transactions: string;
  readonly map: TransactionMapping | undefined;
  readonly customers: string | undefined;
  readonly customerId: string | undefined;
  readonly dateFormat: string | undefined;
  readonly asOf: string | undefined;
  /** --on-invalid: rows with an unparseable date or amount are an error (default) or dropped. */
  readonly onInvalid: OnInvalid;
  /** Output files with their formats; empty = CSV on stdout. */
  readonly outputs: readonly { readonly path: string; readonly format: ExportFormat }[];
  readonly where: string | undefined;
  readonly force: boolean;
  readonly quiet: boolean;
  readonly help: boolean;
  /** Score in a database engine (`--engine clickhouse …`); undefined scores in-process. */
  readonly engine: EngineArgs | undefined;
}

/** The long options of `cohortlab score` (also the keys of its config file). */
export const SCORE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  model: { type: 'string', path: true },
  transactions: { type: 'string', path: true },
  map: { type: 'string' },
  customers: { type: 'string', path: true },
  'customer-id': { type: 'string' },
  'date-format': { type: 'string' },
  'as-of': { type: 'string' },
  'on-invalid': { type: 'string' },
  out: { type: 'string', path: true },
  format: { type: 'string' },
  where: { type: 'string' },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  ...ENGINE_SCORE_OPTIONS,
};

/** Parses `cohortlab score` arguments (INVALID_OPTION for missing or bad ones). */
export function parseScoreArgs(argv: readonly string[]): ScoreArgs {
  refusePasswordFlag(argv);
  const o = readOptions(argv, SCORE_OPTIONS);
  const { text, flag } = optionReaders(o);
  const help = flag('help');
  const model = text('model');
  const transactions = text('transactions');
  const engine = parseEngineArgs(o, 'score');
  if (engine !== undefined) {
    refuseWithEngine(
      o,
      ['transactions', 'customers', 'customer-id', 'date-format'],
      'with --engine clickhouse (the transactions stay in the engine)',
    );
    if (o.has('into')) refuseWithEngine(o, ['out', 'format', 'where'], 'with --into');
    if (!help && model === undefined) {
      throw new CohortlabError('INVALID_OPTION', 'score needs --model FILE');
    }
  } else if (!help && (model === undefined || transactions === undefined)) {
    throw new CohortlabError('INVALID_OPTION', 'score needs --model FILE and --transactions FILE');
  }
  const out = text('out');
  const formatOption = o.get('format');
  const formats =
    formatOption === undefined
      ? undefined
      : wrap(formatOption, () => parseFormats(listValue(formatOption), '--format'));
  let outputs: { path: string; format: ExportFormat }[] = [];
  if (out !== undefined) {
    const own = formatOfPath(out);
    if (formats === undefined) outputs = [{ path: out, format: own ?? 'csv' }];
    else {
      const stem = own === undefined ? out : join(dirname(out), basename(out, extname(out)));
      outputs = formats.map((format) => ({ path: `${stem}.${format}`, format }));
    }
  } else if (formats !== undefined && formats.some((f) => f !== 'csv')) {
    throw new CohortlabError('INVALID_OPTION', '--format other than csv needs --out FILE');
  }
  const map = o.get('map');
  return {
    model: model ?? '',
    transactions: transactions ?? '',
    map: map === undefined ? undefined : parseMapOption(map),
    customers: text('customers'),
    customerId: text('customer-id'),
    dateFormat: text('date-format'),
    asOf: parseAsOfOption(o.get('as-of')),
    onInvalid: parseOnInvalid(o.get('on-invalid')),
    outputs,
    where: text('where'),
    force: flag('force'),
    quiet: flag('quiet'),
    help,
    engine,
  };
}

/** What a scoring did. */
export interface ScoreResult {
  readonly asOf: string;
  readonly cohorts: ColumnTable;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  /** The CSV text when no --out was given (the CLI prints it). */
  readonly csv: string | undefined;
  readonly k: number | undefined;
  readonly schemes: Readonly<Record<string, readonly string[]>>;
  /** Extra summary rows (scoring into an engine table: the table and its counts). */
  readonly extra?: readonly Cell[][];
}

/**
 * `cohortlab score`: checks the outputs, loads the model (INVALID_MODEL naming the file),
 * loads the transactions with the model's mapping unless --map is given, labels every
 * customer with the model, applies --where, then writes.
 */
export async function runScore(args: ScoreArgs, io: CommandIO): Promise<ScoreResult> {
  if (args.engine !== undefined) return runEngineScore(args, io);
  const { progress } = io;
  for (const { path } of args.outputs) assertCanWrite(path, { force: args.force });
  const model = loadPipelineModel(args.model);
  const engine = await Engine.open();
  try {
    const map = args.map ?? model.config.mapping;
    // The fit's resolved text format reads files like the training file; typed dates need none.
    const fitted = model.features.dateFormat;
    const dateFormat =
      args.dateFormat ??
      (model.config.dateFormat !== 'auto'
        ? model.config.dateFormat
        : fitted === 'native'
          ? 'auto'
          : fitted);
    const tx = await progress.stage(
      'load',
      'transactions',
      () =>
        loadTransactions(args.transactions, {
          engine,
          map,
          dateFormat,
          onInvalid: args.onInvalid,
          vocabulary: 'cli',
          progress,
        }),
      (t) => t.rows,
    );
    const customers =
      args.customers === undefined
        ? undefined
        : await loadCustomers(args.customers, {
            engine,
            idColumn: args.customerId ?? map.customerId,
          });
    const scored = await scoreCustomers(model, tx, {
      ...(args.asOf === undefined ? {} : { asOf: args.asOf }),
      ...(customers === undefined ? {} : { customers }),
      progress,
    });
    const cohorts =
      args.where === undefined
        ? scored.cohorts
        : takeRows(scored.cohorts, filterRows(scored.cohorts, args.where, '--where'));
    const { files, csv } = await writeScoreOutputs(cohorts, args, progress, engine);
    const schemes = labelColumns(cohorts);
    return { asOf: scored.asOf, cohorts, files, csv, k: model.clustering?.names.length, schemes };
  } finally {
    engine.close();
  }
}

/**
 * Writes the scored table to every --out file (or returns it as CSV for stdout when there is
 * none). Parquet goes through DuckDB: `engine` when one is open, else a fresh one.
 */
export async function writeScoreOutputs(
  cohorts: ColumnTable,
  args: Pick<ScoreArgs, 'outputs' | 'force'>,
  progress: StageProgress,
  engine?: Engine,
): Promise<{ files: { path: string; bytes: number }[]; csv: string | undefined }> {
  const files: { path: string; bytes: number }[] = [];
  const csv = args.outputs.length === 0 ? encodeTable(cohorts, 'csv') : undefined;
  const texts = args.outputs.map(({ path, format }) => ({
    path,
    format,
    content: format === 'parquet' ? undefined : encodeTable(cohorts, format),
  }));
  await progress.stage(
    'write',
    'files',
    async () => {
      for (const { path, format, content } of texts) {
        if (format === 'parquet') {
          await writeParquet(cohorts, path, {
            force: args.force,
            ...(engine === undefined ? {} : { engine }),
          });
        } else writeFileAtomic(path, content as string, { force: args.force });
        files.push({ path, bytes: statSync(path).size });
        progress.advance('write', files.length, texts.length, 'files');
      }
    },
    () => texts.length,
  );
  return { files, csv };
}

/** The class label columns present in a cohort table, by name. */
export function labelColumns(cohorts: ColumnTable): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const name of Object.values(SCHEME_COLUMNS)) {
    const column = own(cohorts, name);
    if (column !== undefined && !isNumericColumn(column)) out[name] = column as readonly string[];
  }
  return out;
}

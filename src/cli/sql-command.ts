import { toIsoDate } from '../data/as-of.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { assertCanWrite, writeFileAtomic } from '../export/write-file.js';
import type { CohortPipeline } from '../pipeline/cohort-pipeline.js';
import { loadPipelineModel } from '../pipeline/load.js';
import { pipelineScoringSql, pipelineSqlColumns, scoringSqlAsOf } from '../pipeline/scoring-sql.js';
import type { SqlDialect } from '../sql/dialect.js';
import { clickhouseDialect } from '../sql/dialects/clickhouse.js';
import { duckdbDialect } from '../sql/dialects/duckdb.js';
import { sqlCommentText } from '../sql/safe-text.js';
import { badOption, optionReaders, readOptions, textValue, type OptionSpec } from './options.js';
import type { RunOutputStage } from './run.js';
import { own } from '../util/own.js';

/** SQL dialects of `cohortlab sql`, by name. */
export const SQL_DIALECTS: Readonly<Record<string, SqlDialect>> = {
  duckdb: duckdbDialect,
  clickhouse: clickhouseDialect,
};

/** Options of `cohortlab sql`, after parsing. */
export interface SqlArgs {
  readonly model: string;
  readonly dialect: SqlDialect;
  readonly table: string;
  /** --as-of: the as-of date the query fixes; undefined = as the model says (see runSql). */
  readonly asOf: string | undefined;
  /** Output file; undefined = stdout. */
  readonly out: string | undefined;
  readonly force: boolean;
  readonly help: boolean;
}

/** The long options of `cohortlab sql` (also the keys of its config file). */
export const SQL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  model: { type: 'string', path: true },
  dialect: { type: 'string' },
  table: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string', path: true },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Parses `cohortlab sql` arguments (INVALID_OPTION for missing or bad ones). */
export function parseSqlArgs(argv: readonly string[]): SqlArgs {
  const o = readOptions(argv, SQL_OPTIONS);
  const { text, flag } = optionReaders(o);
  const help = flag('help');
  const model = text('model');
  if (!help && model === undefined) {
    throw new CohortlabError('INVALID_OPTION', 'sql needs --model FILE');
  }
  const dialectOption = o.get('dialect');
  let dialect = duckdbDialect;
  if (dialectOption !== undefined) {
    const name = textValue(dialectOption);
    const found = own(SQL_DIALECTS, name.toLowerCase());
    if (found === undefined) {
      throw badOption(
        dialectOption,
        `--dialect must be ${Object.keys(SQL_DIALECTS).join(' or ')}, got "${name}"`,
      );
    }
    dialect = found;
  }
  const tableOption = o.get('table');
  const table = tableOption === undefined ? 'transactions' : textValue(tableOption);
  if (tableOption !== undefined && (table.trim() === '' || /[;]|--|\/\*/.test(table))) {
    throw badOption(tableOption, `--table needs a table name or subquery, got "${table}"`);
  }
  const asOf = text('as-of');
  if (asOf !== undefined) toIsoDate(asOf, '--as-of');
  return {
    model: model ?? '',
    dialect,
    table,
    asOf,
    out: text('out'),
    force: flag('force'),
    help,
  };
}

/**
 * The scoring query of a pipeline with a header saying what it reads: the table, its columns
 * (the model's --map names; the date column must be a DATE or TIMESTAMP) and the as-of date:
 * `asOf` (--as-of), else the model's configured one, else computed by the query from the
 * table, as `cohortlab score` does.
 */
export function scoringSqlText(
  pipeline: CohortPipeline,
  options: {
    readonly dialect: SqlDialect;
    readonly table: string;
    readonly asOf?: string | undefined;
  },
): string {
  const sqlOptions = {
    dialect: options.dialect,
    table: options.table,
    asOfOption: '--as-of',
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  };
  const query = pipelineScoringSql(pipeline, sqlOptions);
  const asOf = scoringSqlAsOf(pipeline, sqlOptions);
  const when =
    asOf === undefined
      ? `As of the day after the last plausible transaction of ${options.table} (not after today, nor far from the bulk of the dates), as cohortlab score does; --as-of fixes it. Fitted as of ${pipeline.features.asOf}.`
      : `As of ${asOf} (transactions before it count).`;
  const q = (name: string): string => options.dialect.quoteIdentifier(name);
  // Names as the query quotes them; every header line made inert by sqlCommentText (a name
  // with a newline or `*/` must not end the comment and start a statement).
  const columns = Object.entries(pipelineSqlColumns(pipeline))
    .map(([role, name]) => `${role} = ${q(String(name))}`)
    .join(', ');
  const header = [
    `cohortlab scoring query (${options.dialect.name}): labels every customer as the pipeline model does.`,
    `Reads ${options.table} with columns ${columns}; the date column must be a DATE or TIMESTAMP.`,
    when,
    `Output: ${query.columns.map(q).join(', ')}.`,
  ];
  // One comment line each: a newline inside a name shows as \u{A}, not as a new line.
  return [
    ...header.map((line) => `-- ${sqlCommentText(line)}`),
    `${query.sql.trimEnd()};`,
    '',
  ].join('\n');
}

const NO_QUERY = '-- cohortlab: no scoring query for this model:';

/** PART_SKIPPED when `content` is a score.sql written by {@link noScoringQueryText}. */
export function noQueryWarning(
  name: string,
  content: string | Uint8Array,
): CohortlabWarning | undefined {
  if (typeof content !== 'string' || !content.startsWith(NO_QUERY)) return undefined;
  return cohortlabWarning('PART_SKIPPED', `${name} holds no query: ${content.slice(3).trim()}`, {
    stage: 'sql',
  });
}

/** The text of a score.sql that holds no query: a comment saying why (made inert). */
export function noScoringQueryText(error: CohortlabError): string {
  return `${NO_QUERY} ${sqlCommentText(error.message)}\n`;
}

/** What `cohortlab sql` did: the query text, and the file when --out was given. */
export interface SqlResult {
  readonly sql: string;
  readonly file: { readonly path: string; readonly bytes: number } | undefined;
}

/** `cohortlab sql`: loads the model, builds the query, writes it to --out (else returns it). */
export function runSql(args: SqlArgs): SqlResult {
  if (args.out !== undefined) assertCanWrite(args.out, { force: args.force });
  const pipeline = loadPipelineModel(args.model);
  const sql = scoringSqlText(pipeline, {
    dialect: args.dialect,
    table: args.table,
    asOf: args.asOf,
  });
  if (args.out === undefined) return { sql, file: undefined };
  writeFileAtomic(args.out, sql, { force: args.force });
  return { sql, file: { path: args.out, bytes: Buffer.byteLength(sql) } };
}

/**
 * The run's score.sql: the DuckDB query over a table `transactions`. When the model cannot be
 * exported (rules over joined customer attributes), the file says why instead.
 */
export const sqlStage: RunOutputStage = {
  name: 'sql',
  files: ['score.sql'],
  build(run) {
    try {
      return {
        'score.sql': scoringSqlText(run.fit.pipeline, {
          dialect: duckdbDialect,
          table: 'transactions',
        }),
      };
    } catch (error) {
      if (!(error instanceof CohortlabError)) throw error;
      return { 'score.sql': noScoringQueryText(error) };
    }
  },
  note: noQueryWarning,
};

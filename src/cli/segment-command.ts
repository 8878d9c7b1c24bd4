/**
 * `cohortlab segment`: a customers-only run. Reads a customer table (no transactions),
 * segments it on the chosen attributes (numeric and categorical), prints the profiles and
 * writes the labelled table and the model.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import {
  predictSegments,
  readSegmentsModel,
  segmentAttributes,
  segmentsModelJSON,
  segmentsSql,
  type AttributeSegments,
  type SegmentsModel,
} from '../cluster/attributes/index.js';
import type { FeatureTransform } from '../cluster/attributes/select-features.js';
import { resolveFeatures } from '../cluster/attributes/select-features.js';
import { formatProfiles } from '../cluster/profile/format.js';
import { readTable } from '../data/read-table.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { formatWarning } from '../errors/warnings.js';
import { encodeTable } from '../export/cohort-export.js';
import { assertCanWrite, writeFileAtomic } from '../export/write-file.js';
import type { ColumnTable } from '../table/column-table.js';
import { listValue, optionReaders, readOptions, type OptionSpec } from './options.js';

/** Options of `cohortlab segment`, after parsing. */
export interface SegmentArgs {
  readonly customers: string;
  readonly features: readonly string[];
  readonly k: number | 'auto';
  readonly categorical: readonly string[];
  readonly log: readonly string[];
  readonly noLog: readonly string[];
  readonly gamma: number | 'auto' | 'huang';
  readonly seed: number;
  readonly out: string | undefined;
  readonly model: string | undefined;
  /** --apply FILE: label the customers with a saved segments model instead of fitting. */
  readonly apply: string | undefined;
  /** --sql FILE: the segments as one DuckDB query over a table named like the input file. */
  readonly sql: string | undefined;
  readonly force: boolean;
  readonly help: boolean;
}

/** The long options of `cohortlab segment` (also the keys of its config file). */
export const SEGMENT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  customers: { type: 'string', path: true },
  features: { type: 'string' },
  k: { type: 'string' },
  categorical: { type: 'string' },
  log: { type: 'string' },
  'no-log': { type: 'string' },
  gamma: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string', path: true },
  model: { type: 'string', path: true },
  sql: { type: 'string', path: true },
  apply: { type: 'string', path: true },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** Help of `cohortlab segment`. */
export const SEGMENT_HELP = `Usage: cohortlab segment --customers FILE --features LIST --k N [options]

Segments a customer table (no transactions needed) on any of its columns: demographics,
geography, product mix. Numeric columns are log-transformed when skewed (non-negative,
skewness > 1) and z-scored; text columns are categorical (k-prototypes, with categorical
mismatches weighted so every attribute counts equally); with numbers only, k-means.
Rows with a missing value in a feature are left out (segment -1, with a warning).

  --customers FILE    CSV, Parquet, JSON or NDJSON customer table
  --features LIST     columns to segment on, globs allowed: Genre,Age,Annual*,Spending*
  --k N|auto          number of segments, or auto: the best Gower silhouette among 2..6
                      (k-means' vote of five criteria when every feature is numeric)
  --categorical LIST  numeric columns to treat as categories (codes such as Region)
  --log LIST          log1p these numeric features (default: the skewed ones)
  --no-log LIST       never log these numeric features
  --gamma G           weight of a category mismatch: auto (default), huang, or a number > 0
  --seed N            seed (default 0): same seed and data, same segments
  --out FILE          write the table with segment and segment_name columns (CSV)
  --model FILE        write the segments model (JSON: features, scaling, model, names)
  --apply FILE        label the customers with a saved segments model (no --features, --k)
  --sql FILE          write the segments as one DuckDB query (SELECT *, segment, segment_name
                      FROM customers): to label the table where it lives
  --force             replace existing output files
  -h, --help          show this help`;

const integer = (name: string, text: string, min: number): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `--${name} must be a whole number >= ${min}, got "${text}"`,
    );
  }
  return value;
};

/** Parses `cohortlab segment` arguments (INVALID_OPTION for missing or bad ones). */
export function parseSegmentArgs(argv: readonly string[]): SegmentArgs {
  const o = readOptions(argv, SEGMENT_OPTIONS);
  const { text, flag } = optionReaders(o);
  const list = (name: string): string[] => {
    const option = o.get(name);
    return option === undefined ? [] : listValue(option).filter((v) => v !== '');
  };
  const help = flag('help');
  const customers = text('customers');
  const k = text('k');
  const features = list('features');
  const apply = text('apply');
  if (!help && apply !== undefined) {
    const fitting = [
      'features',
      'k',
      'categorical',
      'log',
      'no-log',
      'gamma',
      'seed',
      'model',
      'sql',
    ];
    const extra = fitting.find((name) => o.has(name));
    if (extra !== undefined) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `--${extra} does not go with --apply (the model fixes it)`,
      );
    }
    if (customers === undefined)
      throw new CohortlabError('INVALID_OPTION', '--apply needs --customers FILE');
  } else if (!help && (customers === undefined || features.length === 0 || k === undefined)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'segment needs --customers FILE, --features LIST and --k N (or --apply MODEL)',
    );
  }
  const gammaText = text('gamma') ?? 'auto';
  let gamma: SegmentArgs['gamma'];
  if (gammaText === 'auto' || gammaText === 'huang') gamma = gammaText;
  else {
    gamma = Number(gammaText);
    if (!(Number.isFinite(gamma) && gamma > 0)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `--gamma must be auto, huang or a number > 0, got "${gammaText}"`,
      );
    }
  }
  return {
    customers: customers ?? '',
    features,
    k: k === undefined ? 0 : k === 'auto' ? 'auto' : integer('k', k, 1),
    categorical: list('categorical'),
    log: list('log'),
    noLog: list('no-log'),
    gamma,
    seed: integer('seed', text('seed') ?? '0', Number.MIN_SAFE_INTEGER),
    out: text('out'),
    model: text('model'),
    sql: text('sql'),
    apply,
    force: flag('force'),
    help,
  };
}

/** The transform overrides of the flags, checked against the resolved features. */
function overrides(table: ColumnTable, args: SegmentArgs): Record<string, FeatureTransform> {
  const features = resolveFeatures(table, args.features);
  const out: Record<string, FeatureTransform> = {};
  const set = (flag: string, names: readonly string[], transform: FeatureTransform): void => {
    for (const name of names) {
      if (!features.includes(name)) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `--${flag}: "${name}" is not among the --features columns`,
        );
      }
      if (out[name] !== undefined) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `"${name}" is given to more than one of --categorical, --log, --no-log`,
        );
      }
      out[name] = transform;
    }
  };
  set('categorical', args.categorical, 'categorical');
  set('log', args.log, 'log');
  set('no-log', args.noLog, 'none');
  return out;
}

/** What `cohortlab segment` computed and wrote. */
export interface SegmentResult {
  /** The fit (undefined with --apply). */
  readonly segments: AttributeSegments | undefined;
  readonly files: readonly string[];
}

/**
 * Runs `cohortlab segment`: everything is computed before anything is written; output files
 * that exist are refused up front unless --force.
 */
export async function runSegment(
  args: SegmentArgs,
  io: { readonly log: (line: string) => void; readonly warn: (line: string) => void },
): Promise<SegmentResult> {
  for (const path of [args.out, args.model, args.sql]) {
    if (path !== undefined) assertCanWrite(path, { force: args.force });
  }
  const table = await readTable(args.customers);
  if (args.apply !== undefined) return applySegments(args, table, io);
  let segments: AttributeSegments;
  try {
    segments = segmentAttributes(table, {
      features: args.features,
      k: args.k,
      transforms: overrides(table, args),
      gamma: args.gamma,
      seed: args.seed,
    });
  } catch (error) {
    // Name the input file in the message, as the CLI does for every input problem.
    if (
      error instanceof CohortlabError &&
      error.file === undefined &&
      error.code !== 'INVALID_OPTION'
    ) {
      throw new CohortlabError(error.code, error.message, { file: args.customers }, error);
    }
    throw error;
  }
  for (const warning of segments.warnings) io.warn(formatWarning(warning));
  io.log(
    `segmented ${segments.labels.filter((l) => l >= 0).length} customers on ${segments.features
      .map(
        (f) =>
          `${f.feature} (${f.transform === 'none' ? 'z-score' : f.transform === 'log' ? 'log, z-score' : 'categorical'})`,
      )
      .join(', ')}`,
  );
  if (segments.choice !== undefined) {
    const rows = segments.choice.rows.map(
      (r) => `k = ${r.k}: silhouette ${r.silhouette.toFixed(3)}`,
    );
    io.log(`${segments.choice.reason}\n  ${rows.join('\n  ')}`);
  }
  io.log(formatProfiles(segments.profiles));
  const files: string[] = [];
  if (args.out !== undefined) {
    const labelled: ColumnTable = {
      ...table,
      segment: Float64Array.from(segments.labels),
      segment_name: segments.names.map((n) => (n === '' ? null : n)),
    };
    writeFileAtomic(args.out, encodeTable(labelled, 'csv'), { force: args.force });
    files.push(args.out);
  }
  if (args.model !== undefined) {
    writeFileAtomic(args.model, `${JSON.stringify(segmentsModelJSON(segments))}\n`, {
      force: args.force,
    });
    files.push(args.model);
  }
  if (args.sql !== undefined) {
    writeFileAtomic(args.sql, `${segmentsSql(segments, { from: 'customers' })};\n`, {
      force: args.force,
    });
    files.push(args.sql);
  }
  for (const file of files) io.log(`cohortlab: wrote ${file}`);
  return { segments, files };
}

/** `--apply`: labels the customers with a saved segments model and writes --out. */
async function applySegments(
  args: SegmentArgs,
  table: ColumnTable,
  io: { readonly log: (line: string) => void },
): Promise<SegmentResult> {
  const path = args.apply as string;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CohortlabError(
      'FILE_NOT_FOUND',
      'cannot read the segments model',
      { file: path },
      error,
    );
  }
  let model: SegmentsModel;
  try {
    model = readSegmentsModel(text);
  } catch (error) {
    if (error instanceof CohortlabError)
      throw new CohortlabError(error.code, error.message, { file: path }, error);
    throw error;
  }
  const { labels, names } = predictSegments(model, table);
  const counts = new Map<string, number>();
  names.forEach((n) =>
    counts.set(n || '(not segmented)', (counts.get(n || '(not segmented)') ?? 0) + 1),
  );
  io.log([...counts].map(([name, count]) => `${count}\t${name}`).join('\n'));
  const files: string[] = [];
  if (args.out !== undefined) {
    const labelled: ColumnTable = {
      ...table,
      segment: Float64Array.from(labels),
      segment_name: names.map((n) => (n === '' ? null : n)),
    };
    writeFileAtomic(args.out, encodeTable(labelled, 'csv'), { force: args.force });
    files.push(args.out);
    io.log(`cohortlab: wrote ${args.out}`);
  }
  return { segments: undefined, files };
}

import { parseRuleExpression } from '../classes/rules/parser.js';
import { toIsoDate } from '../data/as-of.js';
import type { TransactionMapping } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { parseFormats, type ExportFormat } from '../export/formats.js';
import { DEFAULT_CLASS_SCHEMES, parseClassSchemes, type ClassScheme } from '../pipeline/config.js';
import { bgNbdWeeks, parseSnapshots, type SnapshotSpec } from './analysis-options.js';
import {
  ENGINE_RUN_OPTIONS,
  parseEngineArgs,
  refusePasswordFlag,
  refuseWithEngine,
  type EngineArgs,
} from './engine-options.js';
import {
  badOption,
  listValue,
  optionReaders,
  readOptions,
  textValue,
  type OptionSpec,
  type RawOption,
} from './options.js';
import { own } from '../util/own.js';

export type { SnapshotSpec };

/** Options of `cohortlab run`, after parsing. */
export interface RunArgs {
  readonly transactions: string | undefined;
  readonly map: TransactionMapping | undefined;
  readonly customers: string | undefined;
  readonly customerId: string | undefined;
  readonly dateFormat: string | undefined;
  readonly asOf: string | undefined;
  /** --on-invalid: rows with an unparseable date or amount are an error (default) or dropped. */
  readonly onInvalid: OnInvalid;
  readonly windows: number[];
  /** Class schemes in order; `rules` when a rules file was named. */
  readonly classes: ClassScheme[];
  /** True when --classes was given (a requested scheme that cannot be fitted is an error). */
  readonly classesGiven: boolean;
  /** The rules file of the `rules` scheme. */
  readonly rules: string | undefined;
  /**
   * Segment playbook file (JSON or YAML) over the default playbook, 'default' for the defaults
   * alone, or undefined (no playbook columns in the exports).
   */
  readonly playbook: string | undefined;
  readonly k: number | 'auto';
  /** --features: numeric features to cluster on (names or globs); undefined = the RFM three. */
  readonly features: string[] | undefined;
  readonly seed: number;
  /** Horizon in days of the purchase-likelihood score, or undefined for none. */
  readonly likelihood: number | undefined;
  /** Horizon in weeks of the BG/NBD expected purchases (default 52), undefined with --no-bgnbd. */
  readonly bgNbdWeeks: number | undefined;
  /** Snapshot dates of the customer-dynamics section (--snapshots), or undefined for none. */
  readonly snapshots: SnapshotSpec | undefined;
  /** Write report.html (default true; --no-report turns it off). */
  readonly report: boolean;
  readonly out: string;
  readonly formats: ExportFormat[];
  readonly splitBy: string | undefined;
  readonly where: string | undefined;
  readonly force: boolean;
  readonly quiet: boolean;
  /** Warnings are errors (exit 2, nothing written). */
  readonly strict: boolean;
  readonly help: boolean;
  /** Run in a database engine (`--engine clickhouse …`); undefined runs in-process. */
  readonly engine: EngineArgs | undefined;
}

/** The long options of `cohortlab run` (also the keys of its config file). */
export const RUN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  transactions: { type: 'string', path: true },
  map: { type: 'string' },
  customers: { type: 'string', path: true },
  'customer-id': { type: 'string' },
  'date-format': { type: 'string' },
  'as-of': { type: 'string' },
  'on-invalid': { type: 'string' },
  windows: { type: 'string' },
  classes: { type: 'string', path: 'json-entries' },
  rules: { type: 'string', path: true },
  playbook: { type: 'string', path: 'or-default' },
  k: { type: 'string' },
  features: { type: 'string' },
  seed: { type: 'string' },
  likelihood: { type: 'string' },
  'bgnbd-weeks': { type: 'string' },
  'no-bgnbd': { type: 'boolean' },
  snapshots: { type: 'string' },
  'no-report': { type: 'boolean' },
  out: { type: 'string', path: true },
  format: { type: 'string' },
  'split-by': { type: 'string' },
  where: { type: 'string' },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...ENGINE_RUN_OPTIONS,
};

/** Formats `cohortlab run` writes by default. */
export const DEFAULT_RUN_FORMATS: readonly ExportFormat[] = ['csv', 'parquet'];

/**
 * Parses `cohortlab run` arguments, reading `--config FILE` (JSON or YAML, keys = long
 * options, relative paths against the file's folder) first; flags override the config. Bad
 * values are INVALID_OPTION errors naming the flag (and the config file and line).
 */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  refusePasswordFlag(argv);
  const o = readOptions(argv, RUN_OPTIONS);
  const { text, flag } = optionReaders(o);
  const help = flag('help');
  const transactions = text('transactions');
  const map = o.get('map');
  const engine = parseEngineArgs(o, 'run');
  if (engine !== undefined) checkEngineRun(o, help);
  if (!help && transactions !== undefined && map === undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      '--transactions needs --map (e.g. --map id=customer,date=day,amount=total)',
    );
  }
  const { classes, rules } = parseClassesOption(o.get('classes'), text('rules'));
  const where = text('where');
  if (where !== undefined) checkWhere(where);
  const formats = o.get('format');
  return {
    transactions,
    map: map === undefined ? undefined : parseMapOption(map),
    customers: text('customers'),
    customerId: text('customer-id'),
    dateFormat: text('date-format'),
    asOf: parseAsOfOption(o.get('as-of')),
    onInvalid: parseOnInvalid(o.get('on-invalid')),
    windows: o.has('windows') ? parseWindows(o.get('windows') as RawOption) : [],
    classes,
    classesGiven: o.has('classes'),
    rules,
    playbook: text('playbook'),
    k: o.has('k') ? parseK(o.get('k') as RawOption) : 'auto',
    features: o.has('features')
      ? listValue(o.get('features') as RawOption).filter((v) => v !== '')
      : undefined,
    seed: o.has('seed') ? parseWhole(o.get('seed') as RawOption, 0) : 0,
    likelihood: o.has('likelihood') ? parseWhole(o.get('likelihood') as RawOption, 1) : undefined,
    bgNbdWeeks: bgNbdWeeks(o),
    snapshots: o.has('snapshots') ? parseSnapshots(o.get('snapshots') as RawOption) : undefined,
    report: !flag('no-report'),
    out: text('out') ?? 'out',
    formats:
      formats === undefined
        ? [...DEFAULT_RUN_FORMATS]
        : wrap(formats, () => parseFormats(listValue(formats), '--format')),
    splitBy: text('split-by'),
    where,
    force: flag('force'),
    quiet: flag('quiet'),
    strict: flag('strict'),
    help,
    engine,
  };
}

/** Options that need the transactions in-process, or the scores here with --into. */
function checkEngineRun(o: ReadonlyMap<string, RawOption>, help: boolean): void {
  refuseWithEngine(
    o,
    [
      'transactions',
      'customers',
      'customer-id',
      'date-format',
      'likelihood',
      'snapshots',
      'bgnbd-weeks',
      'features',
    ],
    'with --engine clickhouse (the transactions stay in the engine)',
  );
  if (o.has('into')) refuseWithEngine(o, ['format', 'split-by', 'where'], 'with --into');
  if (!help && !o.has('map')) {
    throw new CohortlabError(
      'INVALID_OPTION',
      '--engine clickhouse needs --map (e.g. --map id=customer_id,date=day,amount=amount)',
    );
  }
}

/** Re-locates an INVALID_OPTION thrown while reading `option` at its config line. */
export function wrap<T>(option: RawOption, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (
      error instanceof CohortlabError &&
      error.code === 'INVALID_OPTION' &&
      error.file === undefined
    ) {
      throw badOption(option, error.message);
    }
    throw error;
  }
}

/**
 * `--classes rfm,abc,lifecycle,RULES.json`: scheme names, and at most one rules file (an
 * entry ending in .json) for the `rules` scheme; `--rules FILE` adds that scheme too.
 */
function parseClassesOption(
  option: RawOption | undefined,
  rulesFlag: string | undefined,
): { classes: ClassScheme[]; rules: string | undefined } {
  let rules = rulesFlag;
  if (option === undefined) {
    const classes = [...DEFAULT_CLASS_SCHEMES];
    if (rules !== undefined) classes.push('rules');
    return { classes, rules };
  }
  return wrap(option, () => {
    const names: string[] = [];
    for (const entry of listValue(option)) {
      if (/\.json$/i.test(entry)) {
        if (rules !== undefined && rules !== entry) {
          throw new CohortlabError('INVALID_OPTION', '--classes takes one rules file (.json)');
        }
        rules = entry;
        names.push('rules');
      } else names.push(entry);
    }
    if (rules !== undefined && !names.includes('rules')) names.push('rules');
    const classes = parseClassSchemes(names, '--classes');
    if (classes.includes('rules') && rules === undefined) {
      throw new CohortlabError(
        'INVALID_OPTION',
        '--classes: "rules" needs a rules file, e.g. --classes rfm,rules.json',
      );
    }
    return { classes, rules };
  });
}

/** What --on-invalid takes: the values of `loadTransactions`' onInvalid. */
export type OnInvalid = 'error' | 'drop';

/** --on-invalid error|drop (default error). */
export function parseOnInvalid(option: RawOption | undefined): OnInvalid {
  if (option === undefined) return 'error';
  const value = textValue(option);
  if (value !== 'error' && value !== 'drop') {
    throw badOption(option, `--on-invalid must be error or drop, got "${value}"`);
  }
  return value;
}

/** --as-of YYYY-MM-DD, checked here so that a bad date names the flag. */
export function parseAsOfOption(option: RawOption | undefined): string | undefined {
  if (option === undefined) return undefined;
  const value = textValue(option);
  wrap(option, () => toIsoDate(value, '--as-of'));
  return value;
}

/** Checks the syntax of a --where condition up front (columns are checked on the table). */
function checkWhere(where: string): void {
  try {
    parseRuleExpression(where, '--where');
  } catch (error) {
    if (error instanceof CohortlabError) {
      throw new CohortlabError('INVALID_OPTION', error.message);
    }
    throw error;
  }
}

const MAP_KEYS: Record<string, keyof TransactionMapping> = {
  id: 'customerId',
  customer: 'customerId',
  date: 'date',
  amount: 'amount',
  quantity: 'quantity',
  price: 'unitPrice',
  order: 'orderId',
  category: 'category',
  channel: 'channel',
};

/** A --map option: `id=a,date=b` text, or a mapping object in a config file. */
export function parseMapOption(option: RawOption): TransactionMapping {
  const v = option.value;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const spec = Object.entries(v as Record<string, unknown>)
      .map(([key, column]) => `${key}=${String(column)}`)
      .join(',');
    return wrap(option, () => parseMap(spec));
  }
  return wrap(option, () => parseMap(textValue(option)));
}

/** Parses `id=a,date=b,amount=c` into a {@link TransactionMapping}. */
export function parseMap(spec: string): TransactionMapping {
  const map: Partial<Record<keyof TransactionMapping, string>> = {};
  for (const pair of spec.split(',')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    const field = own(MAP_KEYS, key);
    if (eq < 0 || field === undefined || column === '') {
      throw new CohortlabError(
        'INVALID_OPTION',
        `--map entry "${pair}" is not key=column with key one of ${Object.keys(MAP_KEYS).join(', ')}`,
      );
    }
    map[field] = column;
  }
  if (map.customerId === undefined || map.date === undefined) {
    throw new CohortlabError('INVALID_OPTION', '--map needs id=… and date=…');
  }
  if (map.amount === undefined && (map.quantity === undefined || map.unitPrice === undefined)) {
    throw new CohortlabError('INVALID_OPTION', '--map needs amount=…, or quantity=… and price=…');
  }
  return map as TransactionMapping;
}

function parseWindows(option: RawOption): number[] {
  return listValue(option).map((part) => {
    const days = Number(part);
    if (part === '' || !Number.isInteger(days) || days <= 0) {
      throw badOption(option, `--windows needs whole days like 90,180, got "${part}"`);
    }
    return days;
  });
}

function parseK(option: RawOption): number | 'auto' {
  return option.value === 'auto' ? 'auto' : parseWhole(option, 1);
}

function parseWhole(option: RawOption, min: number): number {
  const text = typeof option.value === 'number' ? String(option.value) : textValue(option);
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min) {
    const flag = `--${option.flag}`;
    throw badOption(
      option,
      `${flag} needs a whole number ≥ ${min}${flag === '--k' ? " or 'auto'" : ''}, got "${text}"`,
    );
  }
  return n;
}

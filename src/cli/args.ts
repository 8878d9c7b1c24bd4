import { parseArgs } from 'node:util';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { TransactionMapping } from '../data/transactions.js';

/** Options of `cohortlab run`, after parsing. */
export interface RunArgs {
  readonly transactions: string | undefined;
  readonly map: TransactionMapping | undefined;
  readonly customers: string | undefined;
  readonly customerId: string | undefined;
  readonly dateFormat: string | undefined;
  readonly asOf: string | undefined;
  readonly windows: number[];
  readonly rules: string | undefined;
  readonly k: number | 'auto';
  readonly seed: number;
  readonly out: string;
  readonly force: boolean;
  readonly help: boolean;
}

/** Help text of `cohortlab run`. */
export const RUN_HELP = `Usage: cohortlab run [options]

Loads transactions, reports data quality, computes per-customer features, assigns the
predefined classes (RFM segments, A/B/C value tiers, lifecycle, optional custom rules),
clusters customers with k-means, and compares every class scheme with the clusters.
Without --transactions it runs on the bundled CDNOW data.

Options:
  --transactions FILE   CSV, Parquet, JSON or NDJSON file of transactions
  --map SPEC            column mapping, e.g. id=customer,date=order_date,amount=total
                        keys: id, date, amount | quantity + price, order, category, channel
  --customers FILE      customer table whose attributes join in by id
  --customer-id COL     id column of the customer table (default: the --map id column)
  --date-format FMT     auto (default), iso, yyyymmdd or a strptime format like %d/%m/%Y
  --as-of DATE          as-of date YYYY-MM-DD (default: the day after the last transaction)
  --windows LIST        trailing windows in days for extra features, e.g. 90,180,365
  --rules FILE          JSON rules file: {"defaultClass": "...", "rules": [{"name", "when"}]}
  --k auto|N            number of clusters, or auto to choose among 2..6 (default auto)
  --seed N              seed of every random choice (default 0)
  --out DIR             output folder (default: out)
  --force               replace existing output files
  -h, --help            show this help

Exit codes: 0 done, 2 bad input (one line naming file, row and column), 1 internal error.`;

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

/** Parses `cohortlab run` arguments; bad flags are INVALID_OPTION errors. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        transactions: { type: 'string' },
        map: { type: 'string' },
        customers: { type: 'string' },
        'customer-id': { type: 'string' },
        'date-format': { type: 'string' },
        'as-of': { type: 'string' },
        windows: { type: 'string' },
        rules: { type: 'string' },
        k: { type: 'string', default: 'auto' },
        seed: { type: 'string', default: '0' },
        out: { type: 'string', default: 'out' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new CohortlabError(
      'INVALID_OPTION',
      error instanceof Error ? error.message : String(error),
    );
  }
  if (values.transactions !== undefined && values.map === undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      '--transactions needs --map (e.g. --map id=customer,date=day,amount=total)',
    );
  }
  return {
    transactions: values.transactions,
    map: values.map === undefined ? undefined : parseMap(values.map),
    customers: values.customers,
    customerId: values['customer-id'],
    dateFormat: values['date-format'],
    asOf: values['as-of'],
    windows: values.windows === undefined ? [] : parseWindows(values.windows),
    rules: values.rules,
    k: parseK(values.k),
    seed: parseWhole(values.seed, '--seed', 0),
    out: values.out,
    force: values.force,
    help: values.help,
  };
}

/** Parses `id=a,date=b,amount=c` into a {@link TransactionMapping}. */
export function parseMap(spec: string): TransactionMapping {
  const map: Partial<Record<keyof TransactionMapping, string>> = {};
  for (const pair of spec.split(',')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    const field = MAP_KEYS[key];
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
  return map as TransactionMapping;
}

function parseWindows(list: string): number[] {
  return list.split(',').map((part) => {
    const days = Number(part.trim());
    if (!Number.isInteger(days) || days <= 0) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `--windows needs whole days like 90,180, got "${part}"`,
      );
    }
    return days;
  });
}

function parseK(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : parseWhole(value, '--k', 1);
}

function parseWhole(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${flag} needs a whole number ≥ ${min}${flag === '--k' ? " or 'auto'" : ''}, got "${value}"`,
    );
  }
  return n;
}

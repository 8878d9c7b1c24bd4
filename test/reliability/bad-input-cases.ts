import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuleClassifier, ruleSetFromJSON } from '../../src/classes/rules/rule-classifier.js';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { parseMap } from '../../src/cli/args.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { loadCustomers } from '../../src/data/customers.js';
import type { Engine } from '../../src/data/engine.js';
import { loadTransactions, type LoadTransactionsOptions } from '../../src/data/transactions.js';
import type { ErrorCode } from '../../src/errors/cohortlab-error.js';
import { filterRows } from '../../src/export/cohort-filter.js';
import { writeFileAtomic } from '../../src/export/write-file.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { loadPipelineModel } from '../../src/pipeline/load.js';
import { bad, MAP, MAP_ARG, tempDir } from './helpers.js';

/** A regular file where an output folder should go: writing under it fails (even as root). */
const BLOCKED = join(tempDir(), 'blocker');
writeFileSync(BLOCKED, 'not a folder\n');

/** Where the error must point: every field is compared, absent ones must be undefined. */
export interface Where {
  readonly file?: string;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;
  readonly count?: number;
}

/** One catalogue entry: the same bad input through the library and through `cohortlab run`. */
export interface BadInputCase {
  readonly name: string;
  /** The library call that must throw; absent for what only the CLI does (reading a rules file). */
  readonly library?: (engine: Engine) => unknown;
  readonly code: ErrorCode;
  readonly where: Where;
  /** A fragment the library message must contain (beyond the location prefix). */
  readonly says: string;
  /** `cohortlab run` arguments before `--out`; `out` is the output folder the test uses. */
  readonly cli: (out: string) => string[];
  /** The CLI command (default run). */
  readonly command?: 'run' | 'score';
  /**
   * The CLI's one stderr line when it differs from `cohortlab: <library message>` (flag
   * parsing and rule files are the CLI's own code paths).
   */
  readonly cliMessage?: RegExp;
}

const load =
  (file: string, options: Partial<LoadTransactionsOptions> = {}) =>
  (engine: Engine) =>
    loadTransactions(file, { map: MAP, ...options, engine });
const tx =
  (file: string, ...extra: string[]) =>
  (): string[] => ['--transactions', file, '--map', MAP_ARG, ...extra];

async function goodFeatures(engine: Engine) {
  return (await customerFeatures(await load(bad('good.csv'))(engine))).table;
}

function rulesFrom(file: string): RuleClassifier {
  return new RuleClassifier(ruleSetFromJSON(JSON.parse(readFileSync(file, 'utf8')) as unknown));
}

/** The catalogue of refused inputs. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // --- files that hold no data
  {
    name: 'empty file',
    library: load(bad('empty.csv')),
    code: 'NO_ROWS',
    where: { file: bad('empty.csv') },
    says: 'file is empty',
    cli: tx(bad('empty.csv')),
  },
  {
    name: 'blank lines only',
    library: load(bad('blank-lines-only.csv')),
    code: 'NO_ROWS',
    where: { file: bad('blank-lines-only.csv') },
    says: 'file is empty',
    cli: tx(bad('blank-lines-only.csv')),
  },
  {
    name: 'header only',
    library: load(bad('header-only.csv')),
    code: 'NO_ROWS',
    where: { file: bad('header-only.csv') },
    says: 'no data rows',
    cli: tx(bad('header-only.csv')),
  },
  {
    name: 'no row has a customer id',
    library: load(bad('no-customer-ids.csv')),
    code: 'NO_ROWS',
    where: { file: bad('no-customer-ids.csv') },
    says: 'none of the 2 rows has a customer id',
    cli: tx(bad('no-customer-ids.csv')),
  },
  {
    name: 'file not found',
    library: load(bad('nope.csv')),
    code: 'FILE_NOT_FOUND',
    where: { file: bad('nope.csv') },
    says: 'file not found',
    cli: tx(bad('nope.csv')),
  },
  {
    name: 'a folder instead of a file',
    library: load('test/fixtures/bad'),
    code: 'FILE_NOT_FOUND',
    where: { file: 'test/fixtures/bad' },
    says: 'not a regular file',
    cli: tx('test/fixtures/bad'),
  },
  {
    name: 'unknown extension',
    library: load(bad('unknown-format.xlsx')),
    code: 'UNSUPPORTED_FORMAT',
    where: { file: bad('unknown-format.xlsx') },
    says: 'cannot tell the format from the extension ".xlsx"',
    cli: tx(bad('unknown-format.xlsx')),
  },
  {
    name: 'a .gz file that is not gzip',
    library: load(bad('not-gzip.csv.gz')),
    code: 'READ_FAILED',
    where: { file: bad('not-gzip.csv.gz') },
    says: 'not a valid gzip file',
    cli: tx(bad('not-gzip.csv.gz')),
  },
  // --- header problems
  {
    name: 'mapped column missing',
    library: load(bad('missing-column.csv')),
    code: 'MISSING_COLUMN',
    where: { file: bad('missing-column.csv'), column: 'date' },
    says: 'available: customer, order_date, amount',
    cli: tx(bad('missing-column.csv')),
  },
  {
    name: 'duplicate column names',
    library: load(bad('duplicate-columns.csv')),
    code: 'DUPLICATE_COLUMN',
    where: { file: bad('duplicate-columns.csv'), column: 'date' },
    says: 'appears twice',
    cli: tx(bad('duplicate-columns.csv')),
  },
  {
    name: 'header names differing only in case',
    library: load(bad('header-case-duplicate.csv')),
    code: 'DUPLICATE_COLUMN',
    where: { file: bad('header-case-duplicate.csv'), column: 'Amount' },
    says: 'columns "amount" and "Amount" differ only in case',
    cli: tx(bad('header-case-duplicate.csv')),
  },
  {
    name: 'a built-in property name as a --where column',
    library: async (engine) => filterRows(await goodFeatures(engine), 'toString > 0', '--where'),
    code: 'UNKNOWN_FEATURE',
    where: { column: 'toString' },
    says: '--where refers to an unknown column',
    cli: tx(bad('good.csv'), '--where', 'toString > 0'),
    cliMessage: /^cohortlab: column "toString": --where refers to an unknown column; available: /,
  },
  {
    name: 'empty column name',
    library: load(bad('empty-column-name.csv')),
    code: 'READ_FAILED',
    where: { file: bad('empty-column-name.csv'), line: 1 },
    says: 'header field 2 of 3 is an empty column name',
    cli: tx(bad('empty-column-name.csv')),
  },
  {
    name: 'unknown column in --map',
    library: load(bad('good.csv'), { map: { ...MAP, amount: 'total' } }),
    code: 'MISSING_COLUMN',
    where: { file: bad('good.csv'), column: 'total' },
    says: 'available: customer, date, amount',
    cli: () => ['--transactions', bad('good.csv'), '--map', 'id=customer,date=date,amount=total'],
  },
  {
    name: 'unknown key in --map',
    library: () => parseMap('id=customer,date=date,amount=amount,total=amount'),
    code: 'INVALID_OPTION',
    where: {},
    says: '--map entry "total=amount" is not key=column',
    cli: () => [
      '--transactions',
      bad('good.csv'),
      '--map',
      'id=customer,date=date,amount=amount,total=amount',
    ],
  },
  {
    name: 'no amount in the mapping',
    library: load(bad('good.csv'), { map: { customerId: 'customer', date: 'date' } }),
    code: 'INVALID_OPTION',
    where: {},
    says: 'map needs amount, or quantity and unitPrice',
    cli: () => ['--transactions', bad('good.csv'), '--map', 'id=customer,date=date'],
  },
  // --- dialect and encoding
  {
    name: 'wrong delimiter in the rows',
    library: load(bad('wrong-delimiter.csv')),
    code: 'READ_FAILED',
    where: { file: bad('wrong-delimiter.csv'), line: 2 },
    says: 'expected 3 fields, found 1 (check the delimiter and quotes)',
    cli: tx(bad('wrong-delimiter.csv')),
  },
  {
    name: 'decimal commas with semicolons',
    library: load(bad('semicolon-decimal-comma.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('semicolon-decimal-comma.csv'), row: 1, column: 'amount', count: 2 },
    says: "unparseable amount '10,50'",
    cli: tx(bad('semicolon-decimal-comma.csv')),
  },
  {
    name: 'ragged rows',
    library: load(bad('ragged.csv')),
    code: 'READ_FAILED',
    where: { file: bad('ragged.csv'), line: 4 },
    says: 'expected 3 fields, found 4',
    cli: tx(bad('ragged.csv')),
  },
  {
    name: 'ragged whitespace-separated rows',
    library: load(bad('ragged.txt')),
    code: 'READ_FAILED',
    where: { file: bad('ragged.txt'), row: 2, count: 1 },
    says: 'expected 3 whitespace-separated fields, found 2',
    cli: tx(bad('ragged.txt')),
  },
  {
    name: 'unterminated quote',
    library: load(bad('unterminated-quote.csv')),
    code: 'READ_FAILED',
    where: { file: bad('unterminated-quote.csv'), line: 3 },
    says: 'unterminated quoted field',
    cli: tx(bad('unterminated-quote.csv')),
  },
  {
    name: 'invalid UTF-8 in a row',
    library: load(bad('invalid-utf8.csv')),
    code: 'INVALID_ENCODING',
    where: { file: bad('invalid-utf8.csv'), line: 4 },
    says: 'file is not valid UTF-8',
    cli: tx(bad('invalid-utf8.csv')),
  },
  {
    name: 'invalid UTF-8 in the header',
    library: load(bad('invalid-utf8-header.csv')),
    code: 'INVALID_ENCODING',
    where: { file: bad('invalid-utf8-header.csv'), line: 1 },
    says: 'file is not valid UTF-8',
    cli: tx(bad('invalid-utf8-header.csv')),
  },
  {
    name: 'binary file with NUL bytes',
    library: load(bad('binary.csv')),
    code: 'INVALID_ENCODING',
    where: { file: bad('binary.csv'), line: 1 },
    says: 'header contains NUL bytes',
    cli: tx(bad('binary.csv')),
  },
  // --- amounts
  {
    name: 'non-numeric amounts',
    library: load(bad('non-numeric-amount.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('non-numeric-amount.csv'), row: 2, column: 'amount', count: 2 },
    says: "unparseable amount 'ten'",
    cli: tx(bad('non-numeric-amount.csv')),
  },
  {
    name: 'thousands separators',
    library: load(bad('thousands-separator.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('thousands-separator.csv'), row: 3, column: 'amount', count: 1 },
    says: "unparseable amount '1,234.50'",
    cli: tx(bad('thousands-separator.csv')),
  },
  {
    name: 'currency symbols',
    library: load(bad('currency-symbol.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('currency-symbol.csv'), row: 1, column: 'amount', count: 2 },
    says: "unparseable amount '$10.50'",
    cli: tx(bad('currency-symbol.csv')),
  },
  {
    name: 'NaN amount',
    library: load(bad('nan-amount.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('nan-amount.csv'), row: 2, column: 'amount', count: 1 },
    says: "unparseable amount 'NaN'",
    cli: tx(bad('nan-amount.csv')),
  },
  {
    name: 'Infinity amounts',
    library: load(bad('infinity-amount.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('infinity-amount.csv'), row: 3, column: 'amount', count: 2 },
    says: "unparseable amount '-Infinity'",
    cli: tx(bad('infinity-amount.csv')),
  },
  {
    name: 'amount beyond float64',
    library: load(bad('overflow-amount.csv')),
    code: 'UNPARSEABLE_AMOUNT',
    where: { file: bad('overflow-amount.csv'), row: 2, column: 'amount', count: 1 },
    says: "unparseable amount '1e400'",
    cli: tx(bad('overflow-amount.csv')),
  },
  // --- dates
  {
    name: 'mixed date formats',
    library: load(bad('mixed-date-formats.csv')),
    code: 'UNPARSEABLE_DATE',
    where: { file: bad('mixed-date-formats.csv'), row: 4, column: 'date', count: 1 },
    says: "unparseable date '15/03/2024' (expected format iso",
    cli: tx(bad('mixed-date-formats.csv')),
  },
  {
    name: 'ambiguous day/month order',
    library: load(bad('ambiguous-dates.csv')),
    code: 'INVALID_OPTION',
    where: { file: bad('ambiguous-dates.csv'), column: 'date' },
    says: 'ambiguous dates: both %m/%d/%Y and %d/%m/%Y',
    cli: tx(bad('ambiguous-dates.csv')),
  },
  {
    name: 'impossible calendar date',
    library: load(bad('unparseable-date.csv')),
    code: 'UNPARSEABLE_DATE',
    where: { file: bad('unparseable-date.csv'), row: 2, column: 'date', count: 1 },
    says: "unparseable date '2024-02-30'",
    cli: tx(bad('unparseable-date.csv')),
  },
  {
    name: 'explicit date format that does not fit',
    library: load(bad('good.csv'), { dateFormat: '%d/%m/%Y' }),
    code: 'UNPARSEABLE_DATE',
    where: { file: bad('good.csv'), row: 1, column: 'date', count: 10 },
    says: 'expected format %d/%m/%Y',
    cli: tx(bad('good.csv'), '--date-format', '%d/%m/%Y'),
  },
  {
    name: 'as-of date that is not a date',
    library: async (engine) =>
      customerFeatures(await load(bad('good.csv'))(engine), { asOf: '2024-13-01' }),
    code: 'INVALID_OPTION',
    where: {},
    says: 'asOf must be a date like 1998-07-01, got "2024-13-01"',
    cli: tx(bad('good.csv'), '--as-of', '2024-13-01'),
  },
  {
    name: 'as-of date before every transaction',
    library: async (engine) =>
      new RfmScorer().fit(
        (await customerFeatures(await load(bad('good.csv'))(engine), { asOf: '2023-01-01' })).table,
      ),
    code: 'INVALID_INPUT',
    where: {},
    says: 'RFM scoring needs at least one customer with purchases',
    // The main job refuses earlier, at the cause: nothing is dated before the as-of date.
    cliMessage:
      /no transaction is dated before the as-of date 2023-01-01: nothing to segment; give a later as-of date/,
    cli: tx(bad('good.csv'), '--as-of', '2023-01-01'),
  },
  // --- other formats
  {
    name: 'corrupt Parquet',
    library: load(bad('corrupt.parquet')),
    code: 'READ_FAILED',
    where: { file: bad('corrupt.parquet') },
    says: 'cannot read parquet: Footer length error',
    cli: tx(bad('corrupt.parquet')),
  },
  {
    name: 'truncated Parquet',
    library: load(bad('truncated.parquet')),
    code: 'READ_FAILED',
    where: { file: bad('truncated.parquet') },
    says: 'too small to be a Parquet file',
    cli: tx(bad('truncated.parquet')),
  },
  {
    name: 'JSON object instead of an array',
    library: load(bad('not-array.json')),
    code: 'READ_FAILED',
    where: { file: bad('not-array.json') },
    says: 'expected a JSON array of records like [{"id": …}, …], found \'{\' at the start',
    cli: tx(bad('not-array.json')),
  },
  {
    name: 'JSON scalar',
    library: load(bad('scalar.json')),
    code: 'READ_FAILED',
    where: { file: bad('scalar.json') },
    says: "found '4' at the start",
    cli: tx(bad('scalar.json')),
  },
  {
    name: 'truncated JSON array',
    library: load(bad('broken.json')),
    code: 'READ_FAILED',
    where: { file: bad('broken.json') },
    says: 'the JSON array is not closed by "]"',
    cli: tx(bad('broken.json')),
  },
  {
    name: 'empty JSON array',
    library: load(bad('empty-array.json')),
    code: 'NO_ROWS',
    where: { file: bad('empty-array.json') },
    says: 'the JSON array is empty',
    cli: tx(bad('empty-array.json')),
  },
  {
    name: 'JSON array of numbers',
    library: load(bad('records-not-objects.json')),
    code: 'MISSING_COLUMN',
    where: { file: bad('records-not-objects.json'), column: 'customer' },
    says: 'available: json',
    cli: tx(bad('records-not-objects.json')),
  },
  {
    name: 'malformed NDJSON line',
    library: load(bad('broken.ndjson')),
    code: 'READ_FAILED',
    where: { file: bad('broken.ndjson'), line: 3 },
    says: 'malformed JSON: unexpected end of data',
    cli: tx(bad('broken.ndjson')),
  },
  // --- customer tables
  {
    name: 'customers file with duplicate ids',
    library: (engine) =>
      loadCustomers(bad('customers-duplicate-ids.csv'), { idColumn: 'customer', engine }),
    code: 'INVALID_INPUT',
    where: { file: bad('customers-duplicate-ids.csv'), row: 4, column: 'customer', count: 1 },
    says: 'customer id "c2" appears more than once',
    cli: tx(bad('good.csv'), '--customers', bad('customers-duplicate-ids.csv')),
  },
  {
    name: 'customers file with a missing id',
    library: (engine) =>
      loadCustomers(bad('customers-missing-id.csv'), { idColumn: 'customer', engine }),
    code: 'INVALID_INPUT',
    where: { file: bad('customers-missing-id.csv'), row: 2, column: 'customer', count: 1 },
    says: 'customer id is missing',
    cli: tx(bad('good.csv'), '--customers', bad('customers-missing-id.csv')),
  },
  {
    name: 'customers attribute named like a feature',
    library: (engine) =>
      loadCustomers(bad('customers-reserved-name.csv'), { idColumn: 'customer', engine }),
    code: 'INVALID_OPTION',
    where: { file: bad('customers-reserved-name.csv'), column: 'monetary' },
    says: 'reserved for a feature',
    cli: tx(bad('good.csv'), '--customers', bad('customers-reserved-name.csv')),
  },
  // --- options: k, output
  {
    name: 'k < 1',
    library: () => new KMeans({ k: 0 }),
    code: 'INVALID_OPTION',
    where: {},
    says: 'option "k" must be a whole number >= 1, got 0',
    cli: tx(bad('good.csv'), '--k', '0'),
    cliMessage: /^cohortlab: --k needs a whole number ≥ 1 or 'auto', got "0"\n$/,
  },
  {
    name: 'non-integer k',
    library: () => new KMeans({ k: 2.5 }),
    code: 'INVALID_OPTION',
    where: {},
    says: 'option "k" must be a whole number >= 1, got 2.5',
    cli: tx(bad('good.csv'), '--k', '2.5'),
    cliMessage: /^cohortlab: --k needs a whole number ≥ 1 or 'auto', got "2\.5"\n$/,
  },
  {
    name: 'output folder not writable (a file is in the way)',
    library: () => writeFileAtomic(join(BLOCKED, 'out', 'quality.json'), 'a\n'),
    code: 'WRITE_FAILED',
    where: { file: join(BLOCKED, 'out', 'quality.json') },
    says: 'cannot write the file',
    cli: () => tx(bad('good.csv'), '--out', join(BLOCKED, 'out'))(),
    // Which output the CLI tries first is its own business.
    cliMessage: /^cohortlab: [^\n]*\/blocker\/out\/[\w.]+: cannot write the file[^\n]*\n$/,
  },
  // --- rule files
  {
    name: 'rule with an unknown feature',
    library: async (engine) =>
      rulesFrom(bad('rules-unknown-feature.json')).fit(await goodFeatures(engine)),
    code: 'UNKNOWN_FEATURE',
    where: { column: 'loyalty_points' },
    says: 'rule "loyal" refers to an unknown column',
    cli: tx(bad('good.csv'), '--rules', bad('rules-unknown-feature.json')),
  },
  {
    name: 'rule with a syntax error',
    library: () => rulesFrom(bad('rules-syntax-error.json')),
    code: 'INVALID_RULE',
    where: {},
    says: 'rule "broken", position 14: expected a column name, number or string, found ">="',
    cli: tx(bad('good.csv'), '--rules', bad('rules-syntax-error.json')),
    cliMessage:
      /^cohortlab: (test\/fixtures\/bad\/rules-syntax-error\.json: )?rule "broken", position 14: expected a column name, number or string, found ">="\n$/,
  },
  {
    name: 'rules file that is not JSON',
    code: 'INVALID_RULE',
    where: {},
    says: '',
    cli: tx(bad('good.csv'), '--rules', bad('rules-not-json.json')),
    cliMessage:
      /^cohortlab: test\/fixtures\/bad\/rules-not-json\.json: rules file is not valid JSON\n$/,
  },
  {
    name: 'rules file of the wrong shape',
    library: () => rulesFrom(bad('rules-wrong-shape.json')),
    code: 'INVALID_RULE',
    where: {},
    says: 'a rule set must be an array of {name, when}',
    cli: tx(bad('good.csv'), '--rules', bad('rules-wrong-shape.json')),
    cliMessage:
      /^cohortlab: test\/fixtures\/bad\/rules-wrong-shape\.json: a rule set must be an array of \{name, when\}/,
  },
  // --- pipeline model files (`cohortlab score --model`)
  ...(
    [
      ['model file that is cut off', 'model-corrupt.json', 'not valid JSON'],
      [
        'model of another major version',
        'model-major-2.json',
        'model version 2.0.0 is not supported',
      ],
      [
        'JSON that is not a pipeline model',
        'model-not-pipeline.json',
        'not a cohortlab pipeline model',
      ],
      [
        'a model part of the wrong type ("kmeans": "x")',
        'model-kmeans-string.json',
        '"kmeans" must be a KMeans model object',
      ],
    ] as const
  ).map(([name, file, says]): BadInputCase => ({
    name,
    library: () => loadPipelineModel(bad(file)),
    code: 'INVALID_MODEL',
    where: { file: bad(file) },
    says,
    command: 'score',
    cli: (out) => [
      '--model',
      bad(file),
      '--transactions',
      bad('good.csv'),
      '--out',
      join(out, 'scored.csv'),
    ],
  })),
];

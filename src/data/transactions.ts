import { CohortlabError } from '../errors/cohortlab-error.js';
import type { CohortlabWarning } from '../errors/warnings.js';
import {
  dateExpression,
  idExpression,
  isIntegerType,
  resolveDateFormat,
  textExpression,
  type DateFormat,
} from './dates.js';
import { defaultEngine, trackQueries, type Engine } from './engine.js';
import { detectFormat, type FileReadOptions } from './file-source.js';
import { requireColumn } from './mapping.js';
import type { RawColumn, RawRelation } from './raw-relation.js';
import { loadSource, type Source } from './source.js';
import { quoteIdent, quoteLiteral, tryNumber } from './sql.js';
import type { DateInput } from './as-of.js';
import { findStrayDates } from './stray-dates.js';
import type { PipelineProgress } from '../util/progress.js';
import { fileScanError } from './file-source.js';

/**
 * Which source columns hold what. Give `amount`, or `quantity` and `unitPrice` (amount is
 * their product). Names are matched exactly (case and accents included).
 */
export interface TransactionMapping {
  readonly customerId: string;
  readonly date: string;
  readonly amount?: string;
  readonly quantity?: string;
  readonly unitPrice?: string;
  /** Order / invoice id; without it an order is a customer's calendar day. */
  readonly orderId?: string;
  readonly category?: string;
  readonly channel?: string;
}

/** Options of {@link loadTransactions}. */
export interface LoadTransactionsOptions extends FileReadOptions {
  readonly map: TransactionMapping;
  /** Date format; default 'auto'. */
  readonly dateFormat?: DateFormat;
  /**
   * What to do with rows whose date or amount is present but unparseable: 'error' (default)
   * throws naming the first such row and the count; 'drop' leaves them out of the features
   * and counts them in the quality report.
   */
  readonly onInvalid?: 'error' | 'drop';
  /**
   * How messages name the options they suggest: 'library' (default: `onInvalid: 'drop'`,
   * `dateFormat`) or 'cli' (`--on-invalid drop`, `--date-format`), for the command line.
   */
  readonly vocabulary?: 'library' | 'cli';
  /**
   * Today, for the check of rows dated in the future (default: the real current date; set it
   * in tests). See {@link findStrayDates} for what counts as a stray date.
   */
  readonly today?: DateInput;
  /** Engine to load into; default: the shared in-memory engine. */
  readonly engine?: Engine;
  /**
   * Told how far the load is: step "load" in %, as DuckDB reports its current query (reading,
   * checking and copying the rows are queries of their own, each from 0 to 100 %).
   */
  readonly progress?: PipelineProgress;
}

/**
 * Transactions loaded and validated in the engine. `table` holds the usable rows with the
 * normalised columns `__row, customer_id, ts, day, amount, order_id, category, channel`
 * (a table in row order; for Parquet a view scanning the file in place, so order by `__row`
 * where order matters); `parsedView` holds every source row with parse results, for the
 * quality report.
 */
export interface Transactions {
  readonly engine: Engine;
  readonly source: string;
  readonly raw: RawRelation;
  readonly parsedView: string;
  readonly table: string;
  readonly mapping: TransactionMapping;
  /** The date format in use: 'native' for typed date columns, 'iso' or a strptime format. */
  readonly dateFormat: string;
  readonly hasOrderId: boolean;
  readonly hasCategory: boolean;
  readonly hasChannel: boolean;
  /**
   * The column of `table` to group customers on: `customer_key`, the source's own integer id
   * (whose text is `customer_id`), when the id column is integer-typed; else `customer_id`.
   * Grouping on an integer is much cheaper than on text; convert to text after aggregating.
   */
  readonly customerKey: 'customer_key' | 'customer_id';
  /** Number of usable rows in `table`. */
  readonly rows: number;
  /**
   * The latest plausible day of a usable row, as DuckDB writes a DATE ('YYYY-MM-DD'): stray
   * dates (in the future, or far from the bulk of the data) do not count, unless every row is
   * stray. The default as-of date is the day after it.
   */
  readonly lastDay: string;
  /** Usable rows with a stray date (see {@link findStrayDates}); they still count as data. */
  readonly strayDates: number;
  /** What the load found worth telling: `STRAY_DATES`. */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * Loads a transactions table (file, records, columns or DataFrame), maps its columns,
 * parses dates and amounts, and validates them. Bad input throws a {@link CohortlabError}
 * naming the file, row and column.
 */
export async function loadTransactions(
  source: Source,
  options: LoadTransactionsOptions,
): Promise<Transactions> {
  const engine = options.engine ?? (await defaultEngine());
  try {
    return await trackQueries(engine, options.progress, 'load', () =>
      loadInto(engine, source, options),
    );
  } catch (error) {
    throw typeof source === 'string' ? fileScanError(error, source) : error;
  }
}

async function loadInto(
  engine: Engine,
  source: Source,
  options: LoadTransactionsOptions,
): Promise<Transactions> {
  const map = options.map;
  if (map.amount === undefined && (map.quantity === undefined || map.unitPrice === undefined)) {
    throw new CohortlabError('INVALID_OPTION', 'map needs amount, or quantity and unitPrice');
  }
  // Only the mapped columns are read: the others would cost time and memory per column.
  const mapped = Object.values(map).filter((name): name is string => typeof name === 'string');
  const raw = await loadSource(engine, source, options, mapped);
  const col = (name: string | undefined): RawColumn | undefined =>
    name === undefined ? undefined : requireColumn(raw, name);
  const idCol = col(map.customerId) as RawColumn;
  const dateCol = col(map.date) as RawColumn;
  const amountCols = (map.amount !== undefined ? [map.amount] : [map.quantity, map.unitPrice]).map(
    (name) => col(name) as RawColumn,
  );
  const orderCol = col(map.orderId);
  const categoryCol = col(map.category);
  const channelCol = col(map.channel);

  const total = Number((await engine.row(`SELECT count(*) AS n FROM ${raw.name}`))['n']);
  if (total === 0) throw new CohortlabError('NO_ROWS', 'no data rows', { file: raw.label });

  const cli = options.vocabulary === 'cli';
  const dateFormat = await resolveDateFormat(
    engine,
    raw,
    dateCol,
    options.dateFormat,
    cli ? '--date-format' : 'dateFormat',
  );
  const parsedView = engine.uniqueName('parsed');
  // An integer id is its own grouping key: its text (customer_id) is CAST(id AS VARCHAR), one
  // to one, so aggregations group on the integer and convert once per customer, not per row.
  const customerKey = isIntegerType(idCol.duckdbType) ? 'customer_key' : 'customer_id';
  const keyColumn = customerKey === 'customer_key' ? `, ${quoteIdent(idCol.name)} AS customer_key` : '';
  // A DATE column is its own day: no round trip through TIMESTAMP per row.
  const nativeDay = dateCol.kind === 'date';
  const dayColumn = nativeDay ? `, ${quoteIdent(dateCol.name)} AS __native_day` : '';
  const amountValues = amountCols.map(numberExpression);
  await engine.run(
    `CREATE TEMP VIEW ${parsedView} AS SELECT __row,
       ${idExpression(idCol)} AS customer_id,
       ${textExpression(dateCol)} AS date_text,
       ${dateExpression(dateCol, dateFormat)} AS ts,
       ${amountCols.map((c, i) => `${textExpression(c)} AS __amount_text_${i}`).join(', ')},
       ${amountValues.map((v, i) => `${v} AS __amount_${i}`).join(', ')},
       ${amountValues.join(' * ')} AS amount,
       ${orderCol ? textExpression(orderCol) : 'NULL::VARCHAR'} AS order_id,
       ${categoryCol ? textExpression(categoryCol) : 'NULL::VARCHAR'} AS category,
       ${channelCol ? textExpression(channelCol) : 'NULL::VARCHAR'} AS channel${keyColumn}${dayColumn}
     FROM ${raw.name}`,
  );
  if ((options.onInvalid ?? 'error') === 'error') {
    const drop = cli ? '--on-invalid drop' : "onInvalid: 'drop'";
    const check = { engine, view: parsedView, file: raw.label, drop };
    // A typed DATE/TIMESTAMP column always casts: nothing to check (saves a full scan).
    if (dateFormat !== 'native') {
      await rejectUnparseable(check, 'ts', 'date_text', dateCol.name, 'UNPARSEABLE_DATE', dateFormat);
    }
    for (const [i, c] of amountCols.entries()) {
      if (c.kind === 'numeric' || c.kind === 'boolean') {
        // Typed: checked on the source itself, where presence needs no text built per row.
        const typed = { ...check, view: raw.name };
        const value = amountValues[i] as string;
        await rejectUnparseable(typed, value, textExpression(c), c.name, 'UNPARSEABLE_AMOUNT', 'number', `${quoteIdent(c.name)} IS NOT NULL`);
      } else {
        await rejectUnparseable(check, `__amount_${i}`, `__amount_text_${i}`, c.name, 'UNPARSEABLE_AMOUNT', 'number');
      }
    }
  }
  const table = engine.uniqueName('tx');
  // Presence is tested on the key and the native day where there are such: a query that needs
  // neither customer_id nor ts (counting rows, the features) then never builds them per row.
  const usable = `SELECT __row, customer_id, ts, ${nativeDay ? '__native_day' : 'CAST(ts AS DATE)'} AS day,
       amount, order_id, category, channel${customerKey === 'customer_key' ? ', customer_key' : ''}
     FROM ${parsedView}
     WHERE ${customerKey} IS NOT NULL AND ${nativeDay ? '__native_day' : 'ts'} IS NOT NULL
       AND amount IS NOT NULL`;
  // Parquet is scanned where it lies: copying it into a table (and sorting it by row) would
  // cost more than it saves, and holds every row in memory (10M rows: ~1 s and ~1 GB).
  const inPlace = typeof source === 'string' && detectFormat(source, options.format) === 'parquet';
  await engine.run(
    inPlace
      ? `CREATE TEMP VIEW ${table} AS ${usable}`
      : `CREATE TEMP TABLE ${table} AS ${usable} ORDER BY __row`,
  );
  const dates = await findStrayDates(engine, table, {
    file: raw.label,
    column: dateCol.name,
    ...(options.today === undefined ? {} : { today: options.today }),
  });
  const rows = dates.rows;
  if (rows === 0) {
    throw new CohortlabError(
      'NO_ROWS',
      `none of the ${total} rows has a customer id, a date and an amount`,
      { file: raw.label },
    );
  }
  return {
    engine,
    source: raw.label,
    raw,
    parsedView,
    table,
    mapping: map,
    dateFormat,
    hasOrderId: orderCol !== undefined,
    hasCategory: categoryCol !== undefined,
    hasChannel: channelCol !== undefined,
    customerKey,
    rows,
    lastDay: dates.lastDay,
    strayDates: dates.stray,
    warnings: dates.warnings,
  };
}

/**
 * A finite DOUBLE below {@link MAX_AMOUNT} in size, or NULL when the text is not a plain
 * number (1,234, 1_000 and $5 are not), is a boolean, or is out of range.
 */
function numberExpression(column: RawColumn): string {
  // A boolean (JSON true/false, a Parquet BOOLEAN) is no amount: every present value of such a
  // column is unparseable, and reported so.
  if (column.kind === 'boolean') return 'NULL::DOUBLE';
  const value =
    column.kind === 'numeric'
      ? `CAST(${quoteIdent(column.name)} AS DOUBLE)`
      : tryNumber(textExpression(column));
  return `CASE WHEN isfinite(${value}) AND abs(${value}) < ${MAX_AMOUNT} THEN ${value} END`;
}

/**
 * Amounts must be smaller than this: money is summed exactly in DECIMAL(38, 10) (see
 * `exactSum`), which holds 28 integer digits, so 1e300 would overflow the sums; and no
 * float64 from 1e20 on even holds whole units exactly. Such values are data errors.
 */
const MAX_AMOUNT = '1e20';

interface CheckContext {
  readonly engine: Engine;
  readonly view: string;
  readonly file: string;
  /** The option that drops such rows, as the caller names it. */
  readonly drop: string;
}

async function rejectUnparseable(
  { engine, view, file, drop }: CheckContext,
  parsed: string,
  text: string,
  column: string,
  code: 'UNPARSEABLE_DATE' | 'UNPARSEABLE_AMOUNT',
  expected: string,
  present = `${text} IS NOT NULL`,
): Promise<void> {
  const bad = await engine.row(
    `SELECT count(*) AS n, arg_min(${text}, __row) AS value, min(__row) AS row
     FROM ${view} WHERE ${present} AND ${parsed} IS NULL`,
  );
  const count = Number(bad['n']);
  if (count === 0) return;
  const what = code === 'UNPARSEABLE_DATE' ? 'date' : 'amount';
  const hint =
    expected === 'number'
      ? `expected a plain number such as 1234.50, smaller than ${MAX_AMOUNT} in size`
      : `expected format ${expected}`;
  throw new CohortlabError(
    code,
    `unparseable ${what} ${quoteLiteral(String(bad['value']))} (${hint}; pass ${drop} to skip such rows)`,
    { file, row: Number(bad['row']), column, count },
  );
}

/**
 * The `--engine clickhouse` options shared by `cohortlab run` and `cohortlab score`: where
 * the transactions live (server, database, table, shards), who connects (user, password from
 * an environment variable) and, for `run`, the sample to fit on and the table to score into.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { redactUrl } from '../errors/redact.js';
import { ClickHouseClient, type ShardTable } from '../engines/index.js';
import { badOption, listValue, textValue, type OptionSpec, type RawOption } from './options.js';

/** One shard of `--shards`: its server and its local table. */
export interface ShardSpec {
  readonly url: string;
  readonly table: string;
}

/** The engine options after parsing (the password itself is read from the environment). */
export interface EngineArgs {
  /** The engine; only `clickhouse` for now. */
  readonly kind: 'clickhouse';
  /** HTTP endpoint of the server (or the cluster's initiator), without credentials. */
  readonly url: string;
  readonly database: string | undefined;
  /** The transactions table (a Distributed table on a cluster), default `transactions`. */
  readonly table: string;
  readonly user: string | undefined;
  /** The environment variable holding the password (its value is never shown). */
  readonly passwordEnv: string | undefined;
  /** Fit on a seeded sample of this many customers drawn in the engine (run only). */
  readonly fitSample: number | undefined;
  /** Each shard's server and local table, for per-shard scoring. */
  readonly shards: readonly ShardSpec[];
  /** Leave the scores in this ClickHouse table instead of fetching them. */
  readonly into: string | undefined;
}

/** The engine options of `cohortlab score` (also config keys). */
export const ENGINE_SCORE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  engine: { type: 'string' },
  url: { type: 'string' },
  database: { type: 'string' },
  table: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  shards: { type: 'string' },
  into: { type: 'string' },
};

/** The engine options of `cohortlab run` (also config keys): those of score and --fit-sample. */
export const ENGINE_RUN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...ENGINE_SCORE_OPTIONS,
  'fit-sample': { type: 'string' },
};

/** Table names and subqueries are inserted into SQL as written: refuse statement breaks. */
const UNSAFE_SQL = /;|--|\/\*/;

/**
 * Refuses a password written on the command line (`--password`, or one inside `--url`) before
 * anything else reads the arguments, without repeating it.
 */
export function refusePasswordFlag(argv: readonly string[]): void {
  if (argv.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'a password is never given on the command line: put it in an environment variable and pass --password-env VAR',
    );
  }
}

/**
 * Reads the engine options of `command` from parsed options; undefined without `--engine`
 * (then every other engine option is an error). INVALID_OPTION naming the flag otherwise.
 */
export function parseEngineArgs(
  o: ReadonlyMap<string, RawOption>,
  command: 'run' | 'score',
): EngineArgs | undefined {
  const names = Object.keys(command === 'run' ? ENGINE_RUN_OPTIONS : ENGINE_SCORE_OPTIONS);
  const engineOption = o.get('engine');
  if (engineOption === undefined) {
    const stray = names.find((name) => o.has(name));
    if (stray !== undefined) {
      throw badOption(o.get(stray) as RawOption, `--${stray} needs --engine clickhouse`);
    }
    return undefined;
  }
  const kind = textValue(engineOption);
  if (kind !== 'clickhouse') {
    throw badOption(engineOption, `--engine must be clickhouse, got "${kind}"`);
  }
  const text = (name: string): string | undefined => {
    const option = o.get(name);
    return option === undefined ? undefined : textValue(option);
  };
  const urlOption = o.get('url');
  if (urlOption === undefined) {
    throw new CohortlabError('INVALID_OPTION', '--engine clickhouse needs --url http://host:port');
  }
  const url = checkUrl(urlOption, textValue(urlOption));
  const table = text('table') ?? 'transactions';
  checkSqlName(o.get('table'), table, '--table');
  const into = text('into');
  checkSqlName(o.get('into'), into, '--into');
  const passwordEnv = text('password-env');
  if (passwordEnv !== undefined) readPassword(passwordEnv, o.get('password-env') as RawOption);
  const sample = o.get('fit-sample');
  return {
    kind,
    url,
    database: text('database'),
    table,
    user: text('user'),
    passwordEnv,
    fitSample: sample === undefined ? undefined : wholeNumber(sample),
    shards: o.has('shards') ? parseShards(o.get('shards') as RawOption, table) : [],
    into,
  };
}

/** The URL as given, refused when it is not http(s) or carries a password. */
function checkUrl(option: RawOption, url: string): string {
  // Quoted back with its password as *** (a URL that does not parse may still hold one).
  const shown = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badOption(option, `--${option.flag} needs an http:// or https:// URL, got "${shown}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw badOption(option, `--${option.flag} needs an http:// or https:// URL, got "${shown}"`);
  }
  if (parsed.password !== '') {
    // Do not echo the URL: it holds the password.
    throw badOption(
      option,
      `--${option.flag} must not hold a password: put it in an environment variable and pass --password-env VAR`,
    );
  }
  return url;
}

function checkSqlName(option: RawOption | undefined, name: string | undefined, flag: string): void {
  if (option === undefined || name === undefined) return;
  if (name.trim() === '' || UNSAFE_SQL.test(name)) {
    throw badOption(option, `${flag} needs a table name, got "${name}"`);
  }
}

function wholeNumber(option: RawOption): number {
  const text = typeof option.value === 'number' ? String(option.value) : textValue(option);
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1) {
    throw badOption(option, `--${option.flag} needs a whole number ≥ 1, got "${text}"`);
  }
  return n;
}

/**
 * `--shards URL/TABLE,URL/TABLE`: each shard's server and its local table (the last path
 * segment; without one, the shard's table is called as --table).
 */
function parseShards(option: RawOption, table: string): ShardSpec[] {
  return listValue(option).map((entry) => {
    const url = checkUrl(option, entry);
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/\/+$/, '');
    const cut = path.lastIndexOf('/');
    const shardTable = decodeURIComponent(path.slice(cut + 1));
    parsed.pathname = path.slice(0, cut) || '/';
    parsed.search = '';
    const server = parsed.toString().replace(/\/$/, '');
    const local = shardTable === '' ? table : shardTable;
    checkSqlName(option, local, '--shards');
    return { url: server, table: local };
  });
}

/** The password held by environment variable `name`; INVALID_OPTION when it is not set. */
function readPassword(name: string, option?: RawOption): string {
  const value = process.env[name];
  if (value === undefined) {
    const detail = `--password-env: environment variable ${name} is not set`;
    throw option === undefined
      ? new CohortlabError('INVALID_OPTION', detail)
      : badOption(option, detail);
  }
  return value;
}

/** The clients of a run: the server the queries go to, and one per shard. */
export interface EngineConnection {
  readonly client: ClickHouseClient;
  readonly shards: readonly ShardTable[] | undefined;
}

/** Clients for `args` (same user, password and database on every shard). */
export function connectEngine(args: EngineArgs): EngineConnection {
  const password = args.passwordEnv === undefined ? undefined : readPassword(args.passwordEnv);
  const options = {
    ...(args.database === undefined ? {} : { database: args.database }),
    ...(args.user === undefined ? {} : { user: args.user }),
    ...(password === undefined ? {} : { password }),
  };
  const client = new ClickHouseClient({ url: args.url, ...options });
  const shards = args.shards.map((s) => ({
    client: new ClickHouseClient({ url: s.url, ...options }),
    table: s.table,
  }));
  return { client, shards: shards.length === 0 ? undefined : shards };
}

/**
 * OUTPUT_EXISTS when the `--into` table exists already (on the server or any shard), checked
 * before any work so that a refused run leaves nothing behind.
 */
export async function assertIntoFree(connection: EngineConnection, into: string): Promise<void> {
  const targets = connection.shards ?? [{ client: connection.client, table: into }];
  for (const { client } of targets) {
    const exists = (await client.text(`EXISTS TABLE ${into}`, { table: into })).trim();
    if (exists === '1') {
      throw new CohortlabError(
        'OUTPUT_EXISTS',
        `ClickHouse ${client.server}, table ${into}: exists already; drop it or choose another --into`,
      );
    }
  }
}

/**
 * INVALID_OPTION for the first of `names` set together with `--engine`: options that need the
 * transactions in-process (or, with `--into`, the scores here) and would be silently ignored.
 */
export function refuseWithEngine(
  o: ReadonlyMap<string, RawOption>,
  names: readonly string[],
  why: string,
): void {
  const found = names.find((name) => o.has(name));
  if (found !== undefined) {
    throw badOption(o.get(found) as RawOption, `--${found} does not apply ${why}`);
  }
}

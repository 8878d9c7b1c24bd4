/**
 * A small ClickHouse client over its HTTP interface (node:http, see `http-post.ts`), for
 * running the feature and scoring queries where the transactions live. Errors arrive as typed
 * {@link CohortlabError}s (see `clickHouseError`, `networkError`).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { redactUrl } from '../../errors/redact.js';
import type { ColumnTable } from '../../table/column-table.js';
import { clickHouseError, networkError, type ClickHouseErrorContext } from './errors.js';
import { httpPost, type HttpAnswer } from './http-post.js';
import { parseTsvWithNamesAndTypes } from './tsv.js';

/** Query settings sent with a request (`max_threads`, `insert_distributed_sync`, …). */
export type ClickHouseSettings = Readonly<Record<string, string | number>>;

/** How to reach a ClickHouse server. */
export interface ClickHouseClientOptions {
  /** HTTP endpoint, e.g. `http://127.0.0.1:8123`. */
  readonly url: string;
  /** Default database of every query (default: the server's, usually `default`). */
  readonly database?: string;
  /** User (default `default`). */
  readonly user?: string;
  /** Password (default none). Sent in the Authorization header, never in the URL. */
  readonly password?: string;
  /** Give up on a request after this many milliseconds (default 600,000). */
  readonly timeoutMs?: number;
  /** Settings sent with every request. */
  readonly settings?: ClickHouseSettings;
}

/** Per-request options. */
export interface ClickHouseRequestOptions {
  /** Extra settings for this request. */
  readonly settings?: ClickHouseSettings;
  /** The table the request reads, named in error messages. */
  readonly table?: string;
}

const DEFAULT_TIMEOUT_MS = 600_000;

/** A percent-encoded user or password; INVALID_OPTION (not repeating it) when malformed. */
function decodeUserinfo(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new CohortlabError(
      'INVALID_OPTION',
      'the user or password in the ClickHouse URL has a malformed %-escape',
    );
  }
}

/** Talks to one ClickHouse server (or the initiator of a cluster) over HTTP. */
export class ClickHouseClient {
  /** The endpoint without credentials, as shown in messages. */
  readonly server: string;
  readonly database: string | undefined;
  readonly user: string;
  readonly timeoutMs: number;
  readonly #endpoint: URL;
  readonly #authorization: string | undefined;
  readonly #settings: ClickHouseSettings;

  constructor(options: ClickHouseClientOptions) {
    let endpoint: URL;
    try {
      endpoint = new URL(options.url);
    } catch {
      throw new CohortlabError(
        'INVALID_OPTION',
        `not a ClickHouse URL: "${redactUrl(options.url)}"`,
      );
    }
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
      throw new CohortlabError(
        'INVALID_OPTION',
        `ClickHouse URL must start with http:// or https://, got "${redactUrl(options.url)}"`,
      );
    }
    // Credentials written into the URL count as user/password, and are never shown.
    const user = options.user ?? (decodeUserinfo(endpoint.username) || 'default');
    const password = options.password ?? decodeUserinfo(endpoint.password);
    endpoint.username = '';
    endpoint.password = '';
    this.#endpoint = endpoint;
    this.server = `${endpoint.origin}${endpoint.pathname === '/' ? '' : endpoint.pathname}`;
    this.database = options.database;
    this.user = user;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#authorization =
      options.user === undefined && password === '' && user === 'default'
        ? undefined
        : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    this.#settings = options.settings ?? {};
  }

  #context(table: string | undefined): ClickHouseErrorContext {
    return { server: this.server, user: this.user, table };
  }

  /** Sends `body` with `query` (when given) in the URL; the answer as bytes. */
  async #send(
    body: string | Uint8Array,
    options: ClickHouseRequestOptions & { readonly query?: string },
  ): Promise<Buffer> {
    const url = new URL(this.#endpoint);
    const settings = { ...this.#settings, ...options.settings };
    if (this.database !== undefined) url.searchParams.set('database', this.database);
    for (const [key, value] of Object.entries(settings)) url.searchParams.set(key, String(value));
    if (options.query !== undefined) url.searchParams.set('query', options.query);
    const headers: Record<string, string> = {};
    if (this.#authorization !== undefined) headers['Authorization'] = this.#authorization;
    const context = this.#context(options.table);
    let answer: HttpAnswer;
    try {
      answer = await httpPost(url, headers, body, this.timeoutMs);
    } catch (error) {
      throw networkError(error, context, this.timeoutMs);
    }
    if (answer.status < 200 || answer.status > 299) {
      throw clickHouseError(answer.status, answer.body.toString('utf8'), context);
    }
    return answer.body;
  }

  /** Runs a statement (DDL, INSERT … SELECT) and discards any answer. */
  async command(sql: string, options: ClickHouseRequestOptions = {}): Promise<void> {
    await this.#send(sql, options);
  }

  /** Runs a query and returns the answer as text (write the FORMAT clause yourself). */
  async text(sql: string, options: ClickHouseRequestOptions = {}): Promise<string> {
    return (await this.#send(sql, options)).toString('utf8');
  }

  /**
   * Runs a SELECT and returns its result as columns: numeric columns as Float64Array (NULL →
   * NaN; doubles exact), the others as text (NULL → null). Do not end `sql` with FORMAT.
   */
  async table(sql: string, options: ClickHouseRequestOptions = {}): Promise<ColumnTable> {
    return parseTsvWithNamesAndTypes(
      await this.text(`${sql}\nFORMAT TSVWithNamesAndTypes`, options),
    );
  }

  /** Inserts a body in `format` (RowBinary, TabSeparated, Parquet where supported…) into `table`. */
  async insert(
    table: string,
    body: Uint8Array | string,
    format = 'RowBinary',
    options: ClickHouseRequestOptions = {},
  ): Promise<void> {
    await this.#send(body, { table, ...options, query: `INSERT INTO ${table} FORMAT ${format}` });
  }

  /** The server's version (a cheap round trip: checks the address and the credentials). */
  async version(): Promise<string> {
    return (await this.text('SELECT version()')).trim();
  }
}

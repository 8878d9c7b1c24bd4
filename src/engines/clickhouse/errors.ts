/**
 * ClickHouse failures as {@link CohortlabError}s with one-line messages that name the server,
 * the table and the column. ClickHouse 18.16 answers errors over HTTP as
 * `Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = …`;
 * newer servers write `Code: 60. DB::Exception: …`. Both are read.
 *
 * @module
 */
import { CohortlabError, type ErrorCode } from '../../errors/cohortlab-error.js';

/** What a failing request was about, for the message. */
export interface ClickHouseErrorContext {
  /** The server as shown to users (no credentials). */
  readonly server: string;
  /** The user the request ran as. */
  readonly user: string;
  /** The table the request read, when one. */
  readonly table?: string | undefined;
}

/** ClickHouse's numeric error codes that get their own cohortlab code. */
const CODES = {
  noSuchColumn: 16,
  unknownIdentifier: 47,
  unknownTable: 60,
  syntaxError: 62,
  unknownDatabase: 81,
  unknownUser: 192,
  wrongPassword: 193,
  requiredPassword: 194,
  authenticationFailed: 516,
} as const;

const AUTH_CODES: readonly number[] = [
  CODES.unknownUser,
  CODES.wrongPassword,
  CODES.requiredPassword,
  CODES.authenticationFailed,
];

/** Longest server message kept (syntax errors list every expected token). */
const MAX_DETAIL = 240;

/** The error code and the human part of a ClickHouse error body. */
export function parseClickHouseError(body: string): { code: number | undefined; message: string } {
  const text = body.trim();
  const code = /^Code:\s*(\d+)/.exec(text)?.[1];
  const message = (/DB::Exception:\s*([\s\S]*?)(?:,\s*e\.what\(\)\s*=.*)?$/.exec(text)?.[1] ?? text)
    .replace(/\s*\(version [^)]*\)\s*$/, '')
    .replace(/\.$/, '')
    .trim();
  return { code: code === undefined ? undefined : Number(code), message };
}

function shorten(message: string): string {
  const line = message.replace(/\s+/g, ' ');
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

/** The column a "missing column" message names, when it names one. */
function missingColumn(message: string): string | undefined {
  const patterns = [
    /Missing columns:\s*'([^']+)'/,
    /Unknown identifier:\s*([^\s,]+)/,
    /There is no column (?:with name )?[`'"]?([^`'"\s]+)/,
    /No such column\s+[`'"]?([^`'"\s]+)/,
  ];
  for (const pattern of patterns) {
    const found = pattern.exec(message)?.[1];
    if (found !== undefined) return found;
  }
  return undefined;
}

function where(context: ClickHouseErrorContext): string {
  return context.table === undefined
    ? `ClickHouse ${context.server}`
    : `ClickHouse ${context.server}, table ${context.table}`;
}

/**
 * The {@link CohortlabError} for an error answer (`status` and body) of ClickHouse's HTTP
 * interface: ENGINE_AUTH_FAILED (unknown user, wrong or missing password), MISSING_TABLE
 * (unknown table or database), MISSING_COLUMN (unknown identifier / missing columns; the
 * column is named), ENGINE_ERROR otherwise (syntax errors included).
 */
export function clickHouseError(
  status: number,
  body: string,
  context: ClickHouseErrorContext,
): CohortlabError {
  const { code, message } = parseClickHouseError(body);
  const tag = code === undefined ? `HTTP ${status}` : `Code ${code}`;
  const fail = (errorCode: ErrorCode, detail: string, column?: string): CohortlabError =>
    new CohortlabError(errorCode, detail, {
      file: where(context),
      ...(column === undefined ? {} : { column }),
    });
  if ((code !== undefined && AUTH_CODES.includes(code)) || status === 401 || status === 403) {
    return fail(
      'ENGINE_AUTH_FAILED',
      `user "${context.user}" was refused (${tag}: ${shorten(message)})`,
    );
  }
  if (code === CODES.unknownTable || code === CODES.unknownDatabase) {
    return fail('MISSING_TABLE', `no such table (${tag}: ${shorten(message)})`);
  }
  if (code === CODES.unknownIdentifier || code === CODES.noSuchColumn) {
    const column = missingColumn(message);
    return fail('MISSING_COLUMN', `no such column (${tag}: ${shorten(message)})`, column);
  }
  if (code === CODES.syntaxError) {
    return fail('ENGINE_ERROR', `the query has a syntax error (${tag}: ${shorten(message)})`);
  }
  return fail('ENGINE_ERROR', `the query failed (${tag}: ${shorten(message)})`);
}

/** Network-level causes that mean "the server is not there". */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth++) {
    if (typeof e !== 'object' || e === null) return undefined;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The {@link CohortlabError} (ENGINE_UNREACHABLE) for a request that got no answer: refused
 * connection, unknown host, reset, or no answer within `timeoutMs`. Other errors are returned
 * unchanged.
 */
export function networkError(
  error: unknown,
  context: ClickHouseErrorContext,
  timeoutMs: number,
): unknown {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new CohortlabError(
      'ENGINE_UNREACHABLE',
      `no answer within ${timeoutMs / 1000} s`,
      { file: where(context) },
      error,
    );
  }
  const code = causeCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new CohortlabError(
      'ENGINE_UNREACHABLE',
      `cannot reach the server (${code})`,
      { file: where(context) },
      error,
    );
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return new CohortlabError(
      'ENGINE_UNREACHABLE',
      `cannot reach the server (${error.cause instanceof Error ? error.cause.message : 'fetch failed'})`,
      { file: where(context) },
      error,
    );
  }
  return error;
}

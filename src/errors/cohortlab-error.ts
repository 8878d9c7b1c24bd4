import { redactCredentials } from './redact.js';

/**
 * Stable machine-readable error codes. Callers branch on `code`, never on message text.
 */
export type ErrorCode =
  | 'FILE_NOT_FOUND'
  | 'UNSUPPORTED_FORMAT'
  | 'READ_FAILED'
  | 'INVALID_ENCODING'
  | 'DUPLICATE_COLUMN'
  | 'MISSING_COLUMN'
  | 'NO_ROWS'
  | 'UNPARSEABLE_DATE'
  | 'UNPARSEABLE_AMOUNT'
  | 'INVALID_OPTION'
  | 'INVALID_INPUT'
  | 'UNKNOWN_FEATURE'
  | 'INVALID_RULE'
  | 'NOT_FITTED'
  | 'INVALID_MODEL'
  | 'OUTPUT_EXISTS'
  | 'WRITE_FAILED'
  /** A database engine (e.g. ClickHouse over HTTP) could not be reached or timed out. */
  | 'ENGINE_UNREACHABLE'
  /** A database engine refused the user or password. */
  | 'ENGINE_AUTH_FAILED'
  /** A table (or its database) named for a database engine does not exist there. */
  | 'MISSING_TABLE'
  /** A database engine rejected a query for another reason (syntax, types, limits). */
  | 'ENGINE_ERROR'
  /** An optional package a feature needs (TensorFlow.js, danfojs-node, webgpu, …) is not installed. */
  | 'MISSING_PACKAGE'
  /** A warning was raised while warnings are errors (`--strict`). */
  | 'STRICT_WARNING';

/** Where in the user's input a problem was found. Every field is optional. */
export interface ErrorLocation {
  /** Path of the input file, or a short description of an in-memory source. */
  readonly file?: string;
  /** 1-based data row (the header is not counted). */
  readonly row?: number;
  /** 1-based physical line of a text file, when only that is known. */
  readonly line?: number;
  /** Column name as it appears in the input. */
  readonly column?: string;
  /** How many rows share the problem, when more than the first one is affected. */
  readonly count?: number;
}

/**
 * The one error type cohortlab throws for bad input or misuse.
 *
 * The message is a single line that names the file, row and column where known, so the CLI
 * can print it as is. The structured fields carry the same facts for programs.
 */
export class CohortlabError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly count: number | undefined;

  constructor(code: ErrorCode, detail: string, location: ErrorLocation = {}, cause?: unknown) {
    super(formatMessage(detail, location), cause === undefined ? undefined : { cause });
    this.name = 'CohortlabError';
    this.code = code;
    this.file = location.file;
    this.row = location.row;
    this.line = location.line;
    this.column = location.column;
    this.count = location.count;
  }
}

function formatMessage(detail: string, where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  const prefix = parts.length > 0 ? `${parts.join(', ')}: ` : '';
  const suffix =
    where.count !== undefined && where.count > 1 ? ` (${where.count} rows affected)` : '';
  // One line: the CLI prints messages verbatim. Never a password, whatever the caller put in.
  return redactCredentials(`${prefix}${detail}${suffix}`.replace(/\s*\n\s*/g, ' '));
}

/** True when `error` is a {@link CohortlabError}, optionally with the given code. */
export function isCohortlabError(error: unknown, code?: ErrorCode): error is CohortlabError {
  return error instanceof CohortlabError && (code === undefined || error.code === code);
}

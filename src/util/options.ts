/**
 * Runtime checks for transformer options. Options arrive from TypeScript callers, plain
 * JavaScript notebooks and parsed JSON alike, so the types alone guarantee nothing: every
 * constructor validates what it is given and reports problems as `INVALID_OPTION`.
 */
import { CohortlabError } from '../errors/cohortlab-error.js';

/** An options object as received at runtime, before validation. */
export type RawOptions = Readonly<Record<string, unknown>>;

/**
 * Checks that `options` is a plain object whose keys are all in `allowed` and returns it.
 * Unknown keys are refused because a misspelt option (`withmean`) would otherwise be
 * silently ignored and the default used.
 */
export function checkOptions(
  options: unknown,
  allowed: readonly string[],
  owner: string,
): RawOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CohortlabError('INVALID_OPTION', `${owner} options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${owner} has no option "${key}"; known options: ${allowed.join(', ')}`,
      );
    }
  }
  return options as RawOptions;
}

/** A boolean option, `fallback` when absent. */
export function booleanOption(
  options: RawOptions,
  key: string,
  fallback: boolean,
  owner: string,
): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "${key}" must be true or false`);
  }
  return value;
}

/** A finite number option, `fallback` when absent. */
export function numberOption(
  options: RawOptions,
  key: string,
  fallback: number,
  owner: string,
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "${key}" must be a finite number`);
  }
  return value;
}

/** One of the listed string values, `fallback` when absent. */
export function enumOption<T extends string>(
  options: RawOptions,
  key: string,
  choices: readonly T[],
  fallback: T,
  owner: string,
): T {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "${key}" must be one of ${choices.map((c) => `'${c}'`).join(', ')}`,
    );
  }
  return value as T;
}

/** A pair `[low, high]` of finite numbers with `low < high` (or `low <= high` when `allowEqual`). */
export function rangeOption(
  options: RawOptions,
  key: string,
  fallback: readonly [number, number],
  owner: string,
  allowEqual = false,
): readonly [number, number] {
  const value = options[key];
  if (value === undefined) return fallback;
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "${key}" must be [low, high] numbers`,
    );
  }
  const [low, high] = value as [number, number];
  if (allowEqual ? low > high : low >= high) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "${key}" must have low ${allowEqual ? '<=' : '<'} high, got [${low}, ${high}]`,
    );
  }
  return Object.freeze([low, high] as const);
}

/**
 * The `columns` option: absent (the transformer picks its default columns at fit time) or a
 * list of distinct column names. Returns a frozen copy so later edits of the caller's array
 * cannot change a constructed transformer.
 */
export function columnsOption(options: RawOptions, owner: string): readonly string[] | undefined {
  const value = options['columns'];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "columns" must be a list of column names`,
    );
  }
  const names = value as string[];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new CohortlabError('INVALID_OPTION', `${owner} option "columns" lists a column twice`, {
        column: name,
      });
    }
    seen.add(name);
  }
  return Object.freeze([...names]);
}

/**
 * Reading and writing the JSON form of fitted transformers. JSON has no NaN or Infinity, and
 * a saved model may have been edited or truncated, so everything read back is checked and a
 * problem is reported as `INVALID_MODEL`.
 */
import { CohortlabError, isCohortlabError } from '../errors/cohortlab-error.js';

/**
 * A float64 as stored in JSON: finite numbers as themselves, NaN as `null`, and the two
 * infinities as the strings `"Infinity"` / `"-Infinity"` so that they come back exactly
 * rather than as NaN.
 */
export type JsonNumber = number | null | 'Infinity' | '-Infinity';

/** Encodes one float64 for JSON (see {@link JsonNumber}). */
export function encodeNumber(value: number): JsonNumber {
  if (Number.isNaN(value)) return null;
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** Encodes float64 values for JSON (see {@link JsonNumber}). */
export function encodeNumbers(values: ArrayLike<number>): JsonNumber[] {
  return Array.from(values, encodeNumber);
}

/** Decodes one {@link JsonNumber}; `INVALID_MODEL` for anything else. */
export function decodeNumber(value: unknown, field: string, type: string): number {
  if (value === null) return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'number') return value;
  throw new CohortlabError('INVALID_MODEL', `${type} model field "${field}" holds a non-number`);
}

/** Decodes a list of {@link JsonNumber}s of the given length. */
export function decodeNumbers(
  value: unknown,
  length: number,
  field: string,
  type: string,
): number[] {
  const list = readArray(value, field, type);
  if (list.length !== length) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model field "${field}" has ${list.length} entries, expected ${length}`,
    );
  }
  return list.map((v) => decodeNumber(v, field, type));
}

/** A JSON array field; `INVALID_MODEL` otherwise. */
export function readArray(value: unknown, field: string, type: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new CohortlabError('INVALID_MODEL', `${type} model field "${field}" must be a list`);
  }
  return value as readonly unknown[];
}

/** A JSON list of strings; `INVALID_MODEL` otherwise. */
export function readStrings(value: unknown, field: string, type: string): string[] {
  const list = readArray(value, field, type);
  if (!list.every((v) => typeof v === 'string')) {
    throw new CohortlabError('INVALID_MODEL', `${type} model field "${field}" must list strings`);
  }
  return [...(list as string[])];
}

/** A JSON object (the `params` or `state` of a model); `INVALID_MODEL` otherwise. */
export function readObject(
  value: unknown,
  field: string,
  type: string,
): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CohortlabError('INVALID_MODEL', `${type} model field "${field}" must be an object`);
  }
  return value as Readonly<Record<string, unknown>>;
}

/**
 * Runs `build` (typically a constructor fed with saved params) and reports its option errors
 * as `INVALID_MODEL`: from the reader's point of view a bad saved option is a bad model file.
 */
export function restoring<T>(type: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (isCohortlabError(error, 'INVALID_OPTION')) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${type} model has invalid params: ${error.message}`,
        {},
        error,
      );
    }
    throw error;
  }
}

/**
 * The `columns` param as JSON: present when set, left out when the transformer picks its
 * columns at fit time (JSON has no `undefined`).
 */
export function columnsJSON(
  columns: readonly string[] | undefined,
): { readonly columns: readonly string[] } | Record<string, never> {
  return columns === undefined ? {} : { columns: [...columns] };
}

/**
 * Lookups by a user-given name in plain objects. `table[name]` answers for names the object
 * never held — `toString`, `constructor`, `hasOwnProperty`, `__proto__` come from its
 * prototype — so a column, flag or role named so would pass as present. These read own
 * properties only.
 *
 * @module
 */

/** `record[key]` when `record` holds `key` itself, else undefined. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A plain object without a prototype: any key, `__proto__` included, is an ordinary key. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

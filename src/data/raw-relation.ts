/** Kinds of source columns that loaders treat differently. */
export type RawColumnKind = 'numeric' | 'boolean' | 'date' | 'timestamp' | 'text';

/** One column of a loaded source, as DuckDB typed it. */
export interface RawColumn {
  readonly name: string;
  readonly kind: RawColumnKind;
  /** DuckDB's type name, e.g. VARCHAR, DOUBLE, DATE. */
  readonly duckdbType: string;
}

/**
 * A source loaded into the engine, before any mapping: a relation with the source's columns
 * plus `__row`, the 1-based data row number used in error messages.
 */
export interface RawRelation {
  /** Table or view name in the engine. */
  readonly name: string;
  /** The source's columns in order (without `__row`). */
  readonly columns: readonly RawColumn[];
  /** What to call the source in messages: the file path, or e.g. "records". */
  readonly label: string;
  /**
   * Every column name of the source, when only some were read (`columns`): what messages
   * list as available.
   */
  readonly available?: readonly string[];
}

/** Maps a DuckDB type name to the kind of column it is for cohortlab. */
export function columnKind(duckdbType: string): RawColumnKind {
  const type = duckdbType.toUpperCase();
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
      type,
    )
  ) {
    return 'numeric';
  }
  return 'text';
}

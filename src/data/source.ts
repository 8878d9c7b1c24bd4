import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Engine } from './engine.js';
import { loadFile, type FileReadOptions } from './file-source.js';
import {
  dataFrameToColumns,
  isDataFrameLike,
  loadColumns,
  recordsToColumns,
  type ColumnsSource,
  type DataFrameLike,
  type RecordsSource,
} from './memory-source.js';
import type { RawRelation } from './raw-relation.js';

/**
 * Where data comes from: a file path (CSV, Parquet, JSON, NDJSON), an array of records,
 * an object of columns, or a danfo.js DataFrame.
 */
export type Source = string | RecordsSource | ColumnsSource | DataFrameLike;

/**
 * Loads any {@link Source} into the engine. `keep` names the only columns a file needs to be
 * read for (all when left out); in-memory sources are loaded whole.
 */
export async function loadSource(
  engine: Engine,
  source: Source,
  options: FileReadOptions = {},
  keep?: readonly string[],
): Promise<RawRelation> {
  if (typeof source === 'string') return loadFile(engine, source, options, keep);
  if (Array.isArray(source)) return loadColumns(engine, recordsToColumns(source as RecordsSource), 'records');
  if (isDataFrameLike(source)) return loadColumns(engine, dataFrameToColumns(source), 'DataFrame');
  if (typeof source === 'object' && source !== null) return loadColumns(engine, source as ColumnsSource, 'columns');
  throw new CohortlabError('INVALID_INPUT', 'source must be a file path, records, columns or a DataFrame');
}

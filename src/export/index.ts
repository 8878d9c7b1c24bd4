/**
 * Exports of labelled tables: CSV (RFC 4180, formula-guarded), Parquet (via DuckDB), JSON and
 * NDJSON, optionally filtered and split into one file per cohort; every file written
 * atomically.
 *
 * @module
 */
export { csvField, toCsv } from './csv.js';
export { toJson, toNdjson } from './json.js';
export { registerTable, writeParquet, type ParquetOptions } from './parquet.js';
export { EXPORT_FORMATS, formatOfPath, parseFormats, type ExportFormat } from './formats.js';
export { filterRows } from './cohort-filter.js';
export { cohortSlug, splitRows, type CohortPart } from './split.js';
export {
  assertExportWritable,
  encodeTable,
  exportTargets,
  planCohortExport,
  writeCohortExport,
  type CohortExportOptions,
  type CohortExportPlan,
  type CohortFile,
  type WriteCohortExportOptions,
  type WrittenFile,
} from './cohort-export.js';
export {
  assertCanWrite,
  assertWritable,
  replaceWithTemp,
  tempPathFor,
  writeFileAtomic,
  type WriteOptions,
} from './write-file.js';

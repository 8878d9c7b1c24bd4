import { extname } from 'node:path';
import { CohortlabError } from '../errors/cohortlab-error.js';

/** File formats a labelled table can be exported to. */
export type ExportFormat = 'csv' | 'parquet' | 'json' | 'ndjson';

/** Every export format, in the order files are written. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'json', 'ndjson'];

/**
 * Reads a format list — `"csv,parquet"` or `["csv", "parquet"]` — into distinct formats in
 * the order given. INVALID_OPTION naming `option` for an unknown or empty entry.
 */
export function parseFormats(value: string | readonly string[], option = 'format'): ExportFormat[] {
  const parts = typeof value === 'string' ? value.split(',') : [...value];
  const formats: ExportFormat[] = [];
  for (const part of parts) {
    const format = String(part).trim().toLowerCase();
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${option}: unknown format "${String(part).trim()}"; use ${EXPORT_FORMATS.join(', ')}`,
      );
    }
    if (!formats.includes(format as ExportFormat)) formats.push(format as ExportFormat);
  }
  if (formats.length === 0) {
    throw new CohortlabError('INVALID_OPTION', `${option} needs at least one format`);
  }
  return formats;
}

/** The format a file name's extension implies (.csv, .parquet, .json, .ndjson / .jsonl). */
export function formatOfPath(path: string): ExportFormat | undefined {
  const ext = extname(path).toLowerCase().slice(1);
  if (ext === 'jsonl') return 'ndjson';
  return (EXPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ExportFormat) : undefined;
}

/**
 * Writes an HTML report to a file, atomically (readers never see half a report).
 *
 * @module
 */
import { assertWritable, writeFileAtomic, type WriteOptions } from '../export/write-file.js';
import { htmlReport } from './html-report.js';
import type { HtmlReportOptions } from './report-types.js';

/**
 * Renders {@link htmlReport} and writes it to `file` (folders created as needed). An existing
 * file is refused with OUTPUT_EXISTS unless `force` is set; that check comes before the
 * report is rendered. Returns the number of bytes written.
 */
export function writeHtmlReport(
  file: string,
  options: HtmlReportOptions,
  write: WriteOptions = {},
): number {
  assertWritable(file, write);
  const html = htmlReport(options);
  writeFileAtomic(file, html, write);
  return Buffer.byteLength(html, 'utf8');
}

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../data/engine.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { rowCount, takeRows, type ColumnTable } from '../table/column-table.js';
import { filterRows } from './cohort-filter.js';
import { toCsv } from './csv.js';
import type { ExportFormat } from './formats.js';
import { toJson, toNdjson } from './json.js';
import { writeParquet } from './parquet.js';
import { splitRows } from './split.js';
import { assertCanWrite, writeFileAtomic } from './write-file.js';
import { stepProgress, type PipelineProgress } from '../util/progress.js';

/** Options of {@link planCohortExport}. */
export interface CohortExportOptions {
  /** Output folder. */
  readonly dir: string;
  /** Base name of the whole-table files (default "cohorts": cohorts.csv, cohorts.parquet, …). */
  readonly name?: string;
  /** Formats to write, each as its own file. */
  readonly formats: readonly ExportFormat[];
  /** Also write one file per value of this column into `<dir>/<name>/<slug>.<ext>`. */
  readonly splitBy?: string;
  /** Keep only the rows where this rule-language condition holds (see {@link filterRows}). */
  readonly where?: string;
  /** Name of the condition in error messages (default "where"). */
  readonly whereLabel?: string;
  /** Replace existing files. */
  readonly force?: boolean;
}

/** One file of an export. */
export interface CohortFile {
  readonly path: string;
  readonly format: ExportFormat;
  /** Rows of the (filtered) table that go into this file. */
  readonly rows: Int32Array;
  /** The split value of a per-cohort file; undefined for the whole-table file. */
  readonly cohort?: string | null;
}

/** Everything an export will write, decided before anything is written. */
export interface CohortExportPlan {
  /** The table after the filter. */
  readonly table: ColumnTable;
  readonly files: readonly CohortFile[];
  readonly force: boolean;
}

/** A file that was written, with its size. */
export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
  readonly rows: number;
  /** What the file holds when it is not what its name promises (a score.sql without a query). */
  readonly note?: string;
}

/**
 * The paths an export writes whatever the data: one whole-table file per format, and the
 * folder of per-cohort files when splitting. For checks before any work (see
 * {@link assertExportWritable}); the per-cohort names depend on the data.
 */
export function exportTargets(options: CohortExportOptions): {
  files: string[];
  splitDir: string | undefined;
} {
  const name = options.name ?? 'cohorts';
  return {
    files: options.formats.map((format) => join(options.dir, `${name}.${format}`)),
    splitDir: options.splitBy === undefined ? undefined : join(options.dir, name),
  };
}

/**
 * Up-front check: every whole-table file is writable (see `assertCanWrite`), and without
 * `force` the per-cohort folder must not hold files already (OUTPUT_EXISTS naming it).
 */
export function assertExportWritable(options: CohortExportOptions): void {
  const { files, splitDir } = exportTargets(options);
  for (const file of files) assertCanWrite(file, { force: options.force });
  if (splitDir !== undefined) {
    assertCanWrite(join(splitDir, 'x.csv'), { force: true });
    if (!options.force && listQuietly(splitDir).length > 0) {
      throw new CohortlabError(
        'OUTPUT_EXISTS',
        'folder holds files already; pass --force (force: true) to write into it',
        { file: splitDir },
      );
    }
  }
}

/**
 * Plans an export of a labelled table: applies the filter, splits by the column, and checks
 * every target path (OUTPUT_EXISTS without `force`, WRITE_FAILED when not writable). Nothing
 * is written; {@link writeCohortExport} does that.
 */
export function planCohortExport(
  table: ColumnTable,
  options: CohortExportOptions,
): CohortExportPlan {
  const selected =
    options.where === undefined
      ? table
      : takeRows(table, filterRows(table, options.where, options.whereLabel));
  const all = Int32Array.from({ length: rowCount(selected) }, (_, i) => i);
  const { files: whole, splitDir } = exportTargets(options);
  const files: CohortFile[] = whole.map((path, j) => ({
    path,
    format: options.formats[j] as ExportFormat,
    rows: all,
  }));
  if (options.splitBy !== undefined && splitDir !== undefined) {
    for (const part of splitRows(selected, options.splitBy)) {
      for (const format of options.formats) {
        files.push({
          path: join(splitDir, `${part.slug}.${format}`),
          format,
          rows: part.rows,
          cohort: part.value,
        });
      }
    }
  }
  const force = options.force ?? false;
  for (const file of files) assertCanWrite(file.path, { force });
  return { table: selected, files, force };
}

/** The table in a text format. */
export function encodeTable(table: ColumnTable, format: Exclude<ExportFormat, 'parquet'>): string {
  if (format === 'csv') return toCsv(table);
  return format === 'json' ? toJson(table) : toNdjson(table);
}

/** Options of {@link writeCohortExport}. */
export interface WriteCohortExportOptions {
  /** Engine that writes Parquet (default: a fresh one per file). */
  readonly engine?: Engine;
  /** Told after each file: step "export", files written of all in the plan. */
  readonly progress?: PipelineProgress;
}

/**
 * Writes every file of a plan, each atomically (temporary file + rename). Parquet goes
 * through `engine` (default: a fresh one per file). Returns the files with their sizes.
 */
export async function writeCohortExport(
  plan: CohortExportPlan,
  options: WriteCohortExportOptions = {},
): Promise<WrittenFile[]> {
  const report = stepProgress(options.progress, 'export', 'files');
  const written: WrittenFile[] = [];
  for (const file of plan.files) {
    const rows =
      file.rows.length === rowCount(plan.table) ? plan.table : takeRows(plan.table, file.rows);
    const force = plan.force;
    if (file.format === 'parquet') {
      await writeParquet(rows, file.path, {
        force,
        ...(options.engine ? { engine: options.engine } : {}),
      });
    } else {
      writeFileAtomic(file.path, encodeTable(rows, file.format), { force });
    }
    written.push({ path: file.path, bytes: statSync(file.path).size, rows: file.rows.length });
    report?.(written.length, plan.files.length);
  }
  return written;
}

function listQuietly(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

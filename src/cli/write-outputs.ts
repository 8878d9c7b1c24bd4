import { join, relative } from 'node:path';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Engine } from '../data/engine.js';
import {
  writeCohortExport,
  type CohortExportPlan,
  type WrittenFile,
} from '../export/cohort-export.js';
import {
  abortOutputSet,
  commitOutputSet,
  stagedPath,
  stageOutputSet,
} from '../export/output-set.js';
import { writeFileAtomic } from '../export/write-file.js';
import { partOfStep, type PipelineProgress } from '../util/progress.js';

/** What a run writes into its output folder: the cohort files and the other files' texts. */
export interface RunOutputs {
  readonly dir: string;
  readonly plan: CohortExportPlan | undefined;
  readonly texts: readonly (readonly [string, string | Uint8Array])[];
  /** A note for the summary beside a file (by final path), e.g. a score.sql without a query. */
  readonly notes?: ReadonlyMap<string, string>;
}

/**
 * Writes a run's outputs as one set (see `output-set.ts`): every file into a hidden sibling
 * of the output folder, then the swap. Any failure removes what was written and leaves the
 * previous folder as it was. Returns the files under their final paths.
 */
export async function writeRunOutputs(
  outputs: RunOutputs,
  options: { readonly engine?: Engine; readonly progress: PipelineProgress },
): Promise<WrittenFile[]> {
  const { dir, plan, texts } = outputs;
  const { progress } = options;
  const set = stageOutputSet(dir);
  try {
    const total = (plan?.files.length ?? 0) + texts.length;
    const staged =
      plan === undefined
        ? undefined
        : {
            ...plan,
            files: plan.files.map((f) => ({ ...f, path: stagedPath(set, f.path) })),
            force: true,
          };
    const cohortFiles =
      staged === undefined
        ? []
        : await writeCohortExport(staged, {
            ...(options.engine === undefined ? {} : { engine: options.engine }),
            progress: partOfStep(progress, 'write', 0, total),
          });
    const others = texts.map(([path, content], i): WrittenFile => {
      writeFileAtomic(stagedPath(set, path), content, { force: true });
      progress.advance?.('write', cohortFiles.length + i + 1, total, 'files');
      const note = outputs.notes?.get(path);
      return { path, bytes: Buffer.byteLength(content), rows: 0, ...(note ? { note } : {}) };
    });
    commitOutputSet(set);
    const cohorts = cohortFiles.map((f, i) => ({ ...f, path: plan?.files[i]?.path ?? f.path }));
    return [...cohorts, ...others];
  } catch (error) {
    abortOutputSet(set);
    throw finalPaths(error, set.staging, dir);
  }
}

/** A write error names the file where it will be, not the hidden folder it was written in. */
function finalPaths(error: unknown, staging: string, dir: string): unknown {
  if (!(error instanceof CohortlabError) || error.file?.startsWith(staging) !== true) return error;
  const file = join(dir, relative(staging, error.file));
  const detail = error.message.slice(error.file.length + 2);
  return new CohortlabError(error.code, detail, { file }, error);
}

import { readFileSync } from 'node:fs';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { CohortPipeline } from './cohort-pipeline.js';
import { pipelineFromJSON } from './model-json.js';

/**
 * Reads a pipeline model file (`model.json` of a run). FILE_NOT_FOUND when it cannot be read;
 * INVALID_MODEL naming the file when it is not valid JSON, not a pipeline model, of another
 * MAJOR version, or damaged.
 */
export function loadPipelineModel(file: string): CohortPipeline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new CohortlabError(
      'FILE_NOT_FOUND',
      code === 'ENOENT' ? 'model file not found' : `cannot read the model file (${code})`,
      { file },
      error,
    );
  }
  return pipelineFromJSON(text, file);
}

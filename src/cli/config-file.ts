import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { CohortlabError } from '../errors/cohortlab-error.js';

/** A config file's settings: long flag name → value, plus where each key was written. */
export interface ConfigFile {
  readonly file: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** 1-based line of each key, for messages about its value. */
  readonly lines: Readonly<Record<string, number>>;
}

/**
 * Reads a JSON or YAML config file (YAML 1.2 is a superset of JSON, so one parser reads
 * both). The top level must be a mapping whose keys are long flag names of the command
 * (`allowed`); INVALID_OPTION naming the file and line for a syntax error, a duplicate key,
 * another top level or an unknown key. Values are returned as parsed (strings, numbers, lists).
 */
export function readConfigFile(file: string, allowed: readonly string[]): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CohortlabError('FILE_NOT_FOUND', 'config file not found', { file });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0]?.line;
    const detail = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new CohortlabError('INVALID_OPTION', `config syntax error: ${detail}`, {
      file,
      ...(line === undefined ? {} : { line }),
    });
  }
  if (doc.contents === null) return { file, values: {}, lines: {} };
  if (!isMap(doc.contents)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'config must be a mapping of option names to values',
      { file, line: 1 },
    );
  }
  const lines: Record<string, number> = {};
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    const line = lineCounter.linePos(offset).line;
    if (!allowed.includes(key)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `unknown config key "${key}"; keys are the long options: ${allowed.join(', ')}`,
        { file, line },
      );
    }
    lines[key] = line;
  }
  return { file, values: doc.toJS() as Record<string, unknown>, lines };
}

/** A path written in a config file, relative to the file's folder (absolute paths kept). */
export function configPath(config: ConfigFile, path: string): string {
  return isAbsolute(path) ? path : join(dirname(config.file), path);
}

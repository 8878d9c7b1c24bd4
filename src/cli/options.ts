import { parseArgs } from 'node:util';
import { CohortlabError, type ErrorLocation } from '../errors/cohortlab-error.js';
import { configPath, readConfigFile, type ConfigFile } from './config-file.js';

/** One long option of a command: its kind, and whether its value is a path. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /**
   * Relative paths in a config file are resolved against the config file's folder: the whole
   * value (true), only list entries ending in .json ('json-entries', for --classes), or the
   * value unless it is the word `default` ('or-default', for --playbook).
   */
  readonly path?: boolean | 'json-entries' | 'or-default';
}

/** A raw option value with where it came from, for error messages. */
export interface RawOption {
  readonly value: unknown;
  /** The config file and line, or {} for a command-line flag. */
  readonly where: ErrorLocation;
  readonly flag: string;
}

/**
 * Parses a command's arguments, reading `--config FILE` first when given: the result has, for
 * every option set on the command line or in the config, its raw value — command-line flags
 * override config keys. Unknown flags and bad config files are INVALID_OPTION errors.
 */
export function readOptions(
  argv: readonly string[],
  specs: Readonly<Record<string, OptionSpec>>,
): Map<string, RawOption> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          Object.entries(specs).map(([name, spec]) => [
            name,
            spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
          ]),
        ),
        config: { type: 'string' },
      },
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new CohortlabError(
      'INVALID_OPTION',
      error instanceof Error ? error.message : String(error),
    );
  }
  const out = new Map<string, RawOption>();
  const configFile = values['config'];
  if (typeof configFile === 'string') {
    const allowed = Object.keys(specs).filter((name) => name !== 'help');
    const config = readConfigFile(configFile, allowed);
    for (const [name, value] of Object.entries(config.values)) {
      if (value === null || value === undefined) continue;
      out.set(name, {
        value: resolvePaths(config, value, specs[name]?.path ?? false),
        where: { file: config.file, line: config.lines[name] as number },
        flag: name,
      });
    }
  }
  for (const [name, value] of Object.entries(values)) {
    if (name === 'config' || value === undefined) continue;
    out.set(name, { value, where: {}, flag: name });
  }
  return out;
}

function resolvePaths(config: ConfigFile, value: unknown, kind: OptionSpec['path']): unknown {
  if (kind === false) return value;
  if (kind === 'or-default' && value === 'default') return value;
  if (kind === 'json-entries') {
    const entries = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;
    if (!Array.isArray(entries)) return value;
    const resolved = entries.map((entry: unknown) =>
      typeof entry === 'string' && /\.json$/i.test(entry) ? configPath(config, entry) : entry,
    );
    return typeof value === 'string' ? resolved.join(',') : resolved;
  }
  if (typeof value === 'string') return configPath(config, value);
  return value;
}

/** INVALID_OPTION about an option's value, located at its config line when it came from one. */
export function badOption(option: RawOption, detail: string): CohortlabError {
  const from = option.where.file === undefined ? '' : `config key "${option.flag}": `;
  return new CohortlabError('INVALID_OPTION', `${from}${detail}`, option.where);
}

/** The value as text: strings as they are, numbers in decimal; else an error. */
export function textValue(option: RawOption): string {
  const v = option.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw badOption(option, `--${option.flag} needs a text value`);
}

/** A comma-separated list: a string "a,b" or a list [a, b] (numbers become text). */
export function listValue(option: RawOption): string[] {
  const v = option.value;
  if (Array.isArray(v)) {
    return v.map((item) => {
      if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)))
        return String(item);
      throw badOption(option, `--${option.flag} list entries must be text or numbers`);
    });
  }
  return textValue(option)
    .split(',')
    .map((part) => part.trim());
}

/** A boolean: true / false from a config, or the presence of a flag. */
export function booleanValue(option: RawOption): boolean {
  if (typeof option.value === 'boolean') return option.value;
  throw badOption(option, `--${option.flag} needs true or false`);
}

/** Readers of a parsed option map: a text option's value, a boolean flag's value. */
export interface OptionReaders {
  /** The option's text, or undefined when it was not given. */
  text(name: string): string | undefined;
  /** The flag's value, false when it was not given. */
  flag(name: string): boolean;
}

/** {@link OptionReaders} over the options `readOptions` returned. */
export function optionReaders(options: ReadonlyMap<string, RawOption>): OptionReaders {
  return {
    text(name) {
      const option = options.get(name);
      return option === undefined ? undefined : textValue(option);
    },
    flag(name) {
      const option = options.get(name);
      return option === undefined ? false : booleanValue(option);
    },
  };
}

#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isCohortlabError } from '../errors/cohortlab-error.js';
import { parseRunArgs, RUN_HELP } from './args.js';
import { runPipeline } from './run.js';

const HELP = `Usage: cohortlab <command> [options]

Commands:
  run        load transactions, report quality, compute features and predefined classes
  help       show this help

Run "cohortlab run --help" for the options of a command.`;

/** Exit codes: 0 done, 1 internal error, 2 bad input or usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      out(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      const pkg = JSON.parse(
        readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
      ) as { version: string };
      out(pkg.version);
      return 0;
    }
    if (command === 'run') {
      const args = parseRunArgs(rest);
      if (args.help) {
        out(RUN_HELP);
        return 0;
      }
      const started = Date.now();
      const result = await runPipeline(args, out);
      out(
        `${result.customers.toLocaleString('en-US')} customers labelled in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const file of result.files) out(`wrote ${file}`);
      return 0;
    }
    process.stderr.write(`cohortlab: unknown command "${command}"; see cohortlab --help\n`);
    return 2;
  } catch (error) {
    if (isCohortlabError(error)) {
      process.stderr.write(`cohortlab: ${error.message}\n`);
      return 2;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`cohortlab: internal error — please report it\n${detail}\n`);
    return 1;
  }
}

// Run when executed directly, also through the npm bin symlink (not when imported by tests).
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = await main(process.argv.slice(2));
}

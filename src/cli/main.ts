#!/usr/bin/env node
import { redactCredentials } from '../errors/redact.js';
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isCohortlabError } from '../errors/cohortlab-error.js';
import { parseRunArgs } from './args.js';
import { MAIN_HELP, RUN_HELP, SCORE_HELP, SQL_HELP } from './help.js';
import { StageProgress, type ProgressStream } from './progress.js';
import type { Cell } from '../util/text-table.js';
import { runPipeline, type RunOutputStage, type RunResult } from './run.js';
import { runEnginePipeline } from './engine-run.js';
import { parseScoreArgs, runScore } from './score.js';
import { parseSegmentArgs, runSegment, SEGMENT_HELP } from './segment-command.js';
import { parseSqlArgs, runSql } from './sql-command.js';
import { formatSummary, repeatBuyingOf } from './summary.js';

/** Options of {@link main} for embedding: extra outputs of `run` (the HTML report, say). */
export interface MainOptions {
  readonly runStages?: readonly RunOutputStage[];
}

/** Exit codes: 0 done, 1 internal error, 2 bad input or usage. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  // Every line on stderr passes the one credential redaction, whatever produced it.
  const err = (line: string): void => void process.stderr.write(`${redactCredentials(line)}\n`);
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' ? rest[0] : undefined;
      const topics: Record<string, string> = {
        run: RUN_HELP,
        score: SCORE_HELP,
        sql: SQL_HELP,
        segment: SEGMENT_HELP,
      };
      out((topic === undefined ? undefined : topics[topic]) ?? MAIN_HELP);
      if (command === undefined) return 2;
      return 0;
    }
    if (command === '--version' || command === '-v') {
      const pkg = JSON.parse(
        readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
      ) as { version: string };
      out(pkg.version);
      return 0;
    }
    const started = performance.now();
    const stderr: ProgressStream = process.stderr;
    if (command === 'run') {
      const args = parseRunArgs(rest);
      if (args.help) {
        out(RUN_HELP);
        return 0;
      }
      const progress = new StageProgress(stderr, { quiet: args.quiet });
      const io = { log: out, progress, warn: err };
      const result: RunResult & { summaryRows?: readonly Cell[][] } =
        args.engine === undefined
          ? await runPipeline(args, io, options.runStages)
          : await runEnginePipeline(args, io);
      const cohorts = result.cohorts;
      out(
        formatSummary({
          customers: result.customers,
          schemes: result.schemes,
          k: result.k,
          clusters: {
            ids: (cohorts['cluster'] ?? new Float64Array(0)) as Float64Array,
            names: (cohorts['cluster_name'] ?? []) as (string | null)[],
          },
          repeatBuying: repeatBuyingOf(cohorts),
          files: result.files,
          seconds: (performance.now() - started) / 1000,
          extra: result.summaryRows,
        }),
      );
      return 0;
    }
    if (command === 'sql') {
      const args = parseSqlArgs(rest);
      if (args.help) {
        out(SQL_HELP);
        return 0;
      }
      const result = runSql(args);
      if (result.file === undefined) process.stdout.write(result.sql);
      else out(`cohortlab: wrote ${result.file.path} (${result.file.bytes} bytes)`);
      return 0;
    }
    if (command === 'segment') {
      const args = parseSegmentArgs(rest);
      if (args.help) {
        out(SEGMENT_HELP);
        return 0;
      }
      await runSegment(args, { log: out, warn: err });
      return 0;
    }
    if (command === 'score') {
      const args = parseScoreArgs(rest);
      if (args.help) {
        out(SCORE_HELP);
        return 0;
      }
      const progress = new StageProgress(stderr, { quiet: args.quiet });
      // With CSV on stdout, the account goes to stderr so the data stays clean.
      const log = args.outputs.length === 0 ? err : out;
      const result = await runScore(args, { log, progress });
      if (result.csv !== undefined) process.stdout.write(result.csv);
      log(
        formatSummary({
          customers: result.cohorts['customer_id']?.length ?? 0,
          schemes: result.schemes,
          k: result.k,
          clusters: {
            ids: (result.cohorts['cluster'] ?? new Float64Array(0)) as Float64Array,
            names: (result.cohorts['cluster_name'] ?? []) as (string | null)[],
          },
          repeatBuying: repeatBuyingOf(result.cohorts),
          files: result.files,
          seconds: (performance.now() - started) / 1000,
          extra: result.extra,
        }),
      );
      return 0;
    }
    err(`cohortlab: unknown command "${command}"; see cohortlab --help`);
    return 2;
  } catch (error) {
    if (isCohortlabError(error)) {
      err(`cohortlab: ${error.message}`);
      return 2;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    err(`cohortlab: internal error — please report it\n${detail}`);
    return 1;
  }
}

// Run when executed directly, also through the npm bin symlink (not when imported by tests).
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = await main(process.argv.slice(2));
}

#!/usr/bin/env node
/**
 * `node dist/synth/cli.js --transactions 10000000 --out tx.parquet [--customers cu.parquet]
 * [--seed 1] [--chunk 1000000] [--start 2022-01-01] [--days 1095] [--memory 1GB]`: writes a synthetic
 * customer base (see {@link writeSynthetic}) and prints what it wrote, with timings.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { writeSynthetic } from './write.js';

const USAGE = `Usage: node dist/synth/cli.js --transactions N --out FILE.parquet|FILE.csv [options]
  --customers FILE   also write the customer table (.parquet or .csv)
  --seed N           seed (default 1); the same seed gives the same data
  --chunk N          transactions per chunk (default 1000000)
  --start DATE       first day of the period (default 2022-01-01)
  --days N           length of the period in days (default 1095)
  --memory LIMIT     DuckDB memory limit, e.g. 1GB (default: DuckDB's, 80% of RAM)`;

/** Runs the command line; returns the exit code. */
export async function synthMain(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      transactions: { type: 'string' },
      out: { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string', default: '1' },
      chunk: { type: 'string', default: '1000000' },
      start: { type: 'string' },
      days: { type: 'string' },
      memory: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || values.transactions === undefined || values.out === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const started = performance.now();
  const summary = await writeSynthetic({
    spec: {
      transactions: Number(values.transactions),
      seed: Number(values.seed),
      ...(values.start === undefined ? {} : { start: values.start }),
      ...(values.days === undefined ? {} : { periodDays: Number(values.days) }),
    },
    transactionsFile: values.out,
    ...(values.customers === undefined ? {} : { customersFile: values.customers }),
    chunkRows: Number(values.chunk),
    ...(values.memory === undefined ? {} : { memoryLimit: values.memory }),
    onProgress: (done, total) => process.stderr.write(`\r${done} / ${total}`),
  });
  process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${summary.transactions} transactions of ${summary.customers} customers → ${values.out} in ${seconds.toFixed(1)} s ` +
      `(generate ${summary.generateSeconds.toFixed(1)} s, load ${summary.loadSeconds.toFixed(1)} s, ` +
      `write ${summary.writeSeconds.toFixed(1)} s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
  );
  return 0;
}

try {
  process.exitCode = await synthMain(process.argv.slice(2));
} catch (error) {
  console.error(
    error instanceof CohortlabError || error instanceof TypeError ? error.message : error,
  );
  process.exitCode = 2;
}

/**
 * Wide files (issue 17, item 8): 50 rows × 20,000 columns, of which 3 are mapped, as CSV and
 * NDJSON. Loads each file as transactions and runs the quality report — the two stages that touched every
 * column — in a fresh process per format, and prints wall time and the process's peak RSS.
 *
 *   node node_modules/typescript/bin/tsc -p tsconfig.bench.json && node .bench/bench/wide-file.js
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/data/engine.js';
import { qualityReport } from '../src/data/quality.js';
import { loadTransactions } from '../src/data/transactions.js';

const ROWS = 50;
const COLUMNS = 20_000;
const MAP = { customerId: 'customer', date: 'date', amount: 'amount' } as const;

function wideCsv(file: string): void {
  const extra = Array.from({ length: COLUMNS - 3 }, (_, i) => `x${i}`);
  const lines = [`customer,date,amount,${extra.join(',')}`];
  for (let r = 0; r < ROWS; r++) {
    const day = String(1 + (r % 28)).padStart(2, '0');
    lines.push(
      `c${r % 7},2024-01-${day},${10 + r}.5,${extra.map((_, i) => (r * 31 + i) % 10).join(',')}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** The same rows as NDJSON records (the extra columns as numbers). */
function wideNdjson(csv: string, file: string): void {
  const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
  const names = (header as string).split(',');
  const records = rows.map((row) => {
    const cells = row.split(',');
    const values = names.map((n, i) => [n, i === 0 || i === 1 ? cells[i] : Number(cells[i])]);
    return JSON.stringify(Object.fromEntries(values));
  });
  writeFileSync(file, `${records.join('\n')}\n`);
}

/** One measurement in this process: load + quality report of `file`. */
async function measure(file: string): Promise<void> {
  const engine = await Engine.open();
  const started = performance.now();
  const tx = await loadTransactions(file, { engine, map: MAP });
  const quality = await qualityReport(tx);
  const seconds = (performance.now() - started) / 1000;
  engine.close();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ seconds, peakMb, rows: quality.rows })}\n`);
}

async function main(): Promise<void> {
  const one = process.argv.indexOf('--one');
  if (one >= 0) return measure(process.argv[one + 1] as string);
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-wide-'));
  try {
    const csv = join(dir, 'wide.csv');
    wideCsv(csv);
    const ndjson = join(dir, 'wide.ndjson');
    wideNdjson(csv, ndjson);
    console.log(
      `${ROWS} rows × ${COLUMNS} columns (3 mapped); ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`,
    );
    console.log('| file | load + quality report | peak RSS of the process |');
    console.log('|---|---:|---:|');
    for (const file of [csv, ndjson]) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', file], {
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(run.stderr);
      const result = JSON.parse(run.stdout) as { seconds: number; peakMb: number };
      console.log(
        `| ${file.endsWith('.csv') ? 'CSV' : 'NDJSON'} (${(statSync(file).size / 1e6).toFixed(1)} MB) | ${result.seconds.toFixed(2)} s | ${result.peakMb.toFixed(0)} MB |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

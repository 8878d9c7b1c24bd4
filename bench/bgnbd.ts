/**
 * BG/NBD fit time on simulated customers (issue 16: 18.6 s on 3.6k Online Retail customers).
 *
 * Run from the repository root:
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/bgnbd.js [--repeats N] [--cases a,b]
 *
 * Cases, all simulated with {@link simulateBgNbd} (seeded, whole days, T up to 52 weeks):
 * the CDNOW parameters of Fader, Hardie & Lee (r 0.243, α 4.414, a 0.793, b 2.426) at 3,600,
 * 20,000 and 100,000 customers, and an Online-Retail-shaped case where nobody drops out
 * (p = 0, low rates: many one-time buyers with long T, few repeaters) on which a plain fit
 * runs to the boundary a → 0 (two seeds at 3,600). Also the bundled CDNOW summary (2,357 customers). Times are
 * full `fit` calls (grouping included), best of the repeats; prints a Markdown table.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { BgNbd } from '../src/predict/bg-nbd/bg-nbd.js';
import { simulateBgNbd } from '../src/predict/bg-nbd/simulate.js';
import { groupSummary, type BgNbdSummary } from '../src/predict/bg-nbd/summary.js';

interface Case {
  readonly name: string;
  readonly summary: () => BgNbdSummary;
}

const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** Purchase rates of an Online-Retail-like base (a, b unused: nobody drops out). */
const RETAIL = { r: 1.5, alpha: 10, a: 1, b: 1 };

const CASES: readonly Case[] = [
  { name: 'cdnow-file', summary: cdnowFile },
  { name: 'sim-3.6k', summary: () => simulateBgNbd(CDNOW, { customers: 3_600, seed: 1 }) },
  { name: 'sim-20k', summary: () => simulateBgNbd(CDNOW, { customers: 20_000, seed: 2 }) },
  { name: 'sim-100k', summary: () => simulateBgNbd(CDNOW, { customers: 100_000, seed: 3 }) },
  // Nobody drops out (p = 0): the maximum likelihood is at the boundary a → 0, b → ∞.
  {
    name: 'retail-like-3.6k',
    summary: () => simulateBgNbd(RETAIL, { customers: 3_600, seed: 4, fixedDropout: 0 }),
  },
  // Another seed of the same shape: the old code took 11 s here (5 starts, one of them 500
  // BFGS iterations of ~30 line-search steps), near the 18.6 s.
  {
    name: 'retail-like-3.6k-b',
    summary: () => simulateBgNbd(RETAIL, { customers: 3_600, seed: 7, fixedDropout: 0 }),
  },
  {
    name: 'retail-like-20k',
    summary: () => simulateBgNbd(RETAIL, { customers: 20_000, seed: 5, fixedDropout: 0 }),
  },
  {
    name: 'retail-like-100k',
    summary: () => simulateBgNbd(RETAIL, { customers: 100_000, seed: 6, fixedDropout: 0 }),
  },
];

function cdnowFile(): BgNbdSummary {
  const lines = readFileSync('data/cdnow_customers_summary.csv', 'utf8').trim().split('\n');
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return {
    frequency: Float64Array.from(rows, (r) => r[1] as number),
    recency: Float64Array.from(rows, (r) => r[2] as number),
    T: Float64Array.from(rows, (r) => r[3] as number),
  };
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function main(): void {
  const repeats = Number(argument('--repeats') ?? 3);
  const only = argument('--cases')?.split(',');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`# BG/NBD fit time\n`);
  console.log(
    `${new Date().toISOString()}, ${cpus().length} × ${cpu}, Node ${process.version}, ` +
      `load ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}, best of ${repeats}\n`,
  );
  console.log(
    '| case | customers | unique rows | repeaters | fit (best) | fit (first) | r | α | a | b | LL | reliable | iterations |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const c of CASES) {
    if (only !== undefined && !only.includes(c.name)) continue;
    const summary = c.summary();
    const n = summary.frequency.length;
    const unique = groupSummary(summary).frequency.length;
    const repeaters = summary.frequency.filter((x) => x > 0).length;
    const times: number[] = [];
    let model = new BgNbd();
    for (let k = 0; k < repeats; k++) {
      model = new BgNbd();
      const start = performance.now();
      model.fit(summary);
      times.push(performance.now() - start);
    }
    const s = model.state;
    const reliable = (s as { reliable?: boolean }).reliable;
    const ms = (t: number): string =>
      t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(0)} ms`;
    console.log(
      `| ${c.name} | ${n} | ${unique} | ${repeaters} | ${ms(Math.min(...times))} | ${ms(times[0] as number)} | ` +
        `${s.r.toPrecision(4)} | ${s.alpha.toPrecision(4)} | ${s.a.toPrecision(4)} | ${s.b.toPrecision(4)} | ` +
        `${s.logLikelihood.toFixed(2)} | ${reliable === undefined ? '–' : String(reliable)} | ${s.iterations} |`,
    );
  }
}

main();

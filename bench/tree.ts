/**
 * Decision tree: cohortlab's DecisionTreeClassifier against scikit-learn's, same data, same
 * run. Synthetic, seeded: 8 uniform features, 4 classes from a rule on three of them
 * (`2·[x0 > 0.5] + [x1 + x2 > 1]`) with 10% of the labels replaced at random; depth 8, Gini.
 * Sizes: 1,000,000 training rows (the benchmark) and 20,000 (the size the issue timed
 * ml-cart on), each with 200,000 held-out rows for accuracy.
 *
 * Run from the repository root (compile first; there is no TS runner among the dependencies):
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/tree.js [rows, default 1000000]
 *
 * scikit-learn runs through /usr/bin/python3 (override with PYTHON=…) and bench/sklearn_tree.py.
 * ml-cart 2 (a devDependency) runs at 20,000 rows only: it is quadratic and takes minutes there.
 * The markdown is printed and written to bench/RESULTS-tree.md (with TREE_BENCH_WRITE=0, only
 * printed).
 *
 * Times are wall-clock milliseconds of the whole `fit` (input checks, presorting and tree
 * growth included; scikit-learn's float32 copy included), best of 3 (scikit-learn: best of 2
 * at 1M rows, where one fit takes seconds).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecisionTreeClassifier } from '../src/classify/tree/decision-tree.js';
import { Xoshiro128 } from '../src/cluster/kmeans/random.js';
import type { ColumnTable } from '../src/table/column-table.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const TEST_ROWS = 200_000;
const COLS = 8;
const DEPTH = 8;
const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
const LABELS = ['A', 'B', 'C', 'D'];

interface Data {
  readonly x: Float64Array; // row-major
  readonly y: Int32Array;
  readonly rows: number;
}

function synthetic(rows: number, seed: number): Data {
  const rng = new Xoshiro128(seed);
  const x = new Float64Array(rows * COLS);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < COLS; j++) x[i * COLS + j] = rng.nextFloat();
    const x0 = x[i * COLS] as number;
    const x1 = x[i * COLS + 1] as number;
    const x2 = x[i * COLS + 2] as number;
    y[i] = 2 * (x0 > 0.5 ? 1 : 0) + (x1 + x2 > 1 ? 1 : 0);
    if (rng.nextFloat() < 0.1) y[i] = rng.nextInt(4);
  }
  return { x, y, rows };
}

function asTable(data: Data): ColumnTable {
  const table: Record<string, Float64Array> = {};
  for (let j = 0; j < COLS; j++) {
    const column = new Float64Array(data.rows);
    for (let i = 0; i < data.rows; i++) column[i] = data.x[i * COLS + j] as number;
    table[`x${j}`] = column;
  }
  return table;
}

interface Result {
  readonly implementation: string;
  readonly first: number;
  readonly best: number;
  readonly repeats: number;
  readonly nodes: number;
  readonly depth: number;
  readonly accuracy: number;
}

function cohortlab(train: Data, test: Data, repeats: number): Result {
  const table = asTable(train);
  const labels = Array.from(train.y, (k) => LABELS[k] as string);
  const times: number[] = [];
  let tree = new DecisionTreeClassifier({ maxDepth: DEPTH });
  for (let r = 0; r < repeats; r++) {
    tree = new DecisionTreeClassifier({ maxDepth: DEPTH });
    const start = performance.now();
    tree.fit(table, labels);
    times.push(performance.now() - start);
  }
  const predicted = tree.predict(asTable(test));
  let hits = 0;
  predicted.forEach((label, i) => {
    if (label === LABELS[test.y[i] as number]) hits++;
  });
  return {
    implementation: 'cohortlab',
    first: times[0] as number,
    best: Math.min(...times),
    repeats,
    nodes: tree.nodes.nodeCount,
    depth: tree.depth,
    accuracy: hits / test.rows,
  };
}

/** ml-cart 2 (one fit: at 20k rows it takes minutes), same data and depth, Gini. */
async function mlCart(train: Data, test: Data): Promise<Result> {
  const { DecisionTreeClassifier: MlCart } = await import('ml-cart');
  const rows = (data: Data): number[][] =>
    Array.from({ length: data.rows }, (_, i) =>
      Array.from(data.x.subarray(i * COLS, (i + 1) * COLS)),
    );
  const xTrain = rows(train);
  const yTrain = Array.from(train.y);
  const tree = new MlCart({ gainFunction: 'gini', maxDepth: DEPTH, minNumSamples: 2 });
  const start = performance.now();
  tree.train(xTrain, yTrain);
  const time = performance.now() - start;
  const predicted = tree.predict(rows(test)) as number[];
  const hits = predicted.filter((label, i) => label === test.y[i]).length;
  return {
    implementation: 'ml-cart 2',
    first: time,
    best: time,
    repeats: 1,
    nodes: NaN,
    depth: NaN,
    accuracy: hits / test.rows,
  };
}

function sklearn(train: Data, test: Data, repeats: number): Result | string {
  if (!existsSync(PYTHON)) return `not run (${PYTHON} not found)`;
  const dir = mkdtempSync(join(tmpdir(), 'cohortlab-tree-'));
  try {
    const write = (name: string, a: Float64Array | Int32Array): string => {
      const path = join(dir, name);
      writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      return path;
    };
    const args = [
      join(process.cwd(), 'bench', 'sklearn_tree.py'),
      write('train_x', train.x),
      write('train_y', train.y),
      write('test_x', test.x),
      write('test_y', test.y),
      String(COLS),
      String(DEPTH),
      String(repeats),
    ];
    const output = execFileSync(PYTHON, args, { encoding: 'utf8' });
    const r = JSON.parse(output.trim()) as Omit<Result, 'implementation' | 'repeats'> & {
      sklearn: string;
    };
    return { ...r, implementation: `scikit-learn ${r.sklearn}`, repeats };
  } catch (error) {
    return `failed: ${(error as Error).message.split('\n')[0] ?? ''}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function section(rows: number): Promise<string> {
  const train = synthetic(rows, 1);
  const test = synthetic(TEST_ROWS, 2);
  const mine = cohortlab(train, test, 3);
  const theirs = sklearn(train, test, rows >= 500_000 ? 2 : 3);
  const cart =
    rows <= 20_000 && process.env['TREE_BENCH_MLCART'] !== '0'
      ? await mlCart(train, test)
      : undefined;
  const results = [...(typeof theirs === 'string' ? [] : [theirs]), ...(cart ? [cart] : []), mine];
  const head =
    '| implementation | fit, ms (best) | first fit, ms | runs | nodes | depth | held-out accuracy |\n' +
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = results.map(
    (r) =>
      `| ${r.implementation} | ${r.best.toFixed(0)} | ${r.first.toFixed(0)} | ${r.repeats} | ${Number.isNaN(r.nodes) ? '–' : r.nodes} | ${Number.isNaN(r.depth) ? '–' : r.depth} | ${(r.accuracy * 100).toFixed(2)}% |`,
  );
  const notes: string[] = [];
  if (typeof theirs === 'string') notes.push(`- scikit-learn ${theirs}`);
  else {
    notes.push(
      `- fit time cohortlab / scikit-learn: **${(mine.best / theirs.best).toFixed(2)}×** (target ≤ 0.3×): cohortlab fits ${(theirs.best / mine.best).toFixed(1)}× faster`,
      `- held-out accuracy difference: ${((mine.accuracy - theirs.accuracy) * 100).toFixed(2)} points (target within 0.5)`,
    );
  }
  if (cart) {
    notes.push(
      `- ml-cart / cohortlab fit time: **${(cart.best / mine.best).toFixed(0)}×** (cohortlab is that much faster); accuracy difference ${((mine.accuracy - cart.accuracy) * 100).toFixed(2)} points`,
    );
  }
  return `## ${rows.toLocaleString('en-US')} × ${COLS}, depth ${DEPTH}, 4 classes\n\n${[head, ...lines].join('\n')}\n\n${notes.join('\n')}\n`;
}

function machine(): string {
  const uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `- date: ${new Date().toISOString()}\n- machine: \`${uname}\`\n- CPU: ${cpu}, ${availableParallelism()} cores (availableParallelism)\n- Node ${process.version}`;
}

const sizes = ROWS === 20_000 ? [ROWS] : [ROWS, 20_000];
const sections: string[] = [];
for (const size of sizes) sections.push(await section(size));
const markdown =
  `# Decision tree benchmark\n\nGenerated by \`bench/tree.ts\` (see its header for the command).\n\n${machine()}\n- scikit-learn via ${PYTHON}\n\n` +
  'Both fits are single-threaded (scikit-learn builds trees on one thread). Timings are wall-clock on a shared virtual machine where other jobs run: compare the ratios, expect ±10–20% between runs. ' +
  'Synthetic data: 8 uniform features, 4 classes from `2·[x0 > 0.5] + [x1 + x2 > 1]`, 10% of labels replaced at random (so ≈ 92.5% is the best possible accuracy). ml-cart 2 runs at 20,000 rows only (one fit).\n\n' +
  sections.join('\n');
console.log(markdown);
if (process.env['TREE_BENCH_WRITE'] !== '0') {
  writeFileSync(join(process.cwd(), 'bench', 'RESULTS-tree.md'), markdown);
  console.log('wrote bench/RESULTS-tree.md');
}

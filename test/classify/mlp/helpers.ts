import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

/** A labelled data set: feature table and one label per row. */
export interface Labelled {
  readonly table: ColumnTable;
  readonly labels: string[];
}

/** A standard normal draw (Box–Muller on the seeded generator). */
function gaussian(rng: Xoshiro128): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * XOR-like data: uniform points in [-1, 1]², label 'same' when x and y share a sign, else
 * 'diff'. Points closer than `margin` to an axis are redrawn, so the classes are separable.
 */
export function xorData(n: number, seed: number, margin = 0.1): Labelled {
  const rng = new Xoshiro128(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    do {
      a = rng.nextFloat() * 2 - 1;
      b = rng.nextFloat() * 2 - 1;
    } while (Math.abs(a) < margin || Math.abs(b) < margin);
    x[i] = a;
    y[i] = b;
    labels.push(a * b > 0 ? 'same' : 'diff');
  }
  return { table: { x, y }, labels };
}

/** scikit-learn's `make_moons`: two interleaved half circles plus Gaussian noise. */
export function twoMoons(n: number, noise: number, seed: number): Labelled {
  const rng = new Xoshiro128(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = rng.nextFloat() * Math.PI;
    const outer = i % 2 === 0;
    x[i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + noise * gaussian(rng);
    y[i] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * gaussian(rng);
    labels.push(outer ? 'outer' : 'inner');
  }
  return { table: { x, y }, labels };
}

/** The six spend columns of the wholesale customers. */
export const SPEND = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];

/** data/wholesale_customers.csv: the spend columns as read, and Channel as 'Horeca' / 'Retail'. */
export function wholesale(): Labelled {
  const path = fileURLToPath(new URL('../../../data/wholesale_customers.csv', import.meta.url));
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = (header as string).split(',');
  const rows = lines.map((line) => line.split(',').map(Number));
  const table: Record<string, Float64Array> = {};
  for (const name of SPEND) {
    const j = names.indexOf(name);
    table[name] = Float64Array.from(rows, (r) => r[j] as number);
  }
  const channel = names.indexOf('Channel');
  const labels = rows.map((r) => (r[channel] === 1 ? 'Horeca' : 'Retail'));
  return { table, labels };
}

/** Fold (0..k-1) of each row: each class's rows shuffled with `seed`, then dealt round robin. */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): Int32Array {
  const rng = new Xoshiro128(seed);
  const folds = new Int32Array(labels.length);
  const byClass = new Map<string, number[]>();
  labels.forEach((label, i) => byClass.set(label, [...(byClass.get(label) ?? []), i]));
  let next = 0;
  for (const label of [...byClass.keys()].sort()) {
    const rows = byClass.get(label) as number[];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    for (const row of rows) folds[row] = next++ % k;
  }
  return folds;
}

/** Rows of `table` (and their labels) where `keep` holds. */
export function subset(data: Labelled, keep: (i: number) => boolean): Labelled {
  const rows = data.labels.map((_, i) => i).filter(keep);
  const table: Record<string, Float64Array> = {};
  for (const [name, column] of Object.entries(data.table)) {
    table[name] = Float64Array.from(rows, (i) => column[i] as number);
  }
  return { table, labels: rows.map((i) => data.labels[i] as string) };
}

/** Share of equal entries. */
export function accuracy(predicted: readonly string[], truth: readonly string[]): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / truth.length;
}

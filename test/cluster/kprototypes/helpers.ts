/**
 * Shared helpers of the k-prototypes tests: seeded mixed data with planted segments and the
 * reference runs of scripts/fixtures/kprototypes.py.
 */
import { readFileSync } from 'node:fs';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';

/** Mixed data with the segment each row was drawn from. */
export interface PlantedMixed {
  numeric: Matrix;
  categorical: Record<string, string[]>;
  planted: Int32Array;
}

/**
 * `n` rows in `k` planted segments (row i in segment i mod k). Numeric: 3 attributes, segment
 * s centred at `separation` along axis s mod 3, unit normal noise, then z-scored. Categorical:
 * 3 attributes of 4 levels; with probability `purity` the segment's own level, else a uniformly
 * drawn one.
 */
export function plantedMixed(
  n: number,
  k: number,
  separation: number,
  purity: number,
  seed: number,
): PlantedMixed {
  const rng = new Xoshiro128(seed);
  const normal = (): number => {
    const u = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const p = 3;
  const data = new Float64Array(n * p);
  const planted = new Int32Array(n);
  const levels = ['w', 'x', 'y', 'z'];
  const categorical: Record<string, string[]> = { c0: [], c1: [], c2: [] };
  for (let i = 0; i < n; i++) {
    const s = i % k;
    planted[i] = s;
    for (let t = 0; t < p; t++)
      data[i * p + t] = (t === s % p ? separation * (1 + Math.floor(s / p)) : 0) + normal();
    for (let a = 0; a < 3; a++) {
      const own = levels[(s + a) % 4] as string;
      categorical[`c${a}`]!.push(
        rng.nextFloat() < purity ? own : (levels[rng.nextInt(4)] as string),
      );
    }
  }
  // z-score each numeric attribute (population standard deviation).
  for (let t = 0; t < p; t++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * p + t] as number;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((data[i * p + t] as number) - m) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) data[i * p + t] = ((data[i * p + t] as number) - m) / sd;
  }
  return { numeric: { data, rows: n, cols: p, names: ['n0', 'n1', 'n2'] }, categorical, planted };
}

/** One reference run of the fixture. */
export interface ReferenceCase {
  name: string;
  k: number;
  numericNames: string[];
  numeric: number[][];
  categorical: Record<string, string[]>;
  levels: string[][];
  gamma: number;
  initRows: number[];
  labels: number[];
  cost: number;
  iterations: number;
  converged: boolean;
  means: number[][];
  modes: string[][];
}

/** test/fixtures/cluster/kprototypes.json (scripts/fixtures/kprototypes.py). */
export function referenceCases(): ReferenceCase[] {
  const url = new URL('../../fixtures/cluster/kprototypes.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: ReferenceCase[] }).cases;
}

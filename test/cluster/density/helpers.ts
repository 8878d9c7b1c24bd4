/**
 * The fixture of the DBSCAN and bisecting k-means tests (scripts/fixtures/density.py).
 */
import { readFileSync } from 'node:fs';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';

/** test/fixtures/cluster/density.json. */
export interface DensityFixture {
  sklearn: string;
  data: Record<string, { rows: number; cols: number; values: number[] }>;
  dbscan: { data: string; eps: number; minSamples: number; labels: number[]; core: number[] }[];
  bisecting: { strategy: string; k: number; runs: number[]; mean: number; min: number }[];
}

let cached: DensityFixture | undefined;

/** The parsed fixture. */
export function densityFixture(): DensityFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../../fixtures/cluster/density.json', import.meta.url), 'utf8'),
  ) as DensityFixture;
  return cached;
}

/** One of its data sets as a matrix. */
export function densityMatrix(name: string): Matrix {
  const d = densityFixture().data[name]!;
  return { data: Float64Array.from(d.values), rows: d.rows, cols: d.cols };
}

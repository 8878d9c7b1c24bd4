/**
 * The radix argsort behind the presorted split search: same order as a stable comparison
 * sort, for negative values, ±0, duplicates and wide magnitudes, with 8- and 16-bit digits.
 */
import { describe, expect, it } from 'vitest';
import { argsortColumn } from '../../../src/classify/tree/presort.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';

function reference(values: Float64Array): number[] {
  // Array.prototype.sort is stable; −0 and 0 compare equal.
  return Array.from(values, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
}

function sample(n: number, seed: number): Float64Array {
  const rng = new Xoshiro128(seed);
  const specials = [0, -0, 1, -1, 1e-300, -1e-300, 1e300, -1e300, 0.1, 0.30000000000000004, 5e-324];
  return Float64Array.from({ length: n }, () => {
    const u = rng.nextFloat();
    if (u < 0.2) return specials[rng.nextInt(specials.length)] as number;
    if (u < 0.5) return rng.nextInt(50) - 25; // many duplicates
    return (rng.nextFloat() - 0.5) * 10 ** (rng.nextInt(40) - 20);
  });
}

describe('argsortColumn', () => {
  it.each([0, 1, 2, 17, 1000, 20_000])('matches a stable sort (%i values, 8-bit digits)', (n) => {
    const values = sample(n, n + 1);
    expect(Array.from(argsortColumn(values))).toEqual(reference(values));
  });

  it('matches a stable sort with 16-bit digits (200,000 values)', () => {
    const values = sample(200_000, 3);
    expect(Array.from(argsortColumn(values))).toEqual(reference(values));
  });

  it('skips passes for integer data and keeps row order for ties', () => {
    const values = Float64Array.from({ length: 300_000 }, (_, i) => (i * 7) % 1000);
    const order = argsortColumn(values);
    expect(Array.from(order)).toEqual(reference(values));
  });
});

/**
 * The seeded generator: reproducible, in range, roughly uniform.
 */
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import { expectError } from './helpers.js';

describe('Xoshiro128', () => {
  it('the same seed gives the same sequence; different seeds differ', () => {
    const a = new Xoshiro128(42);
    const b = new Xoshiro128(42);
    const c = new Xoshiro128(43);
    const sa = Array.from({ length: 100 }, () => a.nextUint32());
    const sb = Array.from({ length: 100 }, () => b.nextUint32());
    const sc = Array.from({ length: 100 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    // Seeds that differ only above 2^32 differ too.
    expect(new Xoshiro128(2 ** 40).nextUint32()).not.toBe(new Xoshiro128(0).nextUint32());
  });

  it('is pinned: the first outputs for seed 0 never change', () => {
    const rng = new Xoshiro128(0);
    const first = Array.from({ length: 4 }, () => rng.nextUint32());
    expect(first).toMatchInlineSnapshot(`
      [
        4192516064,
        3181845710,
        3008508451,
        1056627837,
      ]
    `);
  });

  it('floats are in [0, 1) with a mean near 1/2; integers are in range and uniform', () => {
    const rng = new Xoshiro128(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.01);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const v = rng.nextInt(7);
      counts[v] = (counts[v] as number) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(rng.nextInt(1)).toBe(0);
    const big = rng.nextInt(2 ** 40);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 40).toBe(true);
  });

  it('refuses seeds that are not safe integers', () => {
    for (const seed of [0.5, NaN, 2 ** 60, Infinity]) {
      expectError(() => new Xoshiro128(seed), 'INVALID_OPTION');
    }
  });
});

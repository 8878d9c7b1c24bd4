/**
 * A small seeded pseudo-random generator for the cluster metrics: xoshiro128** (Blackman and
 * Vigna) seeded through splitmix32. Same seed, same sequence, on every platform: everything
 * is 32-bit integer arithmetic (`Math.imul`, `>>>`), no `Math.random`.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

/** A deterministic source of random numbers. */
export interface SeededRandom {
  /** The next unsigned 32-bit integer. */
  nextUint32(): number;
  /** A float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** An integer in [0, n), unbiased (rejection sampling); `n` in 1..2³². */
  nextInt(n: number): number;
}

/** Throws INVALID_OPTION unless `seed` is a safe integer. */
export function checkSeed(seed: unknown, owner: string): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "seed" must be an integer`);
  }
  return seed;
}

/** One splitmix32 step: a well-mixed 32-bit value from a 32-bit state. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The low and high 32 bits of a safe integer (two's complement for negatives). */
function words(value: number): [number, number] {
  const low = value >>> 0;
  const high = Math.floor(value / 0x1_0000_0000) >>> 0;
  return [low, high];
}

/**
 * A new seed mixed from `seed` and a path of integers, e.g. `deriveSeed(seed, b, k)` for
 * the b-th resample at k clusters. Different paths give unrelated streams; the result is a
 * non-negative 32-bit integer, itself usable as a seed.
 */
export function deriveSeed(seed: number, ...path: readonly number[]): number {
  let h = 0x6a09e667;
  for (const value of [seed, ...path]) {
    for (const w of words(value)) h = splitmix32((h ^ w) >>> 0);
  }
  return h;
}

/**
 * A xoshiro128** generator seeded with `seed` (any safe integer; the four state words come
 * from splitmix32 so nearby seeds give unrelated sequences).
 */
export function createRandom(seed: number): SeededRandom {
  checkSeed(seed, 'createRandom');
  const [low, high] = words(seed);
  let x = splitmix32(low ^ 0x243f6a88);
  x = splitmix32((x ^ high) >>> 0);
  let s0 = x;
  let s1 = (x = splitmix32(x));
  let s2 = (x = splitmix32(x));
  let s3 = splitmix32(x);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  return {
    nextUint32,
    nextFloat(): number {
      // 27 + 26 bits, as in the reference double generator.
      const a = nextUint32() >>> 5;
      const b = nextUint32() >>> 6;
      return (a * 67108864 + b) / 9007199254740992;
    },
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) {
        throw new CohortlabError('INVALID_OPTION', `nextInt needs an integer in 1..2^32, got ${n}`);
      }
      // Largest multiple of n that fits in 2^32; draws at or above it are redrawn.
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
      for (;;) {
        const r = nextUint32();
        if (r < limit) return r % n;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * `count` distinct indices from 0..n-1 in random order (a partial Fisher–Yates shuffle), as
 * used to subsample rows without replacement.
 */
export function sampleWithoutReplacement(
  n: number,
  count: number,
  random: SeededRandom,
): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const m = Math.min(count, n);
  for (let i = 0; i < m; i++) {
    const j = i + random.nextInt(n - i);
    const tmp = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = tmp;
  }
  return pool.slice(0, m);
}

/** `n` indices drawn from 0..n-1 with replacement (a bootstrap resample). */
export function sampleWithReplacement(n: number, random: SeededRandom): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = random.nextInt(n);
  return out;
}

/**
 * The seeded pseudo-random generator behind every random choice k-means makes (k-means++
 * seeding, random initialization, mini-batch sampling): xoshiro128** by Blackman and Vigna,
 * seeded through splitmix32.
 *
 * Everything is 32-bit integer arithmetic (`Math.imul`, `>>>`), so the same seed gives the
 * same sequence bit for bit on every platform and Node version; `Math.random` is never used.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

const TWO_POW_32 = 0x1_0000_0000;
/** 2⁻⁵³: turns a 53-bit integer into a float in [0, 1). */
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/**
 * xoshiro128** generator: 128 bits of state, period 2¹²⁸ − 1, passes BigCrush. Floats from
 * {@link Xoshiro128.nextFloat} carry 53 random bits, like `numpy.random.random`.
 */
export class Xoshiro128 {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /**
   * @param seed any safe integer (negative values and values above 2³² are fine: all 53 bits
   *   are mixed into the state); `INVALID_OPTION` otherwise.
   */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `seed must be a safe integer, got ${String(seed)}`,
      );
    }
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    // Two splitmix32 streams, one from each 32-bit half of the seed, XORed word by word:
    // every state word depends on all 53 bits.
    const stream = (start: number): (() => number) => {
      let state = start | 0;
      return () => {
        state = (state + 0x9e3779b9) | 0;
        let z = state;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
      };
    };
    const fromLow = stream(low);
    const fromHigh = stream(high ^ 0x5bd1e995);
    this.#s0 = fromLow() ^ fromHigh();
    this.#s1 = fromLow() ^ fromHigh();
    this.#s2 = fromLow() ^ fromHigh();
    this.#s3 = fromLow() ^ fromHigh();
    // The all-zero state is the one state xoshiro never leaves.
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.#s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 = s1 ^ this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = (this.#s3 << 11) | (this.#s3 >>> 21);
    return result;
  }

  /** A float64 in [0, 1) built from 53 random bits (two 32-bit outputs). */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) * TWO_POW_MINUS_53;
  }

  /**
   * An integer in [0, n), unbiased for any `n` from 1 to 2⁵³ (rejection sampling on 53-bit
   * floats would be biased by at most 2⁻⁵³·n; this uses exact rejection for n ≤ 2³² and the
   * float method above that).
   */
  nextInt(n: number): number {
    if (n <= TWO_POW_32) {
      // Lemire-style rejection: draw until the value falls below the largest multiple of n.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const v = this.nextUint32();
        if (v < limit) return v % n;
      }
    }
    return Math.floor(this.nextFloat() * n);
  }
}

import { describe, expect, it } from 'vitest';
import { encodeIntegerCsv } from '../../src/synth/integer-csv.js';

describe('encodeIntegerCsv', () => {
  it('writes rows of whole numbers, zeros and large values included', () => {
    const text = encodeIntegerCsv(
      [(r) => 9_007_199_254_740_991 - r, Int32Array.of(0, 7), Uint8Array.of(10, 255)],
      2,
    ).toString('ascii');
    expect(text).toBe('9007199254740991,0,10\n9007199254740990,7,255\n');
  });

  it('writes nothing for no rows', () => {
    expect(encodeIntegerCsv([Int32Array.of(1)], 0).length).toBe(0);
  });
});

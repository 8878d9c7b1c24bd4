import { describe, expect, it } from 'vitest';
import { stratifiedHoldout } from '../../../src/classify/mlp/split.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';

describe('stratifiedHoldout', () => {
  // 50 rows of class 0, 20 of class 1, 1 of class 2, interleaved.
  const y = Int32Array.from({ length: 71 }, (_, i) => (i === 70 ? 2 : i % 7 < 5 ? 0 : 1));

  it('holds out round(fraction × count) of each class, never the last row of a class', () => {
    const { train, validation } = stratifiedHoldout(y, 3, 0.1, new Xoshiro128(1));
    const held = Array.from(validation, (i) => y[i]);
    expect(held.filter((c) => c === 0)).toHaveLength(5);
    expect(held.filter((c) => c === 1)).toHaveLength(2);
    expect(held.filter((c) => c === 2)).toHaveLength(0);
    expect(train.length + validation.length).toBe(71);
    expect(new Set([...train, ...validation]).size).toBe(71);
    expect([...validation]).toEqual([...validation].sort((a, b) => a - b));
  });

  it('is seeded, and holds out nothing at fraction 0', () => {
    const a = stratifiedHoldout(y, 3, 0.3, new Xoshiro128(7));
    const b = stratifiedHoldout(y, 3, 0.3, new Xoshiro128(7));
    const c = stratifiedHoldout(y, 3, 0.3, new Xoshiro128(8));
    expect(b).toEqual(a);
    expect(c.validation).not.toEqual(a.validation);
    expect(stratifiedHoldout(y, 3, 0, new Xoshiro128(7)).validation).toHaveLength(0);
  });
});

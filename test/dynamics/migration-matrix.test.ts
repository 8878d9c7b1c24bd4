import { describe, expect, it } from 'vitest';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import { migrationMatrix } from '../../src/dynamics/migration-matrix.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    return error instanceof CohortlabError ? error.code : 'other';
  }
  return 'none';
};

describe('migrationMatrix', () => {
  it('counts new customers in a "(new)" row and vanished ones in a "(gone)" column', () => {
    const from = new Map([
      ['a', 'gold'],
      ['b', 'silver'],
      ['c', 'silver'],
      ['d', 'bronze'],
    ]);
    const to = new Map([
      ['a', 'silver'],
      ['b', 'gold'],
      ['c', 'silver'],
      ['e', 'bronze'],
      ['f', 'gold'],
    ]);
    const m = migrationMatrix(from, to, { order: ['gold', 'silver', 'bronze'] });
    expect(m.rows).toEqual(['gold', 'silver', 'bronze', '(new)']);
    expect(m.columns).toEqual(['gold', 'silver', 'bronze', '(gone)']);
    expect(m.counts).toEqual([
      [0, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 0, 1],
      [1, 0, 1, 0],
    ]);
    expect(m.shares[1]).toEqual([0.5, 0.5, 0, 0]);
    expect(m.total).toBe(6);
    expect(m.matched).toBe(3);
    expect(m.stayed).toBe(1);
    expect(m.rates).toEqual({
      ranked: 3,
      upgraded: 1,
      downgraded: 1,
      retained: 1,
      upgradeRate: 1 / 3,
      downgradeRate: 1 / 3,
      retentionRate: 1 / 3,
    });
  });

  it('takes parallel arrays, lists classes in the given order, unranked moves not rated', () => {
    const m = migrationMatrix(
      { customerId: ['1', '2', '3'], labels: ['x', 'y', 'z'] },
      { customerId: ['3', '2', '1'], labels: ['x', 'x', 'z'] },
      { classes: ['z', 'y', 'x', 'w'], order: ['x', 'y'] },
    );
    expect(m.rows).toEqual(['z', 'y', 'x', 'w']);
    expect(m.counts).toEqual([
      [0, 0, 1, 0],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    // Only customer 2 (y → x) is between ranked classes: an upgrade.
    expect(m.rates).toMatchObject({ ranked: 1, upgraded: 1, downgraded: 0, retained: 0 });
    expect(Number.isNaN(m.shares[3]![0]!)).toBe(true);
  });

  it('defaults: classes sorted, no rates without an order', () => {
    const m = migrationMatrix(new Map([['a', 'q']]), new Map([['a', 'p']]));
    expect(m.rows).toEqual(['p', 'q']);
    expect(m.rates).toBeUndefined();
  });

  it('reports bad input with typed errors', () => {
    const one = new Map([['a', 'x']]);
    expect(code(() => migrationMatrix(one, one, { classes: ['y'] }))).toBe('INVALID_INPUT');
    expect(code(() => migrationMatrix(one, one, { order: ['x', 'x'] }))).toBe('INVALID_OPTION');
    expect(code(() => migrationMatrix(one, one, { classes: ['x'], order: ['y'] }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => migrationMatrix(one, one, { classes: ['x', '(new)'] }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => migrationMatrix({ customerId: ['a', 'a'], labels: ['x', 'x'] }, one))).toBe(
      'INVALID_INPUT',
    );
    expect(code(() => migrationMatrix({ customerId: ['a'], labels: [] }, one))).toBe(
      'INVALID_INPUT',
    );
  });
});

/** k-modes on a case worked out by hand, and its contract (predict, JSON, errors). */
import { describe, expect, it } from 'vitest';
import { KModes } from '../../../src/cluster/kprototypes/index.js';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';

// Worked by hand (Cao init): frequencies a3 b2 c1 / x2 y1 z3 give densities (×12)
// 5 5 4 5 5 4, so row 0 (a, x) is first; density × mismatches to it is (×12) 0 0 4 10 10 8,
// so row 3 (b, z) is second. Rows 0-2 then go to (a, x), rows 3-5 to (b, z) with one mismatch
// each for rows 2 and 5: cost 2. The modes recomputed from these labels are unchanged.
const SMALL = { colour: ['a', 'a', 'a', 'b', 'b', 'c'], size: ['x', 'x', 'y', 'z', 'z', 'z'] };

describe('KModes', () => {
  it('reproduces the hand-worked case', () => {
    const model = new KModes({ k: 2 }).fit(SMALL);
    const learned = model.learned;
    expect(Array.from(learned.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(learned.modes).toEqual([
      ['a', 'x'],
      ['b', 'z'],
    ]);
    expect(learned.cost).toBe(2);
    expect(learned.iterations).toBe(1);
    expect(learned.converged).toBe(true);
    expect(learned.means).toEqual([[], []]);
  });

  it('predicts the least-mismatched mode; ties go to the lower cluster; unseen matches nothing', () => {
    const model = new KModes({ k: 2 }).fit(SMALL);
    // (c, y): 2 mismatches with both modes → cluster 0; (b, new): 1 with (b, z) → cluster 1.
    expect(Array.from(model.predict({ colour: ['c', 'b', 'a'], size: ['y', 'new', 'z'] }))).toEqual(
      [0, 1, 0],
    );
    expect(Array.from(model.transform({ size: ['new'], colour: ['b'] }))).toEqual([2, 1]);
  });

  it('numbers and booleans are category labels', () => {
    const model = new KModes({ k: 2 }).fit({
      region: [1, 1, 2, 2],
      member: [true, true, false, false],
    });
    expect(model.learned.levels).toEqual([
      ['1', '2'],
      ['false', 'true'],
    ]);
    expect(Array.from(model.predict({ region: ['2'], member: [false] }))).toEqual([
      model.labels[2],
    ]);
  });

  it('round-trips through JSON', () => {
    const model = new KModes({ k: 2, init: 'huang', nInit: 3, seed: 9 }).fit(SMALL);
    const json = JSON.stringify(model.toJSON());
    const back = KModes.fromJSON(json);
    expect(back.params).toEqual(model.params);
    expect(JSON.stringify(back.toJSON())).toBe(json);
    expect(back.predict(SMALL)).toEqual(model.labels);
    expect(() => KModes.fromJSON(json.replace('"modes":[["', '"modes":[["zz'))).toThrow(
      /"modes" rows must be 2 known categories/,
    );
  });

  it('names the row and attribute of a missing value, and refuses bad options', () => {
    const error = (() => {
      try {
        new KModes({ k: 2 }).fit({ colour: ['a', null, 'b'], size: ['x', 'y', 'z'] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CohortlabError);
    expect((error as CohortlabError).code).toBe('INVALID_INPUT');
    expect((error as CohortlabError).row).toBe(2);
    expect((error as CohortlabError).column).toBe('colour');
    expect(() => new KModes({ k: 2, nInit: 3 })).toThrow(/deterministic/);
    expect(() => new KModes({ k: 2, gamma: 2 } as never)).toThrow(/no option "gamma"/);
    expect(() => new KModes({ k: 3 }).fit({ a: ['x', 'x', 'y', 'y'] })).toThrow(/fewer distinct/);
    expect(() => new KModes({ k: 2 }).fit({ a: ['x'], b: ['y', 'z'] })).toThrow(
      /has 2 values, "a" has 1/,
    );
    expect(() => new KModes({ k: 2 }).predict(SMALL)).toThrow(/not fitted/);
  });
});

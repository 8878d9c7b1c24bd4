import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import {
  DEFAULT_RFM_SEGMENTS,
  NO_PURCHASES_SEGMENT,
  segmentAt,
  segmentGrid,
  segmentNames,
  type RfmSegmentRule,
} from '../../src/classes/rfm-segments.js';

/** The segment map as the specification states it, cell by cell. */
function specSegment(r: number, fm: number): string {
  if (r === 1 && fm <= 2) return 'Lost';
  if (r === 2 && fm <= 2) return 'Hibernating';
  if (r <= 2 && fm <= 4) return 'At risk';
  if (r <= 2) return "Can't lose";
  if (r === 3 && fm <= 2) return 'About to sleep';
  if (r === 3 && fm === 3) return 'Need attention';
  if (r <= 4 && fm >= 4) return 'Loyal';
  if (r === 4 && fm === 1) return 'Promising';
  if (r === 5 && fm === 1) return 'New';
  if (fm <= 3) return 'Potential loyalist';
  return 'Champions';
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('DEFAULT_RFM_SEGMENTS', () => {
  it('is an exact partition of the 5 × 5 grid: every cell in exactly one rectangle', () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const hits = DEFAULT_RFM_SEGMENTS.filter(
          (s) => s.r[0] <= r && r <= s.r[1] && s.fm[0] <= fm && fm <= s.fm[1],
        );
        expect(hits, `cell R${r} FM${fm}`).toHaveLength(1);
        expect(hits[0]!.segment).toBe(specSegment(r, fm));
      }
    }
  });

  it('names eleven segments, none of them "No purchases"', () => {
    const names = segmentNames(DEFAULT_RFM_SEGMENTS);
    expect(names).toHaveLength(11);
    expect(names).not.toContain(NO_PURCHASES_SEGMENT);
    expect(new Set(names)).toEqual(
      new Set([
        'Lost',
        'Hibernating',
        'At risk',
        "Can't lose",
        'About to sleep',
        'Need attention',
        'Loyal',
        'Promising',
        'New',
        'Potential loyalist',
        'Champions',
      ]),
    );
  });
});

describe('segmentGrid', () => {
  it('looks up the default map like the specification', () => {
    const grid = segmentGrid(DEFAULT_RFM_SEGMENTS, 5);
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) expect(segmentAt(grid, r, fm)).toBe(specSegment(r, fm));
    }
    expect(segmentAt(grid, 6, 1)).toBeUndefined();
  });

  it('lets the first matching entry win where entries overlap', () => {
    const map: RfmSegmentRule[] = [
      { segment: 'top', r: [3, 3], fm: [3, 3] },
      { segment: 'rest', r: [1, 3], fm: [1, 3] },
    ];
    const grid = segmentGrid(map, 3);
    expect(segmentAt(grid, 3, 3)).toBe('top');
    expect(segmentAt(grid, 1, 1)).toBe('rest');
    expect(segmentNames([...map, { segment: 'top', r: [1, 1], fm: [1, 1] }])).toEqual([
      'top',
      'rest',
    ]);
  });

  it('names the first uncovered cell', () => {
    const map = DEFAULT_RFM_SEGMENTS.filter((s) => s.segment !== 'Need attention');
    const error = errorOf(() => segmentGrid(map, 5));
    expect(isCohortlabError(error, 'INVALID_OPTION')).toBe(true);
    expect((error as Error).message).toContain('R=3, FM=3');
    // The default map does not cover a 6 × 6 grid.
    expect((errorOf(() => segmentGrid(DEFAULT_RFM_SEGMENTS, 6)) as Error).message).toContain(
      'R=1, FM=6',
    );
  });

  it('rejects malformed entries', () => {
    const bad: unknown[] = [
      [],
      [{ segment: '', r: [1, 2], fm: [1, 2] }],
      [{ segment: 'x', r: [2, 1], fm: [1, 2] }],
      [{ segment: 'x', r: [0, 2], fm: [1, 2] }],
      [{ segment: 'x', r: [1, 2], fm: [1, 2.5] }],
      [{ segment: 'x', r: [1], fm: [1, 2] }],
    ];
    for (const map of bad) {
      expect(
        isCohortlabError(
          errorOf(() => segmentGrid(map as RfmSegmentRule[], 2)),
          'INVALID_OPTION',
        ),
      ).toBe(true);
    }
  });
});

/**
 * RFM segment maps: named rectangles on the grid of recency score (R) × combined
 * frequency–monetary score (FM). The first rectangle containing a cell names it.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { isPlainObject } from './shared.js';

/**
 * One entry of a segment map: customers whose R score is in `r` and whose FM score is in `fm`
 * (both inclusive `[lo, hi]` ranges) belong to `segment`. Several entries may share a segment
 * name (a segment made of two rectangles).
 */
export type RfmSegmentRule = {
  /** Segment label. */
  readonly segment: string;
  /** Inclusive range of recency scores. */
  readonly r: readonly [number, number];
  /** Inclusive range of FM scores, FM = floor((F + M + 1) / 2). */
  readonly fm: readonly [number, number];
};

/**
 * The default segment map for 5 bins, a complete partition of the 5 × 5 grid
 * (no cell is in two rectangles):
 *
 * | R \ FM | 1              | 2                  | 3                  | 4         | 5          |
 * |--------|----------------|--------------------|--------------------|-----------|------------|
 * | 5      | New            | Potential loyalist | Potential loyalist | Champions | Champions  |
 * | 4      | Promising      | Potential loyalist | Potential loyalist | Loyal     | Loyal      |
 * | 3      | About to sleep | About to sleep     | Need attention     | Loyal     | Loyal      |
 * | 2      | Hibernating    | Hibernating        | At risk            | At risk   | Can't lose |
 * | 1      | Lost           | Lost               | At risk            | At risk   | Can't lose |
 */
export const DEFAULT_RFM_SEGMENTS: readonly RfmSegmentRule[] = [
  { segment: 'Champions', r: [5, 5], fm: [4, 5] },
  { segment: 'Loyal', r: [3, 4], fm: [4, 5] },
  { segment: 'Potential loyalist', r: [4, 5], fm: [2, 3] },
  { segment: 'New', r: [5, 5], fm: [1, 1] },
  { segment: 'Promising', r: [4, 4], fm: [1, 1] },
  { segment: 'Need attention', r: [3, 3], fm: [3, 3] },
  { segment: 'About to sleep', r: [3, 3], fm: [1, 2] },
  { segment: 'At risk', r: [1, 2], fm: [3, 4] },
  { segment: "Can't lose", r: [1, 2], fm: [5, 5] },
  { segment: 'Hibernating', r: [2, 2], fm: [1, 2] },
  { segment: 'Lost', r: [1, 1], fm: [1, 2] },
];

/** The label of customers without purchases (excluded from scoring). */
export const NO_PURCHASES_SEGMENT = 'No purchases';

/** Distinct segment names of `map`, in order of first appearance. */
export function segmentNames(map: readonly RfmSegmentRule[]): string[] {
  return [...new Set(map.map((rule) => rule.segment))];
}

function checkRange(value: unknown, bins: number, what: string): [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= bins) ||
    (value[0] as number) > (value[1] as number)
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `segment map: ${what} must be [lo, hi] with integers 1 ≤ lo ≤ hi ≤ ${bins}`,
    );
  }
  return [value[0] as number, value[1] as number];
}

/**
 * Validates a user segment map for `bins` scores and returns it as a lookup grid:
 * `grid[r − 1][fm − 1]` is the segment of cell (R = r, FM = fm), the first matching entry.
 *
 * Throws INVALID_OPTION when an entry is malformed (empty name, range outside 1..bins) or
 * when some cell is covered by no entry, naming the first uncovered cell (by R, then FM).
 * Overlaps are allowed: the first entry wins.
 */
export function segmentGrid(map: readonly RfmSegmentRule[], bins: number): string[][] {
  if (!Array.isArray(map) || map.length === 0) {
    throw new CohortlabError('INVALID_OPTION', 'segment map must be a non-empty array');
  }
  const rules = map.map((rule: unknown, index) => {
    if (!isPlainObject(rule) || typeof rule.segment !== 'string' || rule.segment.length === 0) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `segment map entry ${index + 1} needs a non-empty "segment" name`,
      );
    }
    const what = `entry ${index + 1} ("${rule.segment}")`;
    return {
      segment: rule.segment,
      r: checkRange(rule.r, bins, `${what} r`),
      fm: checkRange(rule.fm, bins, `${what} fm`),
    };
  });
  const grid: string[][] = [];
  for (let r = 1; r <= bins; r++) {
    const row: string[] = [];
    for (let fm = 1; fm <= bins; fm++) {
      const hit = rules.find((x) => x.r[0] <= r && r <= x.r[1] && x.fm[0] <= fm && fm <= x.fm[1]);
      if (hit === undefined) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `segment map does not cover cell R=${r}, FM=${fm}: every R × FM cell needs a segment`,
        );
      }
      row.push(hit.segment);
    }
    grid.push(row);
  }
  return grid;
}

/** The segment of cell (r, fm) in a grid from {@link segmentGrid}; undefined outside it. */
export function segmentAt(
  grid: readonly (readonly string[])[],
  r: number,
  fm: number,
): string | undefined {
  return grid[r - 1]?.[fm - 1];
}

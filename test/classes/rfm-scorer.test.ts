import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { RFM_OUTPUT_COLUMNS, RfmScorer } from '../../src/classes/rfm-scorer.js';
import { DEFAULT_RFM_SEGMENTS } from '../../src/classes/rfm-segments.js';
import { takeRows, type ColumnTable } from '../../src/table/column-table.js';
import { syntheticFeatures, viaJSONString } from './helpers.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** Count formula of the documented tie rule. */
function countScore(train: readonly number[], x: number, bins: number, higher: boolean): number {
  let count = 0;
  for (const v of train) if (higher ? v < x : v > x) count++;
  return Math.min(bins, 1 + Math.floor((bins * count) / train.length));
}

/** Ten buyers with known scores and two customers without purchases. */
const small: ColumnTable = {
  customer_id: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'],
  recency_days: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, NaN]),
  frequency: new Float64Array([1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 0, 0]),
  monetary: new Float64Array([100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0, 0]),
  has_transactions: new Float64Array([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
};

describe('RfmScorer on a hand-made table', () => {
  const scorer = new RfmScorer().fit(small);
  const out = scorer.transform(small);

  it('computes R, F, M, FM, cells and segments', () => {
    // R: count(> x) for recency 1..10 is 9..0 → 1 + floor(5·count/10).
    expect(Array.from(out.rfm_r as Float64Array)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1, NaN, NaN]);
    // F: frequency 1 (×5) → 1, 2 → 3, 3 → 4, 4 → 4, 5 → 5, 6 → 5.
    expect(Array.from(out.rfm_f as Float64Array)).toEqual([1, 1, 1, 1, 1, 3, 4, 4, 5, 5, NaN, NaN]);
    expect(Array.from(out.rfm_m as Float64Array)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1, NaN, NaN]);
    expect(Array.from(out.rfm_fm as Float64Array)).toEqual([
      3,
      3,
      3,
      3,
      2,
      3,
      3,
      3,
      3,
      3,
      NaN,
      NaN,
    ]);
    expect(out.rfm_cell).toEqual([
      '515',
      '515',
      '414',
      '414',
      '313',
      '333',
      '242',
      '242',
      '151',
      '151',
      null,
      null,
    ]);
    expect(out.rfm_segment).toEqual([
      'Potential loyalist',
      'Potential loyalist',
      'Potential loyalist',
      'Potential loyalist',
      'About to sleep',
      'Need attention',
      'At risk',
      'At risk',
      'At risk',
      'At risk',
      'No purchases',
      'No purchases',
    ]);
    expect(scorer.predict(small)).toEqual(out.rfm_segment);
    expect(Object.keys(out)).toEqual([...RFM_OUTPUT_COLUMNS]);
    expect(scorer.featureNamesOut).toEqual(RFM_OUTPUT_COLUMNS);
  });

  it('fits only on customers with purchases', () => {
    expect(scorer.state.customers).toBe(10);
    expect(scorer.state.frequencyEdges).toEqual([2, 2, 3, 5]);
    expect(scorer.state.recencyEdges).toEqual([8, 6, 4, 2]);
  });

  it('lists every segment and "No purchases" last, always', () => {
    expect(scorer.classes).toHaveLength(12);
    expect(scorer.classes.at(-1)).toBe('No purchases');
    const buyers = takeRows(small, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const buyersOnly = new RfmScorer().fit(buyers);
    expect(buyersOnly.classes).toEqual(scorer.classes);
    expect(buyersOnly.predict(buyers)).not.toContain('No purchases');
    for (const label of out.rfm_segment as string[]) expect(scorer.classes).toContain(label);
  });

  it('treats NaN recency as no purchases even without the flag column', () => {
    const rest = Object.fromEntries(
      Object.entries(small).filter(([name]) => name !== 'has_transactions'),
    );
    const noFlag = new RfmScorer({ hasTransactions: null }).fit(rest);
    expect(noFlag.predict(rest)).toEqual(out.rfm_segment);
    expect(
      isCohortlabError(
        errorOf(() => new RfmScorer().fit(rest)),
        'UNKNOWN_FEATURE',
      ),
    ).toBe(true);
  });
});

describe('RfmScorer on 5,000 synthetic customers', () => {
  const table = syntheticFeatures(5000, 42, { roundMonetary: true });
  const scorer = new RfmScorer().fit(table);
  const out = scorer.transform(table);
  const has = table.has_transactions as Float64Array;
  const buyers = [...has.keys()].filter((i) => has[i] === 1);
  const pick = (name: string): number[] => buyers.map((i) => (table[name] as Float64Array)[i]!);

  it('reproduces the count formula on every training customer (heavy ties in frequency)', () => {
    const recency = pick('recency_days');
    const frequency = pick('frequency');
    const monetary = pick('monetary');
    expect(frequency.filter((f) => f === 1).length / frequency.length).toBeGreaterThan(0.4);
    buyers.forEach((row, k) => {
      expect(out.rfm_r![row]).toBe(countScore(recency, recency[k]!, 5, false));
      expect(out.rfm_f![row]).toBe(countScore(frequency, frequency[k]!, 5, true));
      expect(out.rfm_m![row]).toBe(countScore(monetary, monetary[k]!, 5, true));
    });
  });

  it('puts every customer in exactly one listed class', () => {
    const labels = scorer.predict(table);
    expect(labels).toHaveLength(5000);
    for (let i = 0; i < 5000; i++) {
      expect(scorer.classes).toContain(labels[i]);
      expect(labels[i] === 'No purchases').toBe(has[i] === 0);
    }
  });

  it('survives a JSON round trip with identical predictions', () => {
    const restored = RfmScorer.fromJSON(viaJSONString(scorer.toJSON()));
    expect(restored.isFitted).toBe(true);
    expect(restored.params).toEqual(scorer.params);
    expect(restored.transform(table)).toEqual(out);
    expect(RfmScorer.fromJSON(JSON.stringify(scorer)).predict(table)).toEqual(
      scorer.predict(table),
    );
  });

  it('scores new customers by the learned edges', () => {
    const fresh: ColumnTable = {
      recency_days: new Float64Array([0, 100000]),
      frequency: new Float64Array([1000, 1]),
      monetary: new Float64Array([1e9, 0]),
      has_transactions: new Float64Array([1, 1]),
    };
    expect(scorer.predict(fresh)).toEqual(['Champions', 'Lost']);
  });
});

describe('RfmScorer options and errors', () => {
  it('keeps unreachable edges through JSON', () => {
    const tied: ColumnTable = {
      recency_days: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      frequency: new Float64Array(10).fill(1),
      monetary: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      has_transactions: new Float64Array(10).fill(1),
    };
    const scorer = new RfmScorer().fit(tied);
    expect(scorer.state.frequencyEdges).toEqual([null, null, null, null]);
    const restored = RfmScorer.fromJSON(viaJSONString(scorer.toJSON()));
    expect(restored.transform(tied)).toEqual(scorer.transform(tied));
    expect(Array.from(restored.transform(tied).rfm_f as Float64Array)).toEqual(
      new Array(10).fill(1),
    );
  });

  it('supports other bin counts with a user map', () => {
    const segments = [
      { segment: 'good', r: [2, 3] as [number, number], fm: [1, 3] as [number, number] },
      { segment: 'bad', r: [1, 1] as [number, number], fm: [1, 3] as [number, number] },
    ];
    const scorer = new RfmScorer({ bins: 3, segments }).fit(small);
    expect(scorer.classes).toEqual(['good', 'bad', 'No purchases']);
    expect(scorer.predict(small).slice(0, 4)).toEqual(['good', 'good', 'good', 'good']);
    expect(RfmScorer.fromJSON(viaJSONString(scorer.toJSON())).predict(small)).toEqual(
      scorer.predict(small),
    );
  });

  it('rejects invalid options with INVALID_OPTION', () => {
    const bad = [
      () => new RfmScorer({ bins: 4 }),
      () => new RfmScorer({ bins: 1.5 }),
      () => new RfmScorer({ segments: DEFAULT_RFM_SEGMENTS.slice(1) }),
      () => new RfmScorer({ noPurchasesLabel: 'Lost' }),
      () => new RfmScorer({ recency: '' }),
    ];
    for (const fn of bad) expect(isCohortlabError(errorOf(fn), 'INVALID_OPTION')).toBe(true);
    expect(
      (errorOf(() => new RfmScorer({ segments: DEFAULT_RFM_SEGMENTS.slice(1) })) as Error).message,
    ).toMatch(/R=5, FM=4/);
  });

  it('reports unfitted use, empty data, unknown columns and bad JSON', () => {
    expect(
      isCohortlabError(
        errorOf(() => new RfmScorer().predict(small)),
        'NOT_FITTED',
      ),
    ).toBe(true);
    const nobody: ColumnTable = { ...small, has_transactions: new Float64Array(12) };
    expect(
      isCohortlabError(
        errorOf(() => new RfmScorer().fit(nobody)),
        'INVALID_INPUT',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new RfmScorer({ monetary: 'spend' }).fit(small)),
        'UNKNOWN_FEATURE',
      ),
    ).toBe(true);
    const json = new RfmScorer().fit(small).toJSON();
    const broken = { ...json, state: { ...json.state, recencyEdges: [1, 2] } };
    expect(
      isCohortlabError(
        errorOf(() => RfmScorer.fromJSON(broken)),
        'INVALID_MODEL',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => RfmScorer.fromJSON({ ...json, type: 'ValueTiers' })),
        'INVALID_MODEL',
      ),
    ).toBe(true);
  });
});

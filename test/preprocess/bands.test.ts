/** Binning helpers: age and amount bands (boundaries worked by hand). */
import { describe, expect, it } from 'vitest';
import { KModes } from '../../src/cluster/kprototypes/index.js';
import {
  ageBands,
  amountBands,
  bandsFromBreaks,
  cutBands,
  decadeBands,
  withBands,
} from '../../src/preprocess/bands.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';

describe('bands', () => {
  it('life-stage age bands: lower bound included', () => {
    expect(ageBands([0, 18, 24.9, 25, 39, 40, 64, 65, 90, NaN])).toEqual([
      'youth',
      'youth',
      'youth',
      'young adult',
      'young adult',
      'middle-aged',
      'middle-aged',
      'senior',
      'senior',
      null,
    ]);
  });

  it('decade bands', () => {
    expect(decadeBands().labels).toEqual([
      'under 10',
      '10–19',
      '20–29',
      '30–39',
      '40–49',
      '50–59',
      '60–69',
      '70–79',
      '80 and over',
    ]);
    expect(ageBands([9, 10, 19, 20, 79, 80, 101], 'decades')).toEqual([
      'under 10',
      '10–19',
      '10–19',
      '20–29',
      '70–79',
      '80 and over',
      '80 and over',
    ]);
    expect(decadeBands(20, 40)).toEqual({
      breaks: [20, 30, 40],
      labels: ['under 20', '20–29', '30–39', '40 and over'],
    });
  });

  it('amount bands with user breaks and generated or given labels', () => {
    expect(amountBands([0, 99.99, 100, 999, 1000, 25000], [100, 1000])).toEqual([
      '< 100',
      '< 100',
      '100–1,000',
      '100–1,000',
      '≥ 1,000',
      '≥ 1,000',
    ]);
    expect(amountBands([5, 50], [10], ['small', 'large'])).toEqual(['small', 'large']);
    expect(cutBands([-Infinity, Infinity], bandsFromBreaks([0]))).toEqual(['< 0', '≥ 0']);
  });

  it('refuses bad breaks, labels and ages with typed errors', () => {
    expect(() => bandsFromBreaks([10, 10])).toThrow(/increasing/);
    expect(() => bandsFromBreaks([1, NaN])).toThrow(/finite/);
    expect(() => bandsFromBreaks([1, 2], ['a', 'b'])).toThrow(/need 3 labels/);
    expect(() => decadeBands(15, 80)).toThrow(/multiples of 10/);
    try {
      ageBands([30, -1]);
      expect.unreachable();
    } catch (e) {
      expect((e as CohortlabError).code).toBe('INVALID_INPUT');
      expect((e as CohortlabError).row).toBe(2);
    }
  });

  it('band columns are categorical attributes for k-modes', () => {
    const table = {
      age: Float64Array.of(19, 22, 23, 67, 70, 72),
      spend: Float64Array.of(20, 30, 25, 900, 1200, 800),
    };
    const banded = withBands(
      withBands(table, 'age', decadeBands()),
      'spend',
      bandsFromBreaks([100]),
    );
    expect(banded['age_band']).toEqual(['10–19', '20–29', '20–29', '60–69', '70–79', '70–79']);
    const model = new KModes({ k: 2 }).fit({
      age: banded['age_band'] as string[],
      spend: banded['spend_band'] as string[],
    });
    expect(Array.from(model.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(() => withBands(banded, 'age', decadeBands())).toThrow(
      /already has a column "age_band"/,
    );
  });
});

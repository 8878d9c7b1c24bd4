import { describe, expect, it } from 'vitest';
import { formatSummary, repeatBuyingOf } from '../../src/cli/summary.js';

describe('formatSummary with the value ahead', () => {
  it('adds the total clv_<H> and its mean over the customers that have one', () => {
    const cohorts = {
      customer_id: ['a', 'b', 'c'],
      p_alive: Float64Array.of(0.5, 1, NaN),
      expected_purchases_52w: Float64Array.of(1, 2, NaN),
      clv_12: Float64Array.of(100.25, 1234.5, NaN),
    };
    const repeatBuying = repeatBuyingOf(cohorts);
    expect(repeatBuying?.value?.column).toBe('clv_12');
    const text = formatSummary({
      customers: 3,
      schemes: {},
      k: undefined,
      clusters: { ids: Float64Array.of(NaN, NaN, NaN), names: [null, null, null] },
      repeatBuying,
      files: [],
      seconds: 1,
    });
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('BG/NBD'))).toMatch(
      /mean p_alive 0\.750 +expected_purchases_52w: 3 in all/,
    );
    expect(lines.find((l) => l.startsWith('value ahead'))).toMatch(
      /clv_12: 1,335 +mean 667\.38 per customer$/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../../src/errors/cohortlab-error.js';
import { RuleClassifier, ruleSetFromJSON } from '../../../src/classes/rules/rule-classifier.js';
import { RuleSyntaxError } from '../../../src/classes/rules/tokenizer.js';
import type { ColumnTable } from '../../../src/table/column-table.js';
import { countLabels, syntheticFeatures, viaJSONString } from '../helpers.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const abcd = {
  rules: [
    { name: 'A', when: 'monetary >= 1000 and recency_days <= 90' },
    { name: 'B', when: 'monetary >= 250 or frequency >= 5' },
    { name: 'C', when: "has_transactions = 1 and region in ('north', 'east')" },
  ],
  defaultClass: 'D',
};

const table: ColumnTable = {
  monetary: new Float64Array([2000, 2000, 300, 10, 10, 10, 0]),
  recency_days: new Float64Array([30, 200, 5, 5, 5, NaN, NaN]),
  frequency: new Float64Array([10, 10, 1, 6, 1, 1, 0]),
  has_transactions: new Float64Array([1, 1, 1, 1, 1, 1, 0]),
  region: ['south', 'south', 'north', 'north', 'east', null, 'north'],
};

describe('RuleClassifier', () => {
  it('takes the first matching rule, else the default class', () => {
    const model = new RuleClassifier(abcd).fit(table);
    expect(model.predict(table)).toEqual(['A', 'B', 'B', 'B', 'C', 'D', 'D']);
    expect(model.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(model.state.columns).toEqual({
      monetary: 'number',
      recency_days: 'number',
      frequency: 'number',
      has_transactions: 'number',
      region: 'text',
    });
  });

  it('does not match not(...) on a missing value (SQL semantics)', () => {
    const model = new RuleClassifier({
      rules: [{ name: 'recent', when: 'not (recency_days > 90)' }],
    }).fit(table);
    expect(model.predict(table)).toEqual([
      'recent',
      'other',
      'recent',
      'recent',
      'recent',
      'other',
      'other',
    ]);
    expect(model.classes).toEqual(['recent', 'other']);
  });

  it('puts every synthetic customer in exactly one class, the brute-force one', () => {
    const features = syntheticFeatures(2000, 3);
    const model = new RuleClassifier(abcd).fit(features);
    const labels = model.predict(features);
    const m = features.monetary as Float64Array;
    const r = features.recency_days as Float64Array;
    const f = features.frequency as Float64Array;
    const h = features.has_transactions as Float64Array;
    const region = features.region as (string | null)[];
    labels.forEach((label, i) => {
      const expected =
        m[i]! >= 1000 && r[i]! <= 90
          ? 'A'
          : m[i]! >= 250 || f[i]! >= 5
            ? 'B'
            : h[i] === 1 && (region[i] === 'north' || region[i] === 'east')
              ? 'C'
              : 'D';
      expect(label).toBe(expected);
    });
    const counts = countLabels(labels);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    for (const label of counts.keys()) expect(model.classes).toContain(label);
  });

  it('round-trips through JSON with identical predictions', () => {
    const features = syntheticFeatures(500, 4);
    const model = new RuleClassifier(abcd).fit(features);
    const restored = RuleClassifier.fromJSON(viaJSONString(model.toJSON()));
    expect(restored.params).toEqual(model.params);
    expect(restored.predict(features)).toEqual(model.predict(features));
    expect(RuleClassifier.fromJSON(JSON.stringify(model)).classes).toEqual(model.classes);
    expect(restored.parsedRules.map((rule) => rule.expr)).toEqual(
      model.parsedRules.map((rule) => rule.expr),
    );
  });

  it('allows several rules per class and a default that is also a rule name', () => {
    const model = new RuleClassifier({
      rules: [
        { name: 'big', when: 'monetary >= 1000' },
        { name: 'small', when: 'monetary < 100' },
        { name: 'big', when: 'frequency >= 6' },
      ],
      defaultClass: 'small',
    }).fit(table);
    expect(model.classes).toEqual(['big', 'small']);
    expect(model.predict(table)).toEqual([
      'big',
      'big',
      'small',
      'small',
      'small',
      'small',
      'small',
    ]);
  });

  it('reports syntax errors at construction, naming rule and position', () => {
    const error = errorOf(
      () => new RuleClassifier({ rules: [{ name: 'A', when: 'monetary >> 5' }] }),
    );
    expect(error).toBeInstanceOf(RuleSyntaxError);
    expect(isCohortlabError(error, 'INVALID_RULE')).toBe(true);
    expect((error as RuleSyntaxError).rule).toBe('A');
    expect((error as RuleSyntaxError).position).toBe(11);
  });

  it('reports unknown columns and type mismatches at fit and predict', () => {
    const unknown = errorOf(() =>
      new RuleClassifier({ rules: [{ name: 'A', when: 'spend > 5' }] }).fit(table),
    );
    expect(isCohortlabError(unknown, 'UNKNOWN_FEATURE')).toBe(true);
    expect((unknown as Error).message).toContain('rule "A"');
    expect((unknown as { column?: string }).column).toBe('spend');
    const typed = errorOf(() =>
      new RuleClassifier({ rules: [{ name: 'A', when: 'region > 5' }] }).fit(table),
    );
    expect(isCohortlabError(typed, 'INVALID_RULE')).toBe(true);
    const model = new RuleClassifier(abcd).fit(table);
    const withoutRegion = Object.fromEntries(
      Object.entries(table).filter(([name]) => name !== 'region'),
    );
    expect(
      isCohortlabError(
        errorOf(() => model.predict(withoutRegion)),
        'UNKNOWN_FEATURE',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new RuleClassifier(abcd).predict(table)),
        'NOT_FITTED',
      ),
    ).toBe(true);
    const json = model.toJSON();
    expect(
      isCohortlabError(
        errorOf(() => RuleClassifier.fromJSON({ ...json, state: { columns: { x: 'date' } } })),
        'INVALID_MODEL',
      ),
    ).toBe(true);
  });
});

describe('ruleSetFromJSON', () => {
  it('accepts an array of {name, when} or an object with rules and defaultClass', () => {
    const array = JSON.parse(
      '[{"name":"A","when":"monetary > 1","description":"ignored"}]',
    ) as unknown;
    expect(ruleSetFromJSON(array)).toEqual({
      rules: [{ name: 'A', when: 'monetary > 1' }],
      defaultClass: undefined,
    });
    expect(ruleSetFromJSON(array, 'Z').defaultClass).toBe('Z');
    const object = { rules: [{ name: 'A', when: 'monetary > 1' }], defaultClass: 'rest' };
    expect(ruleSetFromJSON(object)).toEqual(object);
    expect(ruleSetFromJSON(object, 'Z').defaultClass).toBe('Z');
    const model = new RuleClassifier(ruleSetFromJSON(object)).fit(table);
    expect(model.classes).toEqual(['A', 'rest']);
  });

  it('rejects malformed rule sets with INVALID_RULE', () => {
    const bad: unknown[] = [
      'A: x > 1',
      { rules: 'x' },
      [{ when: 'x > 1' }],
      [{ name: '', when: 'x > 1' }],
      [{ name: 'A' }],
      [{ name: 'A', when: 5 }],
      { rules: [], defaultClass: 3 },
      [null],
    ];
    for (const value of bad)
      expect(
        isCohortlabError(
          errorOf(() => ruleSetFromJSON(value)),
          'INVALID_RULE',
        ),
      ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new RuleClassifier({ rules: [], defaultClass: '' })),
        'INVALID_OPTION',
      ),
    ).toBe(true);
  });
});

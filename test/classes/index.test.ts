import { describe, expect, it } from 'vitest';
import * as classes from '../../src/classes/index.js';

describe('src/classes public API', () => {
  it('exports the schemes, the rule language and the summaries', () => {
    for (const name of [
      'RfmScorer',
      'ValueTiers',
      'Lifecycle',
      'RuleClassifier',
      'ruleSetFromJSON',
      'parseRuleExpression',
      'formatRuleExpression',
      'referencedColumns',
      'checkRuleExpression',
      'compileRuleExpression',
      'RuleSyntaxError',
      'classSummary',
      'formatClassSummary',
      'scoreEdges',
      'segmentGrid',
      'DEFAULT_RFM_SEGMENTS',
      'LIFECYCLE_CLASSES',
    ]) {
      expect(classes, name).toHaveProperty(name);
    }
  });

  it('works end to end: every scheme gives every customer one of its classes', () => {
    const table = {
      customer_id: ['a', 'b', 'c', 'd'],
      recency_days: new Float64Array([5, 50, 400, NaN]),
      frequency: new Float64Array([8, 2, 1, 0]),
      monetary: new Float64Array([900, 120, 20, 0]),
      tenure_days: new Float64Array([700, 100, 400, NaN]),
      mean_days_between_orders: new Float64Array([30, 50, NaN, NaN]),
      has_transactions: new Float64Array([1, 1, 1, 0]),
    };
    const schemes = [
      new classes.RfmScorer(),
      new classes.ValueTiers(),
      new classes.Lifecycle(),
      new classes.RuleClassifier({ rules: [{ name: 'big', when: 'monetary > 500' }] }),
    ];
    for (const scheme of schemes) {
      const labels = scheme.fit(table).predict(table);
      expect(labels).toHaveLength(4);
      for (const label of labels) expect(scheme.classes).toContain(label);
      const rows = classes.classSummary(table, labels, { classes: scheme.classes });
      expect(rows.reduce((s, row) => s + row.customers, 0)).toBe(4);
    }
  });
});

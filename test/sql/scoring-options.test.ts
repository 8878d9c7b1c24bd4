import { describe, expect, it } from 'vitest';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { DecisionTreeClassifier } from '../../src/classify/tree/decision-tree.js';
import { KMeans } from '../../src/cluster/kmeans/kmeans.js';
import { matrixFromTable } from '../../src/cluster/kmeans/matrix.js';
import { MinMaxScaler } from '../../src/preprocess/min-max-scaler.js';
import { Pipeline } from '../../src/preprocess/pipeline.js';
import {
  clickhouseDialect,
  scaledFeaturesSql,
  scoringColumns,
  scoringSql,
  type ScoringParts,
  type SqlFeatureConfig,
} from '../../src/sql/index.js';

const config: SqlFeatureConfig = {
  asOf: '2024-07-01',
  columns: { customerId: 'id', date: 'day', amount: 'amount' },
};
const table = {
  recency_days: Float64Array.from([1, 5, 30, 90, 200, 400]),
  frequency: Float64Array.from([9, 5, 3, 2, 1, 1]),
  monetary: Float64Array.from([900, 400, 120, 60, 20, 5]),
  has_transactions: Float64Array.from([1, 1, 1, 1, 1, 1]),
};

describe('scoringSql options and checks', () => {
  it('lists its columns: customer_id, features, classes, clusters, tree', () => {
    const kmeans = new KMeans({ k: 2, seed: 1 }).fit(
      matrixFromTable(table, ['recency_days', 'monetary']),
    );
    const parts: ScoringParts = {
      features: { ...config, windows: [30] },
      rfm: new RfmScorer().fit(table),
      kmeans,
      tree: new DecisionTreeClassifier().fit(table, ['a', 'a', 'a', 'b', 'b', 'b'], {
        features: ['monetary'],
      }),
    };
    expect(scoringColumns(parts)).toEqual([
      'customer_id',
      'recency_days',
      'frequency',
      'monetary',
      'monetary_mean',
      'tenure_days',
      'mean_days_between_orders',
      'frequency_30d',
      'monetary_30d',
      'has_transactions',
      'first_purchase',
      'last_purchase',
      'rfm_r',
      'rfm_f',
      'rfm_m',
      'rfm_fm',
      'rfm_cell',
      'rfm_segment',
      'cluster',
      'cluster_name',
      'cluster_distance',
      'tree_class',
    ]);
  });

  it('writes a one-leaf tree as its class (no `WHEN TRUE`, which old ClickHouse lacks)', () => {
    const tree = new DecisionTreeClassifier().fit(table, [
      'only',
      'only',
      'only',
      'only',
      'only',
      'only',
    ]);
    const { sql } = scoringSql(
      { features: config, tree, treeOutput: 'segment' },
      { dialect: clickhouseDialect, table: 'tx', columns: ['segment'] },
    );
    expect(sql).toContain("'only' AS `segment`");
    expect(sql).not.toContain('TRUE');
  });

  it('refuses columns the query does not compute', () => {
    const tree = new DecisionTreeClassifier().fit({ region_code: Float64Array.from([1, 2]) }, [
      'a',
      'b',
    ]);
    expect(() => scoringSql({ features: config, tree }, { table: 'tx' })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FEATURE', column: 'region_code' }),
    );
    expect(() =>
      scoringSql({ features: config }, { table: 'tx', columns: ['value_tier'] }),
    ).toThrow(expect.objectContaining({ code: 'UNKNOWN_FEATURE' }));
  });

  it('refuses scaling steps it cannot write', () => {
    const scaler = new Pipeline([['minmax', new MinMaxScaler({ columns: ['monetary'] })]]).fit(
      table,
    );
    expect(() => scaledFeaturesSql(scaler, ['monetary'], clickhouseDialect)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('escapes ClickHouse identifiers and strings, and nests least()', () => {
    expect(clickhouseDialect.quoteIdentifier('a`b\\c')).toBe('`a\\`b\\\\c`');
    expect(clickhouseDialect.stringLiteral("it's \\n")).toBe("'it\\'s \\\\n'");
    expect(clickhouseDialect.least(['a', 'b', 'c'])).toBe('least(least(a, b), c)');
    expect(clickhouseDialect.numberLiteral(123456789012345680000)).toBe('123456789012345680000e0');
    expect(clickhouseDialect.numberLiteral(-0.5)).toBe('-0.5');
  });
});

import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { Log1p } from '../../src/preprocess/log1p.js';
import { Pipeline } from '../../src/preprocess/pipeline.js';
import { transformerFromJSON } from '../../src/preprocess/registry.js';
import { SignedLog1p } from '../../src/preprocess/signed-log1p.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';
import { duckdbDialect } from '../../src/sql/dialects/duckdb.js';
import { scaledFeaturesSql } from '../../src/sql/clusters.js';
import { getNumeric } from '../../src/table/column-table.js';
import { expectClose, numericTable } from './helpers.js';

// Net spend with refunds: −504 and −1 have no log1p; the signed log takes every real value.
const MONEY = [-504, -1, -0.5, 0, 0.5, 1, 99, 1e6];
// sign(x)·ln(1 + |x|), written out with Math.log (not the code's log1p).
const expected = MONEY.map((x) => Math.sign(x) * Math.log(1 + Math.abs(x)));

describe('SignedLog1p', () => {
  it('computes sign(x)·log(1 + |x|), equal to log1p for x ≥ 0 and mirrored below', () => {
    const table = numericTable({ m: MONEY });
    const out = getNumeric(new SignedLog1p().fit(table).transform(table), 'm');
    expectClose(out, expected, 1e-12);
    // Bit-identical to Log1p where Log1p is defined: CDNOW-like data is unchanged.
    const positive = numericTable({ m: MONEY.filter((x) => x >= 0) });
    expect(
      Array.from(getNumeric(new SignedLog1p().fit(positive).transform(positive), 'm')),
    ).toEqual(Array.from(getNumeric(new Log1p().fit(positive).transform(positive), 'm')));
    // Returners stay apart: −504 and −1 differ (clipping at 0 would merge them).
    expect(out[0]).toBeLessThan(out[1] as number);
    expect(
      Number.isNaN(
        getNumeric(
          new SignedLog1p().fit(numericTable({ m: [null] })).transform(numericTable({ m: [null] })),
          'm',
        )[0],
      ),
    ).toBe(true);
  });

  it('inverts exactly enough, and survives JSON inside a pipeline', () => {
    const table = numericTable({ m: MONEY, r: [1, 2, 3, 4, 5, 6, 7, 8] });
    const t = new SignedLog1p({ columns: ['m'] }).fit(table);
    expectClose(getNumeric(t.inverseTransform(t.transform(table)), 'm'), MONEY, 1e-9);
    const pipe = new Pipeline([
      ['signed-log', new SignedLog1p({ columns: ['m'] })],
      ['scale', new StandardScaler({ columns: ['m', 'r'] })],
    ]).fit(table);
    const json = JSON.parse(JSON.stringify(pipe.toJSON())) as unknown;
    const restored = Pipeline.fromJSON(json);
    expect(Array.from(getNumeric(restored.transform(table), 'm'))).toEqual(
      Array.from(getNumeric(pipe.transform(table), 'm')),
    );
    expect((transformerFromJSON(t.toJSON()) as SignedLog1p).toJSON()).toEqual(t.toJSON());
    expect(t.toJSON()).toMatchObject({ type: 'SignedLog1p', state: { columns: ['m'] } });
  });

  it('is written as SQL that DuckDB evaluates to the same values', async () => {
    const table = numericTable({ m: MONEY });
    const pipe = new Pipeline([
      ['signed-log', new SignedLog1p({ columns: ['m'] })],
      ['scale', new StandardScaler({ columns: ['m'] })],
    ]).fit(table);
    const [expression] = scaledFeaturesSql(pipe, ['m'], duckdbDialect);
    const engine = await Engine.open({ threads: 1 });
    try {
      const values = MONEY.map((x, i) => `(${i}, CAST(${x} AS DOUBLE))`).join(', ');
      const out = await engine.columns(
        `SELECT ${expression as string} AS s FROM (VALUES ${values}) AS t(i, m) ORDER BY i`,
      );
      expectClose(getNumeric(out, 's'), getNumeric(pipe.transform(table), 'm'), 1e-12);
    } finally {
      engine.close();
    }
  });
});

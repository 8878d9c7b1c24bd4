import { describe, expect, it } from 'vitest';
import { OneHotEncoder } from '../../src/preprocess/one-hot-encoder.js';
import { isInvertible } from '../../src/preprocess/transformer.js';
import {
  expectClose,
  expectError,
  expectSameTable,
  f64,
  fixture,
  snapshot,
  viaJSON,
  wholesale,
} from './helpers.js';

interface OneHotFixture {
  categories: Record<string, (string | null)[]>;
  featureNamesOut: string[];
  output: Record<string, number[]>;
}

describe('OneHotEncoder', () => {
  it('replaces a text column by sorted 0/1 indicator columns in place', () => {
    const table = {
      id: f64([1, 2, 3, 4]),
      color: ['red', 'blue', 'red', 'green'],
      n: f64([5, 6, 7, 8]),
    };
    const before = snapshot(table);
    const encoder = new OneHotEncoder().fit(table);
    expect(encoder.categories).toEqual([['blue', 'green', 'red']]);
    const out = encoder.transform(table);
    expect(Object.keys(out)).toEqual(['id', 'color=blue', 'color=green', 'color=red', 'n']);
    expect(encoder.featureNamesOut).toEqual(Object.keys(out));
    expectClose(out['color=blue'], [0, 1, 0, 0]);
    expectClose(out['color=green'], [0, 0, 0, 1]);
    expectClose(out['color=red'], [1, 0, 1, 0]);
    expect(out['id']).toBe(table.id);
    expectSameTable(table, before);
  });

  it('treats null as a category of its own when seen at fit, placed last', () => {
    const table = { c: ['b', null, 'a'] };
    const encoder = new OneHotEncoder().fit(table);
    expect(encoder.featureNamesOut).toEqual(['c=a', 'c=b', 'c=null']);
    const out = encoder.transform({ c: [null, 'a'] });
    expectClose(out['c=null'], [1, 0]);
    expectClose(out['c=a'], [0, 1]);
  });

  it('refuses an unknown category by default, naming column and row', () => {
    const encoder = new OneHotEncoder().fit({ c: ['x', 'y'] });
    const error = expectError(
      () => encoder.transform({ c: ['x', 'z', 'y', 'z'] }),
      'INVALID_INPUT',
      {
        column: 'c',
        row: 2,
      },
    );
    expect(error.count).toBe(2);
    expect(error.message).toContain('"z"');
    // null not seen at fit is unknown too.
    expectError(() => encoder.transform({ c: ['x', null] }), 'INVALID_INPUT', {
      column: 'c',
      row: 2,
    });
  });

  it("encodes unknown categories as all zeros with handleUnknown 'ignore'", () => {
    const encoder = new OneHotEncoder({ handleUnknown: 'ignore' }).fit({ c: ['x', 'y'] });
    const out = encoder.transform({ c: ['z', 'y', null] });
    expectClose(out['c=x'], [0, 0, 0]);
    expectClose(out['c=y'], [0, 1, 0]);
  });

  it('encodes only the chosen text columns', () => {
    const table = { a: ['p', 'q'], b: ['r', 's'] };
    const out = new OneHotEncoder({ columns: ['b'] }).fit(table).transform(table);
    expect(Object.keys(out)).toEqual(['a', 'b=r', 'b=s']);
    expect(out['a']).toBe(table.a);
  });

  it('refuses output names that would clash', () => {
    expectError(() => new OneHotEncoder().fit({ c: ['null', null] }), 'INVALID_INPUT', {
      column: 'c=null',
    });
    expectError(() => new OneHotEncoder().fit({ c: ['x'], 'c=x': f64([1]) }), 'INVALID_INPUT', {
      column: 'c=x',
    });
  });

  it('has no inverse', () => {
    expect(isInvertible(new OneHotEncoder())).toBe(false);
  });

  it('survives a JSON round trip exactly', () => {
    const { text, numeric } = wholesale();
    const table = { ...text, ...numeric };
    const encoder = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(table);
    const restored = OneHotEncoder.fromJSON(viaJSON(encoder));
    expect(restored.params).toEqual(encoder.params);
    expect(restored.categories).toEqual(encoder.categories);
    expect(restored.featureNamesOut).toEqual(encoder.featureNamesOut);
    expectSameTable(restored.transform(table), encoder.transform(table));
  });

  it('matches scikit-learn on Channel, Region and a Region with missing values', () => {
    const { text } = wholesale();
    const sk = fixture<OneHotFixture>('one-hot-encoder.json');
    const encoder = new OneHotEncoder().fit(text);
    expect(encoder.categories).toEqual([
      sk.categories['Channel'],
      sk.categories['Region'],
      sk.categories['RegionMissing'],
    ]);
    expect(encoder.featureNamesOut).toEqual(sk.featureNamesOut);
    const out = encoder.transform(text);
    expect(Object.keys(out)).toEqual(sk.featureNamesOut);
    for (const name of sk.featureNamesOut) expectClose(out[name], sk.output[name]!, 0);
  });

  it('reports errors with stable codes', () => {
    expectError(() => new OneHotEncoder({ handleUnknown: 'skip' } as never), 'INVALID_OPTION');
    expectError(() => new OneHotEncoder().transform({ c: ['x'] }), 'NOT_FITTED');
    expectError(() => new OneHotEncoder({ columns: ['n'] }).fit({ n: f64([1]) }), 'INVALID_INPUT', {
      column: 'n',
    });
    expectError(
      () => new OneHotEncoder().fit({ c: ['x'] }).transform({ d: ['x'] }),
      'UNKNOWN_FEATURE',
      {
        column: 'c',
      },
    );
    const json = new OneHotEncoder().fit({ c: ['x'] }).toJSON();
    expectError(
      () =>
        OneHotEncoder.fromJSON({
          ...json,
          state: { ...(json.state as object), categories: [[1]] },
        }),
      'INVALID_MODEL',
    );
  });
});

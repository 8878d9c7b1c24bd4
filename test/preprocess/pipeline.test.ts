import { describe, expect, it } from 'vitest';
import {
  Log1p,
  MinMaxScaler,
  OneHotEncoder,
  Pipeline,
  RobustScaler,
  SimpleImputer,
  StandardScaler,
  Winsorizer,
  registerTransformer,
  registeredTransformerTypes,
  transformerFromJSON,
} from '../../src/preprocess/index.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type ModelJSON,
  type TableTransformer,
} from '../../src/model/estimator.js';
import type { ColumnTable } from '../../src/table/column-table.js';
import {
  SPEND,
  expectClose,
  expectError,
  expectSameTable,
  f64,
  maxScaledDiff,
  snapshot,
  viaJSON,
  wholesale,
} from './helpers.js';

/** A minimal third-party transformer: adds a learned constant (the first value) to column x. */
class Shift implements TableTransformer<{ readonly by: number }> {
  readonly params: { readonly by: number };
  #offset: number | undefined;
  constructor(params: { by: number }) {
    this.params = params;
  }
  get isFitted(): boolean {
    return this.#offset !== undefined;
  }
  get featureNamesOut(): readonly string[] {
    return ['x'];
  }
  fit(table: ColumnTable): this {
    this.#offset = (table['x'] as Float64Array)[0]! + this.params.by;
    return this;
  }
  transform(table: ColumnTable): ColumnTable {
    const offset = requireFitted(this.#offset, 'Shift');
    return { x: (table['x'] as Float64Array).map((v) => v + offset) };
  }
  toJSON(): ModelJSON {
    return modelJSON(
      'Shift',
      1,
      { by: this.params.by },
      { offset: requireFitted(this.#offset, 'Shift') },
    );
  }
  static fromJSON(json: unknown): Shift {
    const model = readModelJSON<{ by: number }, { offset: number }>(json, 'Shift', 1);
    const shift = new Shift(model.params);
    shift.#offset = model.state.offset;
    return shift;
  }
}

describe('Pipeline', () => {
  it('fits each step on the output of the previous one (hand-computed)', () => {
    // impute (median of 1, 3, 7 = 3) → log1p → standardize.
    const table = { id: ['a', 'b', 'c', 'd'], x: f64([1, null, 3, 7]) };
    const before = snapshot(table);
    const pipeline = new Pipeline([
      ['impute', new SimpleImputer()],
      ['log', new Log1p()],
      ['scale', new StandardScaler()],
    ]).fit(table);
    const logged = [1, 3, 3, 7].map((v) => Math.log1p(v));
    const m = logged.reduce((s, v) => s + v, 0) / 4;
    const sd = Math.sqrt(logged.reduce((s, v) => s + (v - m) ** 2, 0) / 4);
    const out = pipeline.transform(table);
    expect(Object.keys(out)).toEqual(['id', 'x']);
    expect(out['id']).toBe(table.id);
    expectClose(
      out['x'],
      logged.map((v) => (v - m) / sd),
    );
    expectSameTable(table, before);
  });

  it('transforms like chaining the fitted steps by hand', () => {
    const { numeric } = wholesale();
    const w = new Winsorizer();
    const r = new RobustScaler();
    const pipeline = new Pipeline([
      ['clip', w],
      ['scale', r],
    ]).fit(numeric);
    expect(pipeline.step('clip')).toBe(w);
    expectSameTable(pipeline.transform(numeric), r.transform(w.transform(numeric)));
  });

  it('inverts in reverse order to 1e-12 when every step can', () => {
    const { numeric } = wholesale();
    const pipeline = new Pipeline([
      ['log', new Log1p()],
      ['standard', new StandardScaler()],
      ['minmax', new MinMaxScaler({ featureRange: [-1, 1] })],
    ]).fit(numeric);
    const back = pipeline.inverseTransform(pipeline.transform(numeric));
    for (const name of SPEND) {
      expect(maxScaledDiff(back[name] as Float64Array, numeric[name] as Float64Array)).toBeLessThan(
        1e-12,
      );
    }
  });

  it('refuses to invert through a step without an inverse', () => {
    const { numeric } = wholesale();
    const pipeline = new Pipeline([
      ['impute', new SimpleImputer()],
      ['scale', new StandardScaler()],
    ]).fit(numeric);
    const error = expectError(() => pipeline.inverseTransform(numeric), 'INVALID_OPTION');
    expect(error.message).toContain('impute');
  });

  it('reports the last step’s feature names', () => {
    const { numeric, text } = wholesale();
    const table = { ...text, ...numeric };
    const pipeline = new Pipeline([
      ['scale', new StandardScaler()],
      ['encode', new OneHotEncoder({ columns: ['Channel'] })],
    ]).fit(table);
    expect(pipeline.featureNamesOut).toEqual([
      'Channel=1',
      'Channel=2',
      'Region',
      'RegionMissing',
      ...SPEND,
    ]);
    expect(Object.keys(pipeline.transform(table))).toEqual(pipeline.featureNamesOut);
  });

  it('survives a JSON round trip exactly, every transformer type and a nested pipeline', () => {
    const { numeric, text } = wholesale();
    const table = { ...text, ...numeric };
    const pipeline = new Pipeline([
      ['impute', new SimpleImputer({ strategy: 'constant', fillValue: 'missing' })],
      ['encode', new OneHotEncoder()],
      ['clip', new Winsorizer({ columns: SPEND })],
      [
        'spend',
        new Pipeline([
          ['log', new Log1p({ columns: SPEND })],
          ['robust', new RobustScaler({ columns: SPEND })],
        ]),
      ],
      ['standard', new StandardScaler({ columns: ['Fresh', 'Milk'] })],
      ['minmax', new MinMaxScaler({ columns: ['Grocery'] })],
      ['mean', new SimpleImputer({ strategy: 'mean', columns: ['Frozen'] })],
    ]).fit(table);
    const json = viaJSON(pipeline);
    const restored = Pipeline.fromJSON(json);
    expect(restored.steps.map(([name]) => name)).toEqual(pipeline.steps.map(([name]) => name));
    expect(restored.featureNamesOut).toEqual(pipeline.featureNamesOut);
    expectSameTable(restored.transform(table), pipeline.transform(table));
    // The generic reader dispatches on the type field, to the same result.
    expectSameTable(
      transformerFromJSON(JSON.stringify(json)).transform(table),
      pipeline.transform(table),
    );
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(json));
  });

  it('restores registered third-party steps, and refuses unregistered ones', () => {
    const table = { x: f64([1, 2]) };
    const pipeline = new Pipeline([
      ['shift', new Shift({ by: 10 })],
      ['scale', new MinMaxScaler()],
    ]).fit(table);
    const json = viaJSON(pipeline);
    expectError(() => Pipeline.fromJSON(json), 'INVALID_MODEL');
    registerTransformer('Shift', (j) => Shift.fromJSON(j));
    expect(registeredTransformerTypes()).toContain('Shift');
    expectSameTable(Pipeline.fromJSON(json).transform(table), pipeline.transform(table));
    expectError(() => registerTransformer('Shift', (j) => Shift.fromJSON(j)), 'INVALID_OPTION');
    registerTransformer('Shift', (j) => Shift.fromJSON(j), { replace: true });
    expectError(() => registerTransformer('', (j) => Shift.fromJSON(j)), 'INVALID_OPTION');
  });

  it('lists the built-in types in the registry', () => {
    expect(registeredTransformerTypes()).toEqual(
      expect.arrayContaining([
        'SimpleImputer',
        'Log1p',
        'Winsorizer',
        'StandardScaler',
        'MinMaxScaler',
        'RobustScaler',
        'OneHotEncoder',
        'Pipeline',
      ]),
    );
  });

  it('reports errors with stable codes', () => {
    const table = { x: f64([1, 2]) };
    expectError(() => new Pipeline([]), 'INVALID_OPTION');
    expectError(
      () =>
        new Pipeline([
          ['a', new StandardScaler()],
          ['a', new MinMaxScaler()],
        ]),
      'INVALID_OPTION',
    );
    const scaler = new StandardScaler();
    expectError(
      () =>
        new Pipeline([
          ['a', scaler],
          ['b', scaler],
        ]),
      'INVALID_OPTION',
    );
    expectError(() => new Pipeline([['a', {} as never]]), 'INVALID_OPTION');
    expectError(() => new Pipeline([['', new StandardScaler()]]), 'INVALID_OPTION');
    const pipeline = new Pipeline([['scale', new StandardScaler()]]);
    expect(pipeline.isFitted).toBe(false);
    expectError(() => pipeline.transform(table), 'NOT_FITTED');
    expectError(() => pipeline.toJSON(), 'NOT_FITTED');
    expectError(() => pipeline.featureNamesOut, 'NOT_FITTED');
    expectError(() => pipeline.step('nope'), 'INVALID_OPTION');
    expect(pipeline.fit(table).isFitted).toBe(true);
    expectError(
      () => Pipeline.fromJSON({ ...pipeline.toJSON(), state: { steps: [{ model: {} }] } }),
      'INVALID_MODEL',
    );
    const saved = pipeline.toJSON();
    expectError(
      () => Pipeline.fromJSON({ ...saved, params: { steps: ['other'] } }),
      'INVALID_MODEL',
    );
    expectError(() => transformerFromJSON({ type: 'Nope' }), 'INVALID_MODEL');
    expectError(() => transformerFromJSON(42), 'INVALID_MODEL');
  });
});

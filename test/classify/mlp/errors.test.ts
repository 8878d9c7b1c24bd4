import { describe, expect, it } from 'vitest';
import { MLPClassifier } from '../../../src/classify/mlp/index.js';

const table = {
  a: Float64Array.from([1, 2, 3, 4, 5, 6]),
  b: Float64Array.from([0, 1, 0, 1, 0, 1]),
  name: ['p', 'q', 'r', 's', 't', 'u'],
};
const labels = ['x', 'x', 'x', 'y', 'y', 'y'];
const quick = { epochs: 2 };

describe('MLPClassifier refuses bad input', () => {
  it('names an unknown feature', async () => {
    await expect(
      new MLPClassifier(quick).fit(table, labels, { features: ['a', 'nope'] }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_FEATURE', column: 'nope' });
  });

  it('refuses a text feature and a target with a single class', async () => {
    await expect(
      new MLPClassifier(quick).fit(table, labels, { features: ['name'] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', column: 'name' });
    await expect(
      new MLPClassifier(quick).fit(
        table,
        labels.map(() => 'x'),
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/single class "x"/),
    });
  });

  it('names the column and row of a NaN feature value, at fit and at predict', async () => {
    const withNaN = { ...table, b: Float64Array.from([0, 1, NaN, 1, NaN, 1]) };
    await expect(new MLPClassifier(quick).fit(withNaN, labels)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      column: 'b',
      row: 3,
      count: 2,
    });
    const mlp = await new MLPClassifier(quick).fit(table, labels);
    expect(mlp.featureNames).toEqual(['a', 'b']); // numeric columns only
    expect(() => mlp.predict(withNaN)).toThrow(expect.objectContaining({ column: 'b', row: 3 }));
    expect(() => mlp.predict({ a: table.a })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FEATURE', column: 'b' }),
    );
    const infinite = { ...table, a: Float64Array.from([1, 2, 3, 4, Infinity, 6]) };
    expect(() => mlp.predictProba(infinite)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', column: 'a', row: 5 }),
    );
  });

  it('checks target, weights and class weights', async () => {
    await expect(new MLPClassifier(quick).fit(table, ['x', 'y'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      new MLPClassifier(quick).fit(table, labels, { sampleWeight: [1, 1, -1, 1, 1, 1] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', row: 3 });
    await expect(
      new MLPClassifier({ ...quick, classWeight: { z: 2 } }).fit(table, labels),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      new MLPClassifier(quick).fit(table, labels, { sampleWeight: [0, 0, 0, 0, 0, 0] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses bad options and use before fit', () => {
    for (const options of [
      { hiddenLayers: [0] },
      { activation: 'sigmoid' },
      { learningRate: 0 },
      { validationFraction: 1 },
      { epochs: 1.5 },
      { seed: 0.5 },
      { backend: 'webgl' },
      { classWeight: { x: -1 } },
      { hiddenLayer: [3] },
    ]) {
      expect(() => new MLPClassifier(options as never), JSON.stringify(options)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
    const mlp = new MLPClassifier();
    expect(mlp.isFitted).toBe(false);
    expect(() => mlp.predict(table)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    expect(() => mlp.toJSON()).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    expect(mlp.params).toMatchObject({
      hiddenLayers: [32, 16],
      activation: 'relu',
      learningRate: 0.001,
      epochs: 200,
      batchSize: 32,
      validationFraction: 0.1,
      patience: 10,
      seed: 0,
      backend: 'auto',
    });
  });

  it('refuses damaged JSON', async () => {
    const mlp = await new MLPClassifier(quick).fit(table, labels);
    const json = mlp.toJSON() as unknown as { state: { layers: { weights: number[] }[] } };
    const bad = structuredClone(json);
    bad.state.layers[0]!.weights.pop();
    expect(() => MLPClassifier.fromJSON(bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_MODEL' }),
    );
    const otherShape = {
      ...json,
      params: { ...(json as never as { params: object }).params, hiddenLayers: [4] },
    };
    expect(() => MLPClassifier.fromJSON(otherShape)).toThrow(
      expect.objectContaining({ code: 'INVALID_MODEL' }),
    );
    expect(() => MLPClassifier.fromJSON({ ...json, type: 'KMeans' })).toThrow(
      expect.objectContaining({ code: 'INVALID_MODEL' }),
    );
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { MLPClassifier } from '../../../src/classify/mlp/index.js';
import { loadTensorFlow } from '../../../src/classify/mlp/tf.js';
import { subset, twoMoons } from './helpers.js';

const data = twoMoons(200, 0.2, 9);
const train = subset(data, (i) => i < 150);
const test = subset(data, (i) => i >= 150);
const options = { learningRate: 0.01, epochs: 12, hiddenLayers: [8], seed: 5 };

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything TensorFlow.js or cohortlab wrote to the console while `action` ran. */
async function consoleDuring(action: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const record = (...args: unknown[]): void => {
    lines.push(args.map(String).join(' '));
  };
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation(record);
  }
  await action();
  vi.restoreAllMocks();
  return lines;
}

describe('TensorFlow.js runtime', () => {
  it('loads the wasm backend here, silently', async () => {
    const lines = await consoleDuring(async () => {
      const { tf, backend } = await loadTensorFlow();
      expect(backend).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
    });
    expect(lines).toEqual([]);
  });

  it('leaks no tensors across fit and predict, nor when training diverges', async () => {
    const { tf } = await loadTensorFlow();
    const before = tf.memory().numTensors;
    const mlp = await new MLPClassifier(options).fit(train.table, train.labels);
    mlp.predictProba(test.table);
    expect(mlp.history.backend).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      new MLPClassifier({ ...options, learningRate: 1e30, l2: 0 }).fit(train.table, train.labels),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringMatching(/diverged/) });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains on the cpu backend without the "install tfjs-node" banner', async () => {
    let onCpu: MLPClassifier | undefined;
    const lines = await consoleDuring(async () => {
      onCpu = await new MLPClassifier({ ...options, backend: 'cpu' }).fit(
        train.table,
        train.labels,
      );
    });
    expect(lines).toEqual([]);
    expect(onCpu?.history.backend).toBe('cpu');
    const { tf } = await loadTensorFlow('cpu');
    expect(tf.getBackend()).toBe('cpu');
    // Back on wasm: same seed, same initial weights and batches; sums differ only by rounding.
    const onWasm = await new MLPClassifier(options).fit(train.table, train.labels);
    expect(onWasm.history.backend).toBe('wasm');
    const p = onWasm.predictProba(test.table).probabilities;
    const q = (onCpu as MLPClassifier).predictProba(test.table).probabilities;
    for (let i = 0; i < p.length; i++) expect(Math.abs(p[i]! - q[i]!)).toBeLessThan(1e-3);
  });
});

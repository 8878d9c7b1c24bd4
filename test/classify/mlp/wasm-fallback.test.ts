import { describe, expect, it, vi } from 'vitest';
import { MLPClassifier, WASM_FALLBACK_MESSAGE } from '../../../src/classify/mlp/index.js';
import { loadTensorFlow } from '../../../src/classify/mlp/tf.js';

// A machine where the wasm backend cannot start.
vi.mock('@tensorflow/tfjs-backend-wasm', () => ({
  setWasmPaths: () => {
    throw new Error('no WebAssembly here');
  },
}));

describe("backend 'auto' without wasm", () => {
  it('falls back to cpu with one line, once, and still trains', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const first = await loadTensorFlow();
    expect(first.backend).toBe('cpu');
    const x = Float64Array.from({ length: 40 }, (_, i) => i);
    const labels = Array.from(x, (v) => (v < 20 ? 'a' : 'b'));
    const mlp = await new MLPClassifier({ epochs: 3 }).fit({ x }, labels);
    expect(mlp.history.backend).toBe('cpu');
    expect(warn.mock.calls).toEqual([[WASM_FALLBACK_MESSAGE]]);
    expect(log).not.toHaveBeenCalled();
    await expect(loadTensorFlow('wasm')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    vi.restoreAllMocks();
  });
});

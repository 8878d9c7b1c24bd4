/** The GPU work plan: workgroup size, tiles, strategy and chunks for given device limits. */
import { describe, expect, it } from 'vitest';
import { makePlan, type GpuPlan } from '../../../../src/cluster/kmeans/webgpu/plan.js';

const H100 = { maxBindingBytes: 2 ** 31 - 4, maxWorkgroupBytes: 49152, maxInvocations: 1024 };
const LLVMPIPE = { maxBindingBytes: 2 ** 27, maxWorkgroupBytes: 32768, maxInvocations: 1024 };

describe('makePlan', () => {
  it('10M × 8, k = 8 on an H100: registers, 256 threads, 20 tiles, one chunk', () => {
    const plan = makePlan(10_000_000, 8, 8, H100) as GpuPlan;
    expect(plan.strategy).toBe('registers');
    expect(plan.threads).toBe(256);
    expect(plan.tiles).toBe(Math.ceil(10_000_000 / (256 * 2048)));
    expect(plan.rowsPerGroup).toBe(256 * plan.tiles);
    expect(plan.outputs).toBe(8 * 9 + 2);
    expect(plan.chunkRows).toEqual([10_000_000]);
    expect(plan.groups).toBe(Math.ceil(10_000_000 / plan.rowsPerGroup));
    expect(plan.trials).toBe(2 + Math.floor(Math.log(8)));
  });

  it('50M × 8 under a 128 MiB binding: whole groups per chunk, rows add up', () => {
    const plan = makePlan(50_000_000, 8, 8, LLVMPIPE) as GpuPlan;
    const perChunk = Math.floor(2 ** 27 / 32 / plan.rowsPerGroup) * plan.rowsPerGroup;
    expect(plan.chunkRows.length).toBe(Math.ceil(50_000_000 / perChunk));
    expect(plan.chunkRows.slice(0, -1).every((rows) => rows === perChunk)).toBe(true);
    expect(plan.chunkRows.reduce((a, b) => a + b, 0)).toBe(50_000_000);
  });

  it('forced chunks and the tile strategy with a smaller workgroup for wide rows', () => {
    const plan = makePlan(3000, 32, 4, { ...LLVMPIPE, maxChunkRows: 512 }) as GpuPlan;
    expect(plan.strategy).toBe('tile');
    expect(plan.threads).toBe(128); // 256 × (32 + 4) × 4 bytes exceeds 32 KiB
    expect(plan.chunkRows).toEqual([512, 512, 512, 512, 512, 440]); // 4 groups of 128 rows each
    expect(plan.outputsPerThread).toBe(Math.ceil((4 * 33 + 2) / 128));
  });

  it('refuses what the device cannot hold, with the reason', () => {
    expect(makePlan(1000, 4000, 2, LLVMPIPE)).toMatch(/workgroup memory/);
    expect(makePlan(1000, 2, 2, { ...LLVMPIPE, maxChunkRows: 100 })).toMatch(/does not fit/);
  });
});

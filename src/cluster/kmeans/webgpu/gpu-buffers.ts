/**
 * Small helpers over the WebGPU API: buffer creation, uniform blocks, compute pipelines with
 * error checking, dispatch sizes and read-back. The usage and map-mode numbers are the
 * WebGPU constants, spelled out so that nothing is added to `globalThis`.
 *
 * @module
 */

/** GPUBufferUsage flags. */
export const USAGE = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
  QUERY_RESOLVE: 0x200,
} as const;
const MAP_READ_MODE = 0x1;

/** A storage buffer of `bytes` (rounded up to 4, at least 16), optionally filled from `data`. */
export function storageBuffer(
  device: GPUDevice,
  bytes: number,
  label: string,
  data?: ArrayBufferView,
): GPUBuffer {
  const buffer = device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(bytes / 4) * 4),
    usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
  });
  if (data !== undefined) writeAll(device, buffer, data);
  return buffer;
}

/** Writes `data` at offset 0, in pieces of at most 64 MiB (Dawn copies each write once). */
export function writeAll(device: GPUDevice, buffer: GPUBuffer, data: ArrayBufferView): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const piece = 64 * 1024 * 1024;
  for (let offset = 0; offset < bytes.length; offset += piece) {
    const part = bytes.subarray(offset, Math.min(bytes.length, offset + piece));
    device.queue.writeBuffer(buffer, offset, part);
  }
}

/** A uniform buffer holding the given 32-bit words. */
export function uniformWords(
  device: GPUDevice,
  words: readonly number[],
  label: string,
): GPUBuffer {
  const padded = new Uint32Array(Math.max(4, Math.ceil(words.length / 4) * 4));
  padded.set(words);
  const buffer = device.createBuffer({
    label,
    size: padded.byteLength,
    usage: USAGE.UNIFORM | USAGE.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, padded);
  return buffer;
}

/** Compiled pipelines by device and source: fits of the same shape compile once. */
const compiled = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/**
 * A compute pipeline for `code` (cached per device); rejects with the compiler's messages
 * when the source does not compile.
 */
export function computePipeline(
  device: GPUDevice,
  code: string,
  label: string,
): Promise<GPUComputePipeline> {
  let cache = compiled.get(device);
  if (cache === undefined) {
    cache = new Map();
    compiled.set(device, cache);
  }
  let pipeline = cache.get(code);
  if (pipeline === undefined) {
    pipeline = compile(device, code, label);
    const pipelines = cache; // a const: TypeScript 5.0 (tslab) loses the narrowing in closures
    pipeline.catch(() => pipelines.delete(code));
    pipelines.set(code, pipeline);
  }
  return pipeline;
}

async function compile(
  device: GPUDevice,
  code: string,
  label: string,
): Promise<GPUComputePipeline> {
  // Push and pop with no await between them: concurrent compilations would interleave scopes.
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const pipeline = device.createComputePipeline({
    label,
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const scope = device.popErrorScope();
  const [info, error] = await Promise.all([module.getCompilationInfo(), scope]);
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0 || error !== null) {
    const detail = errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ');
    throw new Error(`WGSL ${label}: ${detail || error?.message || 'invalid pipeline'}`);
  }
  return pipeline;
}

/**
 * A bind group of `pipeline`'s group 0 with the buffers at bindings 0, 1, …; null skips a
 * binding the shader declares but does not use (the automatic layout leaves those out).
 */
export function bindBuffers(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  buffers: readonly (GPUBuffer | null)[],
): GPUBindGroup {
  const entries: GPUBindGroupEntry[] = [];
  buffers.forEach((buffer, binding) => {
    if (buffer !== null) entries.push({ binding, resource: { buffer } });
  });
  return device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
}

/** Workgroup counts for `groups` workgroups within the 65,535-per-dimension limit. */
export function dispatchSize(groups: number): [number, number] {
  const x = Math.min(groups, 65535);
  return [Math.max(1, x), Math.max(1, Math.ceil(groups / 65535))];
}

/** One region of a buffer to read back. */
export interface ReadRegion {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly bytes: number;
}

/**
 * Reads the regions back in one staging copy (after all work submitted so far) and returns
 * each as its own ArrayBuffer.
 */
export async function readBack(
  device: GPUDevice,
  regions: readonly ReadRegion[],
): Promise<ArrayBuffer[]> {
  const offsets: number[] = [];
  let total = 0;
  for (const region of regions) {
    offsets.push(total);
    total += Math.ceil(region.bytes / 4) * 4;
  }
  const staging = device.createBuffer({
    label: 'read-back',
    size: Math.max(16, total),
    usage: USAGE.MAP_READ | USAGE.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  regions.forEach((region, i) => {
    const bytes = Math.ceil(region.bytes / 4) * 4;
    if (bytes > 0) {
      encoder.copyBufferToBuffer(
        region.buffer,
        region.offset,
        staging,
        offsets[i] as number,
        bytes,
      );
    }
  });
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(MAP_READ_MODE);
    const mapped = staging.getMappedRange();
    const copies = regions.map((region, i) => {
      const start = offsets[i] as number;
      return mapped.slice(start, start + region.bytes);
    });
    staging.unmap();
    return copies;
  } finally {
    staging.destroy();
  }
}

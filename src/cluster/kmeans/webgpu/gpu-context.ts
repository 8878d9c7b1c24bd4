/**
 * Finding a WebGPU device for k-means: Dawn through the `webgpu` npm package, loaded lazily so
 * that CPU users never load it. On a machine with a GPU Dawn picks its native backend
 * (Vulkan on Linux); where there is none, it falls back to Dawn's OpenGL ES backend, which
 * runs on Mesa's llvmpipe software rasterizer (this is how the tests run the kernels without a
 * GPU). Every failure — the package's native module missing, no adapter, no device — ends in
 * `undefined` and one line on `console.warn`, never an exception: the caller then runs on the
 * CPU.
 *
 * @module
 */
import type {} from 'webgpu';
import { importOptional, OPTIONAL_PACKAGES } from '../../../util/optional-package.js';
import type { GpuContextOptions } from './gpu-options.js';

export type { GpuContextOptions } from './gpu-options.js';

/** A device and what the k-means kernels need to know about it. */
export interface GpuContext {
  /** The device, with the adapter's buffer-size limits requested. */
  readonly device: GPUDevice;
  /** Adapter description for logs and benchmarks (vendor, architecture, backend). */
  readonly description: string;
  /** Largest storage-buffer binding in bytes: data beyond it is split into chunks. */
  readonly maxBindingBytes: number;
  /** Workgroup memory in bytes. */
  readonly maxWorkgroupBytes: number;
  /** Most invocations per workgroup. */
  readonly maxInvocations: number;
  /** True when the device can time passes with timestamp queries. */
  readonly timestamps: boolean;
}

/** One WebGPU entry point per backend, kept for the life of the process (see below). */
const gpus = new Map<string, GPU>();
let cached: Promise<GpuContext | undefined> | undefined;
const warned = new Set<string>();

/**
 * The process-wide k-means device, created on the first call (later calls share it); or
 * `undefined`, with one `console.warn` line naming why, when WebGPU is unavailable.
 */
export function gpuContext(options: GpuContextOptions = {}): Promise<GpuContext | undefined> {
  if (options.backend !== undefined && options.backend !== 'auto') {
    return openContext(options.backend);
  }
  cached ??= openContext('auto').then((context) => {
    if (context === undefined) cached = undefined; // try again next time (cheap to fail)
    return context;
  });
  return cached;
}

/** Writes the fallback line, once per reason per process (every fit would repeat it). */
export function warnCpuFallback(reason: string): void {
  if (warned.has(reason)) return;
  warned.add(reason);
  console.warn(`cohortlab: KMeans backend 'webgpu' unavailable (${reason}); running on the CPU`);
}

async function openContext(
  backend: 'auto' | 'native' | 'opengles',
): Promise<GpuContext | undefined> {
  let lastReason = 'no WebGPU adapter';
  const order: ('native' | 'opengles')[] = backend === 'auto' ? ['native', 'opengles'] : [backend];
  for (const kind of order) {
    try {
      const context = await tryBackend(kind);
      if (context !== undefined) return context;
      lastReason = `no WebGPU adapter (tried ${order.join(', ')})`;
    } catch (error) {
      lastReason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    }
  }
  warnCpuFallback(lastReason);
  return undefined;
}

async function tryBackend(kind: 'native' | 'opengles'): Promise<GpuContext | undefined> {
  if (kind === 'opengles') {
    // Mesa's EGL needs a platform without a display; read when Dawn first opens EGL, so
    // setting it here, before create(), is enough.
    process.env['EGL_PLATFORM'] ??= 'surfaceless';
  }
  const { create } = await importOptional(OPTIONAL_PACKAGES.webgpu, () => import('webgpu'));
  let gpu = gpus.get(kind);
  if (gpu === undefined) {
    gpu = create(kind === 'opengles' ? ['backend=opengles'] : []);
    // Dawn's event loop touches freed memory once this object is garbage-collected while a
    // device lives (Node segfaults), so it is kept for the life of the process.
    gpus.set(kind, gpu);
  }
  const adapter = await gpu.requestAdapter(
    kind === 'opengles'
      ? { featureLevel: 'compatibility' }
      : { powerPreference: 'high-performance' },
  );
  if (adapter === null) return undefined;
  // Dawn's CPU Vulkan adapters (SwiftShader, lavapipe) are slower than our CPU loops.
  if (kind === 'native' && /swiftshader|llvmpipe|lavapipe/i.test(describe(adapter.info))) {
    return undefined;
  }
  const limits = adapter.limits;
  const requiredLimits = {
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
    maxBufferSize: limits.maxBufferSize,
    maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
    maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
  };
  let timestamps = adapter.features.has('timestamp-query');
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredFeatures: timestamps ? ['timestamp-query'] : [],
      requiredLimits,
    });
  } catch (error) {
    if (!timestamps) throw error;
    // Timestamps are only for benchmarks: a device without them is as good for fitting.
    timestamps = false;
    device = await adapter.requestDevice({ requiredLimits });
  }
  device.lost
    .then(() => {
      cached = undefined;
    })
    .catch(() => undefined);
  return {
    device,
    description: `${describe(adapter.info)} (${kind === 'opengles' ? 'OpenGL ES' : 'native'})`,
    maxBindingBytes: Math.min(
      device.limits.maxStorageBufferBindingSize,
      device.limits.maxBufferSize,
    ),
    maxWorkgroupBytes: device.limits.maxComputeWorkgroupStorageSize,
    maxInvocations: Math.min(
      device.limits.maxComputeInvocationsPerWorkgroup,
      device.limits.maxComputeWorkgroupSizeX,
    ),
    timestamps,
  };
}

function describe(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (part) => typeof part === 'string' && part.length > 0,
  );
  return parts.length > 0 ? parts.join(' ') : 'unnamed adapter';
}

/**
 * The shape of the GPU work for one fit: workgroup size, rows per workgroup, how partial sums
 * are accumulated, and how the rows are split into chunks that each fit one storage binding.
 *
 * Terms used throughout this folder:
 *
 * - a *group* is one workgroup of the assignment kernel: `threads` invocations, each taking
 *   one row of each of `tiles` consecutive tiles of `threads` rows (`rowsPerGroup` rows);
 *   its partial sums are one column of the partials buffer, and in k-means++ its rows are one
 *   sampling block;
 * - a *chunk* is a run of whole groups whose data fits one storage binding; every per-row
 *   buffer (data, weights, labels, seeding distances) is one GPU buffer per chunk;
 * - the *outputs* of a group are k × (d + 1) sums (coordinates and weight per cluster) then
 *   two more: the number of changed labels and the weighted inertia.
 *
 * @module
 */

/** How a group sums its rows per cluster. */
export type AccumulateStrategy = 'registers' | 'tile';

/** The shape of the GPU work of one fit. */
export interface GpuPlan {
  /** Rows. */
  readonly n: number;
  /** Features. */
  readonly d: number;
  /** Clusters. */
  readonly k: number;
  /** Invocations per workgroup (a power of two). */
  readonly threads: number;
  /** Tiles per group. */
  readonly tiles: number;
  /** threads × tiles. */
  readonly rowsPerGroup: number;
  /** Sums per group: k × (d + 1) + 2. */
  readonly outputs: number;
  /**
   * `'registers'`: each invocation keeps all k × (d + 1) sums of its rows in registers (small
   * k × d; no workgroup memory in the loop); `'tile'`: rows are staged in workgroup memory and
   * each invocation sums a few outputs over the whole tile.
   */
  readonly strategy: AccumulateStrategy;
  /** Outputs per invocation with the tile strategy: ⌈outputs / threads⌉. */
  readonly outputsPerThread: number;
  /** Rows of each chunk (all whole groups but the last chunk's). */
  readonly chunkRows: readonly number[];
  /** Groups of all chunks together. */
  readonly groups: number;
  /** k-means++ local trials: 2 + ⌊ln k⌋ (scikit-learn's). */
  readonly trials: number;
}

/** Limits and knobs that shape the plan. */
export interface PlanLimits {
  /** Largest storage binding in bytes. */
  readonly maxBindingBytes: number;
  /** Workgroup memory in bytes. */
  readonly maxWorkgroupBytes: number;
  /** Most invocations per workgroup. */
  readonly maxInvocations: number;
  /** Upper bound on rows per chunk (tests force chunking with it). */
  readonly maxChunkRows?: number;
}

/** Above this many sums per invocation the register strategy spills; the tile one is used. */
export const MAX_REGISTER_OUTPUTS = 96;
/** About this many groups per pass: enough to fill a large GPU, few partial sums to reduce. */
const TARGET_GROUPS = 2048;

/**
 * The plan for n × d data and k clusters, or a reason string when the device cannot run it
 * (too many features for its workgroup memory).
 */
export function makePlan(n: number, d: number, k: number, limits: PlanLimits): GpuPlan | string {
  const outputs = k * (d + 1) + 2;
  const strategy: AccumulateStrategy =
    k * (d + 1) + 2 <= MAX_REGISTER_OUTPUTS ? 'registers' : 'tile';
  // The tile strategy stages d + 3 values and a label per row; both use `threads` floats per
  // output during the workgroup's final reduction, 16 outputs at a time.
  const bytesPerThread = strategy === 'tile' ? (d + 4) * 4 : 16 * 4;
  let threads = Math.min(256, floorPow2(limits.maxInvocations));
  while (threads > 32 && threads * bytesPerThread > limits.maxWorkgroupBytes) threads /= 2;
  if (threads * bytesPerThread > limits.maxWorkgroupBytes) {
    return `${d} features need more workgroup memory than the device's ${limits.maxWorkgroupBytes} bytes`;
  }
  const tiles = Math.max(1, Math.ceil(n / (threads * TARGET_GROUPS)));
  const rowsPerGroup = threads * tiles;
  // Per-row buffers: d floats of data; labels, weights and distances are one word each.
  const bindingRows = Math.floor(limits.maxBindingBytes / (4 * Math.max(d, 1)));
  const limitRows = Math.min(bindingRows, limits.maxChunkRows ?? Infinity);
  const groupsPerChunk = Math.floor(limitRows / rowsPerGroup);
  if (groupsPerChunk < 1) {
    return `a group of ${rowsPerGroup} rows does not fit one chunk of ${limitRows} rows`;
  }
  const chunkRows: number[] = [];
  for (let start = 0; start < n; start += groupsPerChunk * rowsPerGroup) {
    chunkRows.push(Math.min(n - start, groupsPerChunk * rowsPerGroup));
  }
  const groups = chunkRows.reduce((sum, rows) => sum + Math.ceil(rows / rowsPerGroup), 0);
  if (groups * outputs * 8 > limits.maxBindingBytes) {
    return `${groups} groups of ${outputs} partial sums exceed one storage binding`;
  }
  return {
    n,
    d,
    k,
    threads,
    tiles,
    rowsPerGroup,
    outputs,
    strategy,
    outputsPerThread: Math.ceil(outputs / threads),
    chunkRows,
    groups,
    trials: 2 + Math.floor(Math.log(k)),
  };
}

function floorPow2(value: number): number {
  let p = 1;
  while (p * 2 <= value) p *= 2;
  return p;
}

/**
 * WGSL of one Lloyd iteration, generated for the fit's shape (k, d, workgroup size and tiles
 * are compile-time constants, so the loops over clusters and features unroll):
 *
 * 1. `assign` (one dispatch per chunk): each invocation labels its rows with the nearest
 *    centroid (float32 squared distances, the first centroid among exact ties), counts changed
 *    labels, and the workgroup writes its partial sums — per cluster Σ w·x and Σ w, plus the
 *    changed count and Σ w·d² — as one column of the partials buffer. No atomics: every sum
 *    is reduced in a fixed order, so a fit is reproducible on one device.
 * 2. `reduce` (one workgroup per output): adds one output over all groups in double-single
 *    arithmetic (a float32 pair carrying about 44 bits), so summing thousands of group
 *    partials adds no float32 rounding of its own.
 * 3. `update` (one workgroup): new centroids, the squared centroid shift, and the iteration's
 *    bookkeeping in the state buffer — convergence as the CPU path decides it (no label
 *    changed, or shift ≤ tol, or maxIter), or a pause when a cluster came out empty (the host
 *    then re-seeds it exactly as the CPU path does).
 *
 * Every kernel first reads the state's `done` word and its `gate` parameter: gate 1 runs only
 * while the run goes on, gate 2 only once it has finished, gate 0 always. The host submits
 * several iterations at a time followed by the final assignment (gate 2), and reads the
 * state back only after each batch, so convergence costs no per-iteration round trip and a
 * run that converges within its first batch costs one.
 *
 * @module
 */
import type { GpuPlan } from './plan.js';

/** Words of the state buffer, by index. */
export const STATE = {
  /** 0 running, 1 finished, 2 paused: an empty cluster waits for the host. */
  done: 0,
  iterations: 1,
  /** 1 when the run stopped because no label changed. */
  strict: 2,
  converged: 3,
  /** Set by the host after it re-seeded empty clusters in the sums: update proceeds. */
  relocated: 4,
  maxIter: 5,
  /** float32 bits of the absolute tolerance. */
  tol: 6,
  /** float32 bits of the last squared shift. */
  moved: 7,
  size: 16,
} as const;

/** Bytes of a chunk's parameter block: rows, first group, groups, gate, all groups. */
export const CHUNK_PARAMS_BYTES = 32;

function header(plan: GpuPlan): string {
  return `
const D: u32 = ${plan.d}u;
const K: u32 = ${plan.k}u;
const WG: u32 = ${plan.threads}u;
const TILES: u32 = ${plan.tiles}u;
const NOUT: u32 = ${plan.outputs}u;
const G: u32 = ${plan.groups}u;
struct ChunkParams { rows: u32, groupOffset: u32, groups: u32, gate: u32, p0: u32, p1: u32, p2: u32, p3: u32 }
// gate 0: always run; 1: only while the run goes on; 2: only once it has finished.
fn gateSkips(gate: u32, done: u32) -> u32 {
  if (gate == 1u) { return done; }
  if (gate == 2u) { return select(1u, 0u, done == 1u); }
  return 0u;
}
`;
}

/** Shared prologue of the per-chunk kernels: the group's index and the early exit. */
function gatedEntry(stateBinding: string): string {
  return `
  let group = wid.x + wid.y * nwg.x;
  if (group >= params.groups) { return; }
  if (lid == 0u) { gateWord = gateSkips(params.gate, ${stateBinding}[${STATE.done}]); }
  if (workgroupUniformLoad(&gateWord) != 0u) { return; }
  let gid = params.groupOffset + group;`;
}

/** Unrolled distance code up to this many k × d terms; loops above. */
const UNROLL_TERMS = 256;

/** The row's feature t: a register when unrolled, else an element of \`xr\`. */
function xv(plan: GpuPlan, t: number): string {
  return plan.k * plan.d <= UNROLL_TERMS ? `x${t}` : `xr[${t}]`;
}

/** The nearest centroid of the loaded row: \`best\` (squared distance) and \`label\`. */
function nearestCode(plan: GpuPlan): string {
  if (plan.k * plan.d > UNROLL_TERMS) {
    return `      var best = 0.0;
      var label = 0u;
      for (var j = 0u; j < K; j++) {
        var q = 0.0;
        for (var t = 0u; t < D; t++) { let e = xr[t] - cent[j * D + t]; q += e * e; }
        if (j == 0u || q < best) { best = q; label = j; }
      }`;
  }
  const lines: string[] = [];
  for (let j = 0; j < plan.k; j++) {
    const terms: string[] = [];
    for (let t = 0; t < plan.d; t++) {
      lines.push(`      let e${j}_${t} = x${t} - cent[${j * plan.d + t}u];`);
      terms.push(`e${j}_${t} * e${j}_${t}`);
    }
    // Summed left to right like the CPU loops (no reassociation into a tree).
    const sum = terms.reduce((acc, term) => (acc === '' ? term : `(${acc}) + ${term}`), '');
    if (j === 0) lines.push(`      var best = ${sum};\n      var label = 0u;`);
    else lines.push(`      { let q = ${sum}; if (q < best) { best = q; label = ${j}u; } }`);
  }
  return lines.join('\n');
}

function loadRow(plan: GpuPlan, weighted: boolean): string {
  const lines = [];
  if (plan.k * plan.d > UNROLL_TERMS) {
    lines.push(`      var xr: array<f32, ${plan.d}>;`);
    lines.push(`      for (var t = 0u; t < D; t++) { xr[t] = x[row * D + t]; }`);
  } else if (plan.d % 4 === 0) {
    // 16-byte loads: the row's features as vec4s (see assignBindings).
    for (let q = 0; q < plan.d / 4; q++) {
      lines.push(`      let v${q} = rows4[row * ${plan.d / 4}u + ${q}u];`);
      for (let c = 0; c < 4; c++) lines.push(`      let x${4 * q + c} = v${q}.${'xyzw'[c]};`);
    }
  } else {
    for (let t = 0; t < plan.d; t++) lines.push(`      let x${t} = x[row * D + ${t}u];`);
  }
  lines.push(`      let w = ${weighted ? 'wts[row]' : '1.0'};`);
  return lines.join('\n');
}

function assignBindings(plan: GpuPlan): string {
  // Rows of a multiple of 4 features are read as vec4s when the loads are unrolled.
  const vectorRows = plan.d % 4 === 0 && plan.k * plan.d <= UNROLL_TERMS;
  return `
${vectorRows ? '@group(0) @binding(0) var<storage, read> rows4: array<vec4<f32>>;' : '@group(0) @binding(0) var<storage, read> x: array<f32>;'}
@group(0) @binding(1) var<storage, read> wts: array<f32>;
@group(0) @binding(2) var<storage, read_write> labels: array<u32>;
@group(0) @binding(3) var<storage, read> cent: array<f32>;
@group(0) @binding(4) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(5) var<uniform> params: ChunkParams;
@group(0) @binding(6) var<storage, read> state: array<u32>;
var<workgroup> gateWord: u32;
`;
}

/**
 * The assignment kernel. Labels are stored as cluster + 1 so that a cleared buffer (0) means
 * "no label yet" and the first pass counts every row as changed, like the CPU path.
 */
export function assignSource(plan: GpuPlan, weighted: boolean): string {
  return plan.strategy === 'registers'
    ? assignRegisters(plan, weighted)
    : assignTile(plan, weighted);
}

function assignRegisters(plan: GpuPlan, weighted: boolean): string {
  const { k, d, outputs } = plan;
  const decl: string[] = [];
  for (let o = 0; o < outputs; o++) decl.push(`  var a${o} = 0.0;`);
  const add: string[] = [];
  for (let j = 0; j < k; j++) {
    add.push(`      { let m = select(0.0, w, label == ${j}u);`);
    for (let t = 0; t < d; t++) add.push(`        a${j * (d + 1) + t} += m * ${xv(plan, t)};`);
    add.push(`        a${j * (d + 1) + d} += m; }`);
  }
  add.push(`      a${outputs - 2} += select(0.0, 1.0, old != label + 1u);`);
  add.push(`      a${outputs - 1} += w * best;`);
  // Workgroup tree reduction, 16 outputs at a time.
  const rounds: string[] = [];
  for (let first = 0; first < outputs; first += 16) {
    const count = Math.min(16, outputs - first);
    const put = [];
    for (let i = 0; i < count; i++) put.push(`  red[${i}u * WG + lid] = a${first + i};`);
    rounds.push(`${put.join('\n')}
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      for (var i = 0u; i < ${count}u; i++) { red[i * WG + lid] += red[i * WG + lid + stride]; }
    }
    workgroupBarrier();
  }
  if (lid < ${count}u) { partials[(${first}u + lid) * G + gid] = vec2<f32>(red[lid * WG], 0.0); }
  workgroupBarrier();`);
  }
  return `${header(plan)}${assignBindings(plan)}
var<workgroup> red: array<f32, ${16 * plan.threads}>;
@compute @workgroup_size(${plan.threads})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {${gatedEntry('state')}
${decl.join('\n')}
  for (var tile = 0u; tile < TILES; tile++) {
    let row = (group * TILES + tile) * WG + lid;
    if (row < params.rows) {
${loadRow(plan, weighted)}
${nearestCode(plan)}
      let old = labels[row];
      labels[row] = label + 1u;
${add.join('\n')}
    }
  }
${rounds.join('\n')}
}
`;
}

function assignTile(plan: GpuPlan, weighted: boolean): string {
  const { k, d } = plan;
  const cols = d + 3; // coordinates, weight, changed, weighted squared distance
  const stage: string[] = [];
  for (let t = 0; t < d; t++) stage.push(`      tile[base + ${t}u] = ${xv(plan, t)};`);
  return `${header(plan)}${assignBindings(plan)}
const COLS: u32 = ${cols}u;
const OPT: u32 = ${plan.outputsPerThread}u;
const ANY: u32 = ${k}u;
var<workgroup> tile: array<f32, ${plan.threads * cols}>;
var<workgroup> tileLabel: array<u32, ${plan.threads}>;
@compute @workgroup_size(${plan.threads})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {${gatedEntry('state')}
  // Compensated (Kahan) sums of this invocation's outputs over the tiles.
  var hi: array<f32, OPT>;
  var lo: array<f32, OPT>;
  for (var tile_ = 0u; tile_ < TILES; tile_++) {
    let row = (group * TILES + tile_) * WG + lid;
    let base = lid * COLS;
    if (row < params.rows) {
${loadRow(plan, weighted)}
${nearestCode(plan)}
      let old = labels[row];
      labels[row] = label + 1u;
${stage.join('\n')}
      tile[base + D] = w;
      tile[base + D + 1u] = select(0.0, 1.0, old != label + 1u);
      tile[base + D + 2u] = w * best;
      tileLabel[lid] = label;
    } else {
      for (var t = 0u; t < COLS; t++) { tile[base + t] = 0.0; }
      tileLabel[lid] = ANY + 1u;
    }
    workgroupBarrier();
    for (var m = 0u; m < OPT; m++) {
      let o = lid + m * WG;
      if (o < NOUT) {
        var cl = ANY;
        var col = D + 1u + (o - min(o, K * (D + 1u)));
        if (o < K * (D + 1u)) { cl = o / (D + 1u); col = o % (D + 1u); }
        var s = 0.0;
        for (var p = 0u; p < WG; p++) {
          s += select(0.0, tile[p * COLS + col], cl == ANY || tileLabel[p] == cl);
        }
        let y = s - lo[m];
        let t = hi[m] + y;
        lo[m] = (t - hi[m]) - y;
        hi[m] = t;
      }
    }
    workgroupBarrier();
  }
  for (var m = 0u; m < OPT; m++) {
    let o = lid + m * WG;
    if (o < NOUT) { partials[o * G + gid] = vec2<f32>(hi[m], -lo[m]); }
  }
}
`;
}

/** Double-single helpers (Knuth's TwoSum; pairs are (high, low) float32 words). */
export const DOUBLE_SINGLE = `
fn twoSum(a: f32, b: f32) -> vec2<f32> {
  let s = a + b;
  let bb = s - a;
  return vec2<f32>(s, (a - (s - bb)) + (b - bb));
}
fn dsAdd(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = twoSum(a.x, b.x);
  let e = s.y + (a.y + b.y);
  let hi = s.x + e;
  return vec2<f32>(hi, e - (hi - s.x));
}
`;

/** Workgroup size of the reduce and update kernels. */
export const REDUCE_THREADS = 256;

/** Adds each output over all groups; `gate` 0 runs it even after the run finished. */
export function reduceSource(plan: GpuPlan): string {
  return `${header(plan)}${DOUBLE_SINGLE}
struct ReduceParams { gate: u32, p0: u32, p1: u32, p2: u32 }
@group(0) @binding(0) var<storage, read> partials: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> sums: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> state: array<u32>;
@group(0) @binding(3) var<uniform> params: ReduceParams;
var<workgroup> gateWord: u32;
var<workgroup> part: array<vec2<f32>, ${REDUCE_THREADS}>;
@compute @workgroup_size(${REDUCE_THREADS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  if (lid == 0u) { gateWord = gateSkips(params.gate, state[${STATE.done}]); }
  if (workgroupUniformLoad(&gateWord) != 0u) { return; }
  let o = wid.x;
  var acc = vec2<f32>(0.0, 0.0);
  for (var g = lid; g < G; g += ${REDUCE_THREADS}u) { acc = dsAdd(acc, partials[o * G + g]); }
  part[lid] = acc;
  workgroupBarrier();
  for (var stride = ${REDUCE_THREADS / 2}u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { part[lid] = dsAdd(part[lid], part[lid + stride]); }
    workgroupBarrier();
  }
  if (lid == 0u) { sums[o] = part[0]; }
}
`;
}

/** New centroids, shift, convergence and the inertia history (one workgroup). */
export function updateSource(plan: GpuPlan): string {
  const T = REDUCE_THREADS;
  return `${header(plan)}
@group(0) @binding(0) var<storage, read> sums: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> cent: array<f32>;
@group(0) @binding(2) var<storage, read_write> state: array<u32>;
@group(0) @binding(3) var<storage, read_write> history: array<vec2<f32>>;
@group(0) @binding(4) var<uniform> gate: vec4<u32>;
var<workgroup> gateWord: u32;
var<workgroup> emptyCount: atomic<u32>;
var<workgroup> empties: u32;
var<workgroup> shift: array<f32, ${T}>;
@compute @workgroup_size(${T})
fn main(@builtin(local_invocation_index) lid: u32) {
  if (lid == 0u) { gateWord = select(0u, state[${STATE.done}], gate.x != 0u); atomicStore(&emptyCount, 0u); }
  if (workgroupUniformLoad(&gateWord) != 0u) { return; }
  for (var j = lid; j < K; j += ${T}u) {
    let w = sums[j * (D + 1u) + D];
    if (w.x + w.y == 0.0) { atomicAdd(&emptyCount, 1u); }
  }
  workgroupBarrier();
  if (lid == 0u) { empties = select(0u, atomicLoad(&emptyCount), state[${STATE.relocated}] == 0u); }
  if (workgroupUniformLoad(&empties) != 0u) {
    if (lid == 0u) { state[${STATE.done}] = 2u; }
    return;
  }
  var moved = 0.0;
  for (var i = lid; i < K * D; i += ${T}u) {
    let j = i / D;
    let w = sums[j * (D + 1u) + D];
    let old = cent[i];
    var next = old;
    let weight = w.x + w.y;
    if (weight > 0.0) {
      let s = sums[j * (D + 1u) + i % D];
      next = (s.x + s.y) * (1.0 / weight);
    }
    let e = next - old;
    moved += e * e;
    cent[i] = next;
  }
  shift[lid] = moved;
  workgroupBarrier();
  for (var stride = ${T / 2}u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { shift[lid] += shift[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let total = shift[0];
    let it = state[${STATE.iterations}] + 1u;
    state[${STATE.iterations}] = it;
    state[${STATE.relocated}] = 0u;
    state[${STATE.moved}] = bitcast<u32>(total);
    history[min(it, state[${STATE.maxIter}]) - 1u] = sums[NOUT - 1u];
    let changed = sums[NOUT - 2u];
    if (changed.x + changed.y == 0.0) {
      state[${STATE.done}] = 1u;
      state[${STATE.strict}] = 1u;
      state[${STATE.converged}] = 1u;
    } else if (total <= bitcast<f32>(state[${STATE.tol}])) {
      state[${STATE.done}] = 1u;
      state[${STATE.converged}] = 1u;
    } else if (it >= state[${STATE.maxIter}]) {
      state[${STATE.done}] = 1u;
    }
  }
}
`;
}

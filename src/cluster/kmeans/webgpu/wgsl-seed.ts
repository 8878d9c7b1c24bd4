/**
 * WGSL of greedy k-means++ on the device (scikit-learn's variant, as `init.ts` runs it on the
 * CPU), so that the nInit restarts of a fit never move data between host and device. Per
 * centroid c (0 … k−1):
 *
 * 1. `select` (one workgroup): the mass of every group (Σ w·D over its rows, D the squared
 *    distance to the nearest centroid so far; Σ w for c = 0 or when all D are 0) is
 *    prefix-summed, and each of the step's uniform draws u (taken on the host from the
 *    seeded generator in the CPU path's order) picks the group where the running mass first
 *    exceeds u × total, and the mass left to go inside it;
 * 2. `locate` (per chunk, one workgroup per candidate): finds in that group the row where the
 *    running mass exceeds what is left (numpy's searchsorted, side 'right'), and copies the
 *    candidate row's coordinates;
 * 3. `evaluate` (per chunk, c > 0): each candidate's potential Σ w·min(D, d²(x, candidate)),
 *    as per-group partial sums;
 * 4. `pick` (one workgroup): the candidate of lowest potential becomes centroid c;
 * 5. `update` (per chunk): D ← min(D, d²(x, centroid c)) and the groups' new masses.
 *
 * The arithmetic is float32, so a draw that falls within rounding of a boundary between two
 * rows can pick the other row than the CPU path would: same seed, same result on one device,
 * but not bit-identical to the CPU seeding.
 *
 * @module
 */
import { DOUBLE_SINGLE, REDUCE_THREADS } from './wgsl-lloyd.js';
import type { GpuPlan } from './plan.js';

/** Words of the selection buffer before the candidates' coordinates. */
export function selectionLayout(plan: GpuPlan): { words: number; coords: number } {
  // block[T], residual[T], index[T], useWeights, then T × d coordinates
  const coords = 3 * plan.trials + 1;
  return { coords, words: coords + plan.trials * plan.d };
}

/** Bytes of a step's parameter block: step, candidates, mode, uniform offset. */
export const STEP_PARAMS_BYTES = 16;

function header(plan: GpuPlan): string {
  const { coords } = selectionLayout(plan);
  return `
const D: u32 = ${plan.d}u;
const K: u32 = ${plan.k}u;
const WG: u32 = ${plan.threads}u;
const TILES: u32 = ${plan.tiles}u;
const RPG: u32 = ${plan.rowsPerGroup}u;
const G: u32 = ${plan.groups}u;
const T: u32 = ${plan.trials}u;
const COORDS: u32 = ${coords}u;
struct ChunkParams { rows: u32, groupOffset: u32, groups: u32, gate: u32, p0: u32, p1: u32, p2: u32, p3: u32 }
// mode: 0 group weights, 1 first centroid, 2 later centroids
struct StepParams { step: u32, count: u32, mode: u32, uniformOffset: u32 }
fn sqdist(row: u32, other: u32) -> f32 {
  var q = 0.0;
  for (var t = 0u; t < D; t++) { let e = x[row * D + t] - other_(other + t); q += e * e; }
  return q;
}
`;
}

const PER_CHUNK = `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> wts: array<f32>;
@group(0) @binding(2) var<uniform> params: ChunkParams;
@group(0) @binding(3) var<uniform> step: StepParams;
`;

function weightOf(weighted: boolean): string {
  return weighted ? 'wts[row]' : '1.0';
}

/** `update` and the group weights (mode 0): D and the groups' masses. */
export function seedUpdateSource(plan: GpuPlan, weighted: boolean): string {
  return `${PER_CHUNK}
@group(0) @binding(4) var<storage, read_write> dist: array<f32>;
@group(0) @binding(5) var<storage, read> cent: array<f32>;
@group(0) @binding(6) var<storage, read_write> blocks: array<f32>;
fn other_(i: u32) -> f32 { return cent[i]; }
${header(plan)}
var<workgroup> part: array<f32, ${plan.threads}>;
@compute @workgroup_size(${plan.threads})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let group = wid.x + wid.y * nwg.x;
  if (group >= params.groups) { return; }
  var mass = 0.0;
  for (var tile = 0u; tile < TILES; tile++) {
    let row = (group * TILES + tile) * WG + lid;
    if (row < params.rows) {
      let w = ${weightOf(weighted)};
      if (step.mode == 0u) {
        mass += w;
      } else {
        var q = sqdist(row, step.step * D);
        if (step.mode == 2u) { q = min(q, dist[row]); }
        dist[row] = q;
        mass += w * q;
      }
    }
  }
  part[lid] = mass;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { part[lid] += part[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { blocks[params.groupOffset + group] = part[0]; }
}
`;
}

/** `select`: groups and mass left for each candidate draw. */
export function seedSelectSource(plan: GpuPlan): string {
  const S = REDUCE_THREADS;
  return `
@group(0) @binding(0) var<storage, read> mass: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> draws: array<f32>;
@group(0) @binding(3) var<storage, read_write> sel: array<u32>;
@group(0) @binding(4) var<uniform> step: StepParams;
@group(0) @binding(5) var<storage, read> x: array<f32>;
fn other_(i: u32) -> f32 { return 0.0; }
${header(plan)}
var<workgroup> prefixMass: array<f32, ${S + 1}>;
var<workgroup> prefixWeight: array<f32, ${S + 1}>;
const PER: u32 = ${Math.ceil(plan.groups / S)}u;
fn massOf(g: u32, useWeights: bool) -> f32 { return select(mass[g], weight[g], useWeights); }
@compute @workgroup_size(${S})
fn main(@builtin(local_invocation_index) lid: u32) {
  var m = 0.0;
  var w = 0.0;
  for (var g = lid * PER; g < min(G, (lid + 1u) * PER); g++) { m += mass[g]; w += weight[g]; }
  prefixMass[lid + 1u] = m;
  prefixWeight[lid + 1u] = w;
  workgroupBarrier();
  if (lid == 0u) {
    prefixMass[0] = 0.0;
    prefixWeight[0] = 0.0;
    for (var i = 1u; i <= ${S}u; i++) {
      prefixMass[i] += prefixMass[i - 1u];
      prefixWeight[i] += prefixWeight[i - 1u];
    }
  }
  workgroupBarrier();
  let useWeights = step.mode == 1u || !(prefixMass[${S}] > 0.0);
  if (lid == 0u) { sel[3u * T] = select(0u, 1u, useWeights); }
  if (lid >= step.count) { return; }
  let total = select(prefixMass[${S}], prefixWeight[${S}], useWeights);
  let goal = draws[step.uniformOffset + lid] * total;
  var found = G;
  var left = 0.0;
  for (var r = 0u; r < ${S}u && found == G; r++) {
    let upper = select(prefixMass[r + 1u], prefixWeight[r + 1u], useWeights);
    if (upper > goal) {
      var run = select(prefixMass[r], prefixWeight[r], useWeights);
      for (var g = r * PER; g < min(G, (r + 1u) * PER); g++) {
        let next = run + massOf(g, useWeights);
        if (next > goal) { found = g; left = goal - run; break; }
        run = next;
      }
    }
  }
  if (found == G) {
    // Rounding pushed the draw past the total: the last group with mass, its last row.
    found = G - 1u;
    while (found > 0u && !(massOf(found, useWeights) > 0.0)) { found -= 1u; }
    left = 3.0e38;
  }
  sel[lid] = found;
  sel[T + lid] = bitcast<u32>(left);
}
`;
}

/** Invocations of `locate`: one workgroup per candidate, each invocation a slice of rows. */
const LOCATE_THREADS = 256;

/**
 * `locate`: the candidate rows inside their groups, and their coordinates. One workgroup per
 * candidate: the invocations sum the mass of consecutive slices of the group's rows, then one
 * invocation walks the slices and, inside the slice where the mass runs out, the rows.
 */
export function seedLocateSource(plan: GpuPlan, weighted: boolean): string {
  const slice = Math.ceil(plan.rowsPerGroup / LOCATE_THREADS);
  return `${PER_CHUNK}
@group(0) @binding(4) var<storage, read> dist: array<f32>;
@group(0) @binding(5) var<storage, read_write> sel: array<u32>;
fn other_(i: u32) -> f32 { return 0.0; }
${header(plan)}
const LW: u32 = ${LOCATE_THREADS}u;
const SLICE: u32 = ${slice}u;
var<workgroup> slices: array<f32, ${LOCATE_THREADS}>;
var<workgroup> groupWord: u32;
fn massOf(row: u32, useWeights: bool) -> f32 {
  let w = ${weighted ? 'wts[row]' : '1.0'};
  return select(w * dist[row], w, useWeights);
}
@compute @workgroup_size(${LOCATE_THREADS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let cand = wid.x;
  if (cand >= step.count) { return; }
  if (lid == 0u) { groupWord = sel[cand]; }
  let g = workgroupUniformLoad(&groupWord);
  if (g < params.groupOffset || g >= params.groupOffset + params.groups) { return; }
  let useWeights = sel[3u * T] == 1u;
  let first = (g - params.groupOffset) * RPG;
  let end = min(params.rows, first + RPG);
  let a = min(end, first + lid * SLICE);
  let b = min(end, a + SLICE);
  var m = 0.0;
  for (var row = a; row < b; row++) { m += massOf(row, useWeights); }
  slices[lid] = m;
  workgroupBarrier();
  if (lid != 0u) { return; }
  let left = bitcast<f32>(sel[T + cand]);
  var run = 0.0;
  var s = 0u;
  for (; s < LW; s++) {
    if (run + slices[s] > left) { break; }
    run += slices[s];
  }
  var chosen = end;
  var lastPositive = end;
  if (s < LW) {
    for (var row = first + s * SLICE; row < min(end, first + (s + 1u) * SLICE); row++) {
      let mass = massOf(row, useWeights);
      if (mass > 0.0) { lastPositive = row; }
      run += mass;
      if (run > left) { chosen = row; break; }
    }
  }
  if (chosen == end) {
    // Rounding: the last row with mass (in the slice reached, else in the group).
    chosen = lastPositive;
    if (chosen == end) {
      chosen = end - 1u;
      while (chosen > first && !(massOf(chosen, useWeights) > 0.0)) { chosen -= 1u; }
    }
  }
  sel[2u * T + cand] = params.groupOffset * RPG + chosen;
  for (var t = 0u; t < D; t++) { sel[COORDS + cand * D + t] = bitcast<u32>(x[chosen * D + t]); }
}
`;
}

/** `evaluate`: per-group potentials of the step's candidates. */
export function seedEvaluateSource(plan: GpuPlan, weighted: boolean): string {
  return `${PER_CHUNK}
@group(0) @binding(4) var<storage, read> dist: array<f32>;
@group(0) @binding(5) var<storage, read> sel: array<u32>;
@group(0) @binding(6) var<storage, read_write> pots: array<f32>;
fn other_(i: u32) -> f32 { return bitcast<f32>(sel[COORDS + i]); }
${header(plan)}
var<workgroup> part: array<f32, ${plan.threads * plan.trials}>;
@compute @workgroup_size(${plan.threads})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let group = wid.x + wid.y * nwg.x;
  if (group >= params.groups) { return; }
  var pot: array<f32, T>;
  for (var tile = 0u; tile < TILES; tile++) {
    let row = (group * TILES + tile) * WG + lid;
    if (row < params.rows) {
      let w = ${weightOf(weighted)};
      let current = dist[row];
      for (var c = 0u; c < T; c++) {
        if (c < step.count) { pot[c] += w * min(current, sqdist(row, c * D)); }
      }
    }
  }
  for (var c = 0u; c < T; c++) { part[c * WG + lid] = pot[c]; }
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      for (var c = 0u; c < T; c++) { part[c * WG + lid] += part[c * WG + lid + stride]; }
    }
    workgroupBarrier();
  }
  if (lid < T) { pots[lid * G + params.groupOffset + group] = part[lid * WG]; }
}
`;
}

/** `pick`: the candidate of lowest potential becomes the step's centroid. */
export function seedPickSource(plan: GpuPlan): string {
  const S = REDUCE_THREADS;
  return `
@group(0) @binding(0) var<storage, read> pots: array<f32>;
@group(0) @binding(1) var<storage, read> sel: array<u32>;
@group(0) @binding(2) var<storage, read_write> cent: array<f32>;
@group(0) @binding(3) var<uniform> step: StepParams;
@group(0) @binding(4) var<storage, read> x: array<f32>;
fn other_(i: u32) -> f32 { return 0.0; }
${header(plan)}${DOUBLE_SINGLE}
var<workgroup> part: array<vec2<f32>, ${S}>;
var<workgroup> total: array<vec2<f32>, ${plan.trials}>;
var<workgroup> chosen: u32;
@compute @workgroup_size(${S})
fn main(@builtin(local_invocation_index) lid: u32) {
  for (var c = 0u; c < T; c++) {
    var acc = vec2<f32>(0.0, 0.0);
    if (step.count > 1u) {
      for (var g = lid; g < G; g += ${S}u) { acc = dsAdd(acc, vec2<f32>(pots[c * G + g], 0.0)); }
    }
    part[lid] = acc;
    workgroupBarrier();
    for (var stride = ${S / 2}u; stride > 0u; stride = stride / 2u) {
      if (lid < stride) { part[lid] = dsAdd(part[lid], part[lid + stride]); }
      workgroupBarrier();
    }
    if (lid == 0u) { total[c] = part[0]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    var best = 0u;
    for (var c = 1u; c < step.count; c++) {
      let a = total[c];
      let b = total[best];
      if (a.x < b.x || (a.x == b.x && a.y < b.y)) { best = c; }
    }
    chosen = best;
  }
  let best = workgroupUniformLoad(&chosen);
  for (var t = lid; t < D; t += ${S}u) {
    cent[step.step * D + t] = bitcast<f32>(sel[COORDS + best * D + t]);
  }
}
`;
}

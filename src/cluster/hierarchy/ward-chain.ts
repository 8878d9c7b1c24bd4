/**
 * Ward's nearest-neighbour chain on centroids (Müllner 2011's "vector" variant): the Ward
 * distance of clusters A and B is √(2·n_A·n_B / (n_A + n_B))·‖c_A − c_B‖, computed when
 * needed from the clusters' centroids and sizes. Memory O(n·d) instead of the n(n − 1)/2
 * distances of the matrix version, and every scan reads the centroids in order. The steps
 * and tie rules are scipy's `nn_chain`; heights agree with scipy's Lance–Williams updates to
 * rounding (singletons: bit for bit).
 *
 * @module
 */
import type { Matrix } from '../kmeans/matrix.js';
import type { RawMerges } from './tree.js';

/** Ward's merges of the rows of `x` (each row weighing `weights[i]`, default 1). */
export function wardChain(x: Matrix, weights?: ArrayLike<number>): RawMerges {
  const { rows: n, cols: d } = x;
  const c = Float64Array.from(x.data);
  const size = new Float64Array(n);
  for (let i = 0; i < n; i++) size[i] = weights === undefined ? 1 : (weights[i] as number);
  const chain = new Int32Array(n);
  const pairs = new Int32Array(2 * Math.max(0, n - 1));
  const heights = new Float64Array(Math.max(0, n - 1));
  const ward = (a: number, b: number): number => {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = (c[a * d + t] as number) - (c[b * d + t] as number);
      s += v * v;
    }
    const na = size[a] as number;
    const nb = size[b] as number;
    const f = (2 * na * nb) / (na + nb);
    return f === 1 ? Math.sqrt(s) : Math.sqrt(f) * Math.sqrt(s);
  };
  const scan = scanKernel(d);
  const out = new Float64Array(1);
  let length = 0;
  for (let k = 0; k < n - 1; k++) {
    if (length === 0) {
      length = 1;
      for (let i = 0; i < n; i++) {
        if ((size[i] as number) > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x0 = 0;
    let y = 0;
    let best = Infinity;
    for (;;) {
      x0 = chain[length - 1] as number;
      if (length > 1) {
        y = chain[length - 2] as number;
        best = ward(x0, y);
      } else best = Infinity;
      out[0] = best;
      y = scan(c, size, n, x0, y, out);
      best = out[0] as number;
      if (length > 1 && y === chain[length - 2]) break;
      chain[length++] = y;
    }
    length -= 2;
    let a = x0;
    let b = y;
    if (a > b) [a, b] = [b, a];
    const na = size[a] as number;
    const nb = size[b] as number;
    pairs[2 * k] = a;
    pairs[2 * k + 1] = b;
    heights[k] = best;
    // The union lives in b's slot, as in scipy (cluster a is dropped).
    for (let t = 0; t < d; t++) {
      c[b * d + t] = (na * (c[a * d + t] as number) + nb * (c[b * d + t] as number)) / (na + nb);
    }
    size[a] = 0;
    size[b] = na + nb;
  }
  return { pairs, heights };
}

/**
 * The chain's scan: the nearest active cluster to x0 by Ward distance, starting from the
 * candidate `y` at distance `out[0]` (strictly smaller wins, so ties keep the earlier one);
 * returns it and leaves its distance in `out[0]`.
 */
type ScanKernel = (
  c: Float64Array,
  size: Float64Array,
  n: number,
  x0: number,
  y: number,
  out: Float64Array,
) => number;

const scanKernels = new Map<number, ScanKernel>();

/** The scan for d features, the loop over features unrolled (same operations, same bits). */
function scanKernel(d: number): ScanKernel {
  let kernel = scanKernels.get(d);
  if (kernel !== undefined) return kernel;
  const lines = ['let best = out[0];', 'const nx = size[x0];', `const base = x0 * ${d};`];
  for (let t = 0; t < d; t++) lines.push(`const a${t} = c[base + ${t}];`);
  lines.push(`for (let i = 0, p = 0; i < n; i++, p += ${d}) {`);
  lines.push('const ni = size[i];', 'if (ni === 0 || i === x0) continue;');
  for (let t = 0; t < d; t++) lines.push(`const v${t} = a${t} - c[p + ${t}];`);
  const squares = Array.from({ length: d }, (_, t) => `v${t} * v${t}`);
  lines.push(`const s = ${squares.join(' + ')};`);
  lines.push('const f = (2 * nx * ni) / (nx + ni);');
  lines.push('const dist = f === 1 ? Math.sqrt(s) : Math.sqrt(f) * Math.sqrt(s);');
  lines.push('if (dist < best) { best = dist; y = i; }', '}', 'out[0] = best;', 'return y;');
  kernel = new Function('c', 'size', 'n', 'x0', 'y', 'out', lines.join('\n')) as ScanKernel;
  scanKernels.set(d, kernel);
  return kernel;
}

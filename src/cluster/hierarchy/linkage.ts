/**
 * The exact agglomerative algorithms, as scipy.cluster.hierarchy runs them: the
 * nearest-neighbour chain (Murtagh 1983; Müllner 2011) with Lance–Williams updates of a
 * condensed distance matrix for Ward, complete and average linkage, and Prim's minimum
 * spanning tree for single linkage.
 *
 * Memory: the chain keeps n(n − 1)/2 float64 distances, 4·n² bytes (400 MB at 10,000 rows,
 * 1.6 GB at 20,000); Prim keeps O(n). Ward's tree of customers uses the centroid version of
 * the chain instead (`ward-chain.ts`, O(n·d)); the matrix version serves the two-step
 * method's weighted groups.
 *
 * @module
 */
import type { Matrix } from '../kmeans/matrix.js';
import type { RawMerges } from './tree.js';

/** How the distance between two clusters is measured. */
export type Linkage = 'ward' | 'complete' | 'average' | 'single';

/** Position of the pair (i, j), i ≠ j, in a condensed distance matrix of n points. */
function condensed(n: number, i: number, j: number): number {
  return i < j ? n * i - (i * (i + 1)) / 2 + (j - i - 1) : n * j - (j * (j + 1)) / 2 + (i - j - 1);
}

/** Euclidean distances between all pairs of rows, condensed (scipy's `pdist` layout). */
export function pairwiseDistances(x: Matrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array((n * (n - 1)) / 2);
  if (d <= 16) {
    pdistKernel(d)(data, n, out);
    return out;
  }
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = (data[i * d + t] as number) - (data[j * d + t] as number);
        s += v * v;
      }
      out[p++] = Math.sqrt(s);
    }
  }
  return out;
}

type PdistKernel = (data: Float64Array, n: number, out: Float64Array) => void;
const pdistKernels = new Map<number, PdistKernel>();

/**
 * `pairwiseDistances` for d features with the loop over features unrolled and row i in
 * local variables: the same operations in the same order, so the same bits.
 */
function pdistKernel(d: number): PdistKernel {
  let kernel = pdistKernels.get(d);
  if (kernel !== undefined) return kernel;
  const lines = ['let p = 0;', `for (let i = 0; i < n; i++) {`];
  for (let t = 0; t < d; t++) lines.push(`const a${t} = data[i * ${d} + ${t}];`);
  lines.push(`for (let j = i + 1, row = (i + 1) * ${d}; j < n; j++, row += ${d}) {`);
  for (let t = 0; t < d; t++) lines.push(`const v${t} = a${t} - data[row + ${t}];`);
  const squares = Array.from({ length: d }, (_, t) => `v${t} * v${t}`);
  lines.push(`out[p++] = Math.sqrt(${squares.join(' + ')});`, '}', '}');
  kernel = new Function('data', 'n', 'out', lines.join('\n')) as PdistKernel;
  pdistKernels.set(d, kernel);
  return kernel;
}

/**
 * Lance–Williams update of the distances of every active cluster i to y, now the union of
 * x and y; indices into the condensed matrix are stepped, not recomputed.
 */
function updateDistances(
  dist: Float64Array,
  n: number,
  size: Float64Array,
  x: number,
  y: number,
  dxy: number,
  nx: number,
  ny: number,
  linkage: Exclude<Linkage, 'single'>,
): void {
  const code = linkage === 'ward' ? 0 : linkage === 'complete' ? 1 : 2;
  const rowX = n * x - (x * (x + 1)) / 2 - x - 1;
  const rowY = n * y - (y * (y + 1)) / 2 - y - 1;
  let colX = x - 1;
  let colY = y - 1;
  for (let i = 0; i < n; i++) {
    const ix = i < x ? colX : rowX + i;
    const iy = i < y ? colY : rowY + i;
    colX += n - i - 2;
    colY += n - i - 2;
    const ni = size[i] as number;
    if (ni === 0 || i === y) continue;
    const dxi = dist[ix] as number;
    const dyi = dist[iy] as number;
    if (code === 0) {
      const t = 1 / (nx + ny + ni);
      dist[iy] = Math.sqrt(
        (ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy,
      );
    } else if (code === 1) dist[iy] = Math.max(dxi, dyi);
    else dist[iy] = (nx * dxi + ny * dyi) / (nx + ny);
  }
}

/**
 * The nearest-neighbour chain on a condensed distance matrix `dist` of `n` clusters of the
 * given sizes (all 1 for customers); `dist` is overwritten. Same steps, ties and
 * floating-point operations as scipy's `nn_chain`.
 */
export function nnChain(
  dist: Float64Array,
  n: number,
  linkage: Exclude<Linkage, 'single'>,
  sizes?: ArrayLike<number>,
): RawMerges {
  const size = new Float64Array(n);
  for (let i = 0; i < n; i++) size[i] = sizes === undefined ? 1 : (sizes[i] as number);
  const chain = new Int32Array(n);
  const pairs = new Int32Array(2 * (n - 1));
  const heights = new Float64Array(n - 1);
  let length = 0;
  for (let k = 0; k < n - 1; k++) {
    if (length === 0) {
      length = 1;
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x = 0;
    let y = 0;
    let best = Infinity;
    for (;;) {
      x = chain[length - 1] as number;
      // Prefer the previous element of the chain as the minimum, against cycles on ties.
      if (length > 1) {
        y = chain[length - 2] as number;
        best = dist[condensed(n, x, y)] as number;
      } else best = Infinity;
      // Column x above the diagonal (i < x), then row x (i > x), indices stepped.
      let p = x - 1;
      for (let i = 0; i < x; i++) {
        if (size[i] !== 0) {
          const d = dist[p] as number;
          if (d < best) {
            best = d;
            y = i;
          }
        }
        p += n - i - 2;
      }
      const rowBase = n * x - (x * (x + 1)) / 2 - x - 1;
      for (let i = x + 1; i < n; i++) {
        if (size[i] === 0) continue;
        const d = dist[rowBase + i] as number;
        if (d < best) {
          best = d;
          y = i;
        }
      }
      if (length > 1 && y === chain[length - 2]) break;
      chain[length++] = y;
    }
    length -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x] as number;
    const ny = size[y] as number;
    pairs[2 * k] = x;
    pairs[2 * k + 1] = y;
    heights[k] = best;
    size[x] = 0;
    size[y] = nx + ny;
    updateDistances(dist, n, size, x, y, best, nx, ny, linkage);
  }
  return { pairs, heights };
}

/**
 * Single linkage by Prim's algorithm from row 0, distances computed on the fly (O(n)
 * memory): the edges of the minimum spanning tree in the order added, each as (tree side,
 * new row), as scikit-learn's `mst_linkage_core` and scipy's `mst_single_linkage` make them.
 */
export function primSingleLinkage(x: Matrix): RawMerges {
  const { rows: n, cols: d, data } = x;
  const inTree = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const pairs = new Int32Array(2 * (n - 1));
  const heights = new Float64Array(n - 1);
  let current = 0;
  for (let k = 0; k < n - 1; k++) {
    inTree[current] = 1;
    let best = Infinity;
    let next = 0;
    for (let j = 0; j < n; j++) {
      if (inTree[j] === 1) continue;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = (data[current * d + t] as number) - (data[j * d + t] as number);
        s += v * v;
      }
      const dist = Math.sqrt(s);
      if (dist < (nearest[j] as number)) nearest[j] = dist;
      if ((nearest[j] as number) < best) {
        best = nearest[j] as number;
        next = j;
      }
    }
    pairs[2 * k] = current;
    pairs[2 * k + 1] = next;
    heights[k] = best;
    current = next;
  }
  return { pairs, heights };
}

/**
 * The generic kernels: plain loops over features, for data wider than the generated kernels
 * cover and for runtimes that forbid code generation. They do the same arithmetic in the same
 * order as the generated ones (`kernel-source.ts`), so results are bit-identical; see
 * `kernels.ts` for what each kernel computes.
 *
 * @module
 */
import type {
  AssignKernel,
  ElkanKernel,
  HamerlyKernel,
  InertiaKernel,
  Kernels,
  MomentsKernel,
  NearestTwoKernel,
  SeedKernel,
  SqDistKernel,
} from './kernels.js';

/**
 * Bounds are inflated by this factor before a test that would skip work (so rounding can only
 * cost an unneeded distance, never miss a needed one; the generated and WebAssembly kernels
 * use the same factor).
 */
export const BOUND_MARGIN = 1 + 2 ** -32;
const MARGIN = BOUND_MARGIN;

/** The generic kernels for `d` features. */
export function genericKernels(d: number): Kernels {
  const sqdist: SqDistKernel = (X, i, C, j) => {
    const o = i * d;
    const c = j * d;
    let e = (X[o] as number) - (C[c] as number);
    let s = e * e;
    for (let t = 1; t < d; t++) {
      e = (X[o + t] as number) - (C[c + t] as number);
      s += e * e;
    }
    return s;
  };

  /** Adds w·x of row i into cluster a of the accumulator block at `offset`. */
  const add = (
    X: Float64Array,
    i: number,
    w: number,
    a: number,
    acc: Float64Array,
    offset: number,
    k: number,
  ): void => {
    const o = i * d;
    const c = offset + a * d;
    for (let t = 0; t < d; t++) acc[c + t]! += (X[o + t] as number) * w;
    acc[offset + k * d + a]! += w;
  };

  const assignWith =
    (withSums: boolean): AssignKernel =>
    (X, W, C, k, labels, start, end, acc, offset) => {
      const wo = offset + k * d;
      let inertia = 0;
      let changed = 0;
      for (let i = start; i < end; i++) {
        let best = Infinity;
        let bj = 0;
        for (let j = 0; j < k; j++) {
          const s = sqdist(X, i, C, j);
          if (s < best) {
            best = s;
            bj = j;
          }
        }
        if (labels[i] !== bj) {
          labels[i] = bj;
          changed++;
        }
        const w = W[i] as number;
        inertia += w * best;
        if (withSums) add(X, i, w, bj, acc, offset, k);
      }
      acc[wo + k] = inertia;
      acc[wo + k + 1] = changed;
    };

  const nearestTwo: NearestTwoKernel = (X, i, C, k, out) => {
    let b1 = Infinity;
    let b2 = Infinity;
    let bj = 0;
    for (let j = 0; j < k; j++) {
      const s = sqdist(X, i, C, j);
      if (s < b1) {
        b2 = b1;
        b1 = s;
        bj = j;
      } else if (s < b2) {
        b2 = s;
      }
    }
    out[0] = b1;
    out[1] = b2;
    return bj;
  };

  const seedDistances: SeedKernel = (
    X,
    W,
    start,
    end,
    candidates,
    count,
    buffers,
    closestIndex,
    pots,
    potOffset,
  ) => {
    const closest = buffers[closestIndex] as Float64Array;
    const outs: Float64Array[] = [];
    for (let t = 0; t < count; t++) {
      outs.push(buffers[t < closestIndex ? t : t + 1] as Float64Array);
      pots[potOffset + t] = 0;
    }
    for (let i = start; i < end; i++) {
      const m = closest[i] as number;
      const w = W[i] as number;
      for (let t = 0; t < count; t++) {
        const s = sqdist(X, i, X, candidates[t] as number);
        const v = s < m ? s : m;
        (outs[t] as Float64Array)[i] = v;
        pots[potOffset + t]! += w * v;
      }
    }
  };

  const inertia: InertiaKernel = (X, W, C, labels, start, end) => {
    let total = 0;
    for (let i = start; i < end; i++)
      total += (W[i] as number) * sqdist(X, i, C, labels[i] as number);
    return total;
  };

  const moments: MomentsKernel = (X, start, end, shift, out) => {
    for (let t = 0; t < d; t++) {
      const y = X[shift + t] as number;
      let m = 0;
      let q = 0;
      for (let i = start; i < end; i++) {
        const e = (X[i * d + t] as number) - y;
        m += e;
        q += e * e;
      }
      out[t]! += m;
      out[d + t]! += q;
    }
  };

  const two = new Float64Array(2);
  /** Both Hamerly kernels: `first` selects the initial pass. */
  const hamerlyWith =
    (first: boolean): HamerlyKernel =>
    (X, W, C, k, labels, upper, lower, half, shift, scalars, start, end, acc, offset) => {
      const accumulate = scalars[0] === 1;
      const shiftMax = scalars[2] as number;
      const shiftSecond = scalars[3] as number;
      const shiftArgMax = scalars[4] as number;
      const wantInertia = first || scalars[10] === 1;
      let changed = 0;
      let inertia = 0;
      for (let i = start; i < end; i++) {
        let a = labels[i] as number;
        let u: number;
        let l: number;
        if (first) {
          // Lloyd's argmin; lower bound from the triangle inequality (see kernel-source.ts).
          let best = Infinity;
          let bj = 0;
          for (let j = 0; j < k; j++) {
            const s = sqdist(X, i, C, j);
            if (s < best) {
              best = s;
              bj = j;
            }
          }
          u = Math.sqrt(best);
          const lb = 2 * (half[bj] as number) - u;
          l = lb > 0 ? lb : 0;
          if (a !== bj) {
            a = bj;
            labels[i] = bj;
            changed++;
          }
          const w = W[i] as number;
          inertia += w * best;
          if (accumulate) add(X, i, w, a, acc, offset, k);
        } else {
          u = (upper[i] as number) + (shift[a] as number);
          l = (lower[i] as number) - (a === shiftArgMax ? shiftSecond : shiftMax);
          const h = half[a] as number;
          const m = h > l ? h : l;
          // Squared distance to the row's centroid: for the bounds, and for the inertia when
          // asked for (scalars[10]).
          const settled = u * MARGIN < m;
          let own = !settled || wantInertia ? sqdist(X, i, C, a) : 0;
          if (!settled) {
            u = Math.sqrt(own);
            if (u * MARGIN >= m) {
              const bj = nearestTwo(X, i, C, k, two);
              own = two[0] as number;
              u = Math.sqrt(own);
              l = Math.sqrt(two[1] as number);
              if (a !== bj) {
                a = bj;
                labels[i] = bj;
                changed++;
              }
            }
          }
          inertia += (W[i] as number) * own;
        }
        upper[i] = u;
        lower[i] = l;
      }
      // Later passes: the sums in a second loop, skipped where the block already holds them
      // (see kernel-source.ts).
      if (!first && accumulate && (changed > 0 || scalars[9] !== 1)) {
        acc.fill(0, offset, offset + k * d + k);
        for (let i = start; i < end; i++) {
          add(X, i, W[i] as number, labels[i] as number, acc, offset, k);
        }
      }
      acc[offset + k * d + k] = wantInertia ? inertia : NaN;
      acc[offset + k * d + k + 1] = changed;
    };

  const elkan: ElkanKernel = (
    X,
    W,
    C,
    k,
    labels,
    upper,
    lower,
    half,
    halfBetween,
    shift,
    scalars,
    start,
    end,
    acc,
    offset,
  ) => {
    const accumulate = scalars[0] === 1;
    const first = scalars[1] === 1;
    const pending = scalars[5] === 1;
    let changed = 0;
    for (let i = start; i < end; i++) {
      const row = i * k;
      let a = labels[i] as number;
      let u: number;
      if (first) {
        let best = Infinity;
        let bj = 0;
        for (let j = 0; j < k; j++) {
          const s = sqdist(X, i, C, j);
          lower[row + j] = Math.sqrt(s);
          if (s < best) {
            best = s;
            bj = j;
          }
        }
        if (a !== bj) {
          a = bj;
          labels[i] = bj;
          changed++;
        }
        u = Math.sqrt(best);
      } else {
        u = upper[i] as number;
        if (pending) {
          u += shift[a] as number;
          for (let j = 0; j < k; j++) {
            const l = (lower[row + j] as number) - (shift[j] as number);
            lower[row + j] = l > 0 ? l : 0;
          }
        }
        if (u * MARGIN >= (half[a] as number)) {
          const old = a;
          let tight = false;
          let ua2 = 0;
          for (let j = 0; j < k; j++) {
            if (j === a) continue;
            let bound = u * MARGIN;
            if (bound < (lower[row + j] as number) || bound < (halfBetween[a * k + j] as number))
              continue;
            if (!tight) {
              ua2 = sqdist(X, i, C, a);
              u = Math.sqrt(ua2);
              lower[row + a] = u;
              tight = true;
              bound = u * MARGIN;
              if (bound < (lower[row + j] as number) || bound < (halfBetween[a * k + j] as number))
                continue;
            }
            const s = sqdist(X, i, C, j);
            const dj = Math.sqrt(s);
            lower[row + j] = dj;
            if (s < ua2 || (s === ua2 && j < a)) {
              a = j;
              u = dj;
              ua2 = s;
            }
          }
          if (a !== old) {
            labels[i] = a;
            changed++;
          }
        }
      }
      upper[i] = u;
      if (accumulate) add(X, i, W[i] as number, a, acc, offset, k);
    }
    acc[offset + k * d + k + 1] = changed;
  };

  return {
    d,
    sources: undefined,
    hamerlyInit: hamerlyWith(true),
    hamerly: hamerlyWith(false),
    assign: assignWith(false),
    assignSums: assignWith(true),
    sqdist,
    nearestTwo,
    seedDistances,
    inertia,
    moments,
    elkan,
  };
}

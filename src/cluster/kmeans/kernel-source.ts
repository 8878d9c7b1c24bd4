/**
 * Source generation of the unrolled kernels (see `kernels.ts` for what each one computes).
 *
 * For a given number of features `d`, every loop over features is written out, and a row's
 * coordinates are loaded once into locals `x0…x{d−1}` that V8 keeps in registers. The text
 * contains only integer literals derived from `d` and fixed identifiers, never user data.
 *
 * Every squared distance is computed as `s = (x₀ − c₀)²; s += (x₁ − c₁)²; …` in feature
 * order, the same operations as the generic loops, so generated and generic kernels agree bit
 * for bit. Where only the minimum matters, a candidate is abandoned once its partial sum is
 * not below the bound (checked every 4 features): the sum can only grow, so this never
 * changes a result.
 *
 * @module
 */
import type { KernelSource, KernelSources } from './kernels.js';

/** Relative margin by which bounds are inflated before a test that would skip work. */
const MARGIN = '(1 + 2 ** -32)';

/** `const x0 = X[o + 0], …;`: the row at offset `row` of `base` into locals `v0…`. */
function loadPoint(d: number, v: string, base: string, row: string): string {
  const parts: string[] = [];
  for (let t = 0; t < d; t++) parts.push(`${v}${t} = ${base}[${row} + ${t}]`);
  return `const ${parts.join(', ')};`;
}

/**
 * Code computing `s`, the squared distance between locals `v0…` and `base[row + t]`, then
 * running `action`. With `bound`, the partial sum is compared with it every 4 features (when
 * at least 2 remain) and the rest, `action` included, skipped when it is not below.
 */
function distance(
  d: number,
  v: string,
  base: string,
  row: string,
  action: string,
  bound?: string,
): string {
  // The difference is called `e`: actions may use `a` (a cluster index) from outside.
  let code = `let e = ${v}0 - ${base}[${row}]; let s = e * e;\n`;
  let open = 0;
  for (let t = 1; t < d; t++) {
    if (bound !== undefined && t % 4 === 0 && d - t >= 2) {
      code += `if (s < ${bound}) {\n`;
      open++;
    }
    code += `e = ${v}${t} - ${base}[${row} + ${t}]; s += e * e;\n`;
  }
  return `{\n${code}${action}\n${'}'.repeat(open)}}`;
}

/** Code adding `w·x` of row offset `o` (from locals or from X) into `acc` at cluster `a`. */
function accumulate(d: number, fromLocals: boolean): string {
  const lines = [`const c = offset + a * ${d};`];
  for (let t = 0; t < d; t++) {
    lines.push(`acc[c + ${t}] += ${fromLocals ? `x${t}` : `X[o + ${t}]`} * w;`);
  }
  lines.push(`acc[wo + a] += w;`);
  return lines.join('\n');
}

/** Code finding the nearest (`bj`, `b1`) and second-nearest (`b2`) centroids of locals `x`. */
function nearestTwo(d: number): string {
  return `let b1 = Infinity, b2 = Infinity, bj = 0;
    for (let j = 0, c = 0; j < k; j++, c += ${d}) ${distance(
      d,
      'x',
      'C',
      'c',
      'if (s < b1) { b2 = b1; b1 = s; bj = j; } else if (s < b2) { b2 = s; }',
      'b2',
    )}`;
}

function assign(d: number, withSums: boolean): KernelSource {
  return {
    params: ['X', 'W', 'C', 'k', 'labels', 'start', 'end', 'acc', 'offset'],
    body: `
      let inertia = 0, changed = 0;
      const wo = offset + k * ${d};
      for (let i = start; i < end; i++) {
        const o = i * ${d};
        ${loadPoint(d, 'x', 'X', 'o')}
        let best = Infinity, bj = 0;
        for (let j = 0, c = 0; j < k; j++, c += ${d}) ${distance(
          d,
          'x',
          'C',
          'c',
          'if (s < best) { best = s; bj = j; }',
          'best',
        )}
        if (labels[i] !== bj) { labels[i] = bj; changed++; }
        const w = W[i];
        inertia += w * best;
        ${withSums ? `{ const a = bj; ${accumulate(d, true)} }` : ''}
      }
      acc[wo + k] = inertia;
      acc[wo + k + 1] = changed;`,
  };
}

const BOUNDS_PARAMS = ['X', 'W', 'C', 'k', 'labels', 'upper', 'lower', 'half', 'shift', 'scalars'];
const RANGE_PARAMS = ['start', 'end', 'acc', 'offset'];

/**
 * First pass of a Hamerly run: the nearest centroid of every row (Lloyd's loop), the exact
 * upper bound, and as lower bound the triangle-inequality bound 2·half[a] − u (no distance
 * to a second centroid needed): rows deep inside their cluster are skipped from the next pass
 * on, the others get exact bounds then.
 */
function hamerlyInit(d: number): KernelSource {
  return {
    params: [...BOUNDS_PARAMS, ...RANGE_PARAMS],
    body: `
      const accumulate = scalars[0] === 1;
      const wo = offset + k * ${d};
      let changed = 0, inertia = 0;
      for (let i = start; i < end; i++) {
        const o = i * ${d};
        ${loadPoint(d, 'x', 'X', 'o')}
        let best = Infinity, bj = 0;
        for (let j = 0, c = 0; j < k; j++, c += ${d}) ${distance(
          d,
          'x',
          'C',
          'c',
          'if (s < best) { best = s; bj = j; }',
          'best',
        )}
        const a = bj;
        const u = Math.sqrt(best);
        const l = 2 * half[a] - u;
        upper[i] = u;
        lower[i] = l > 0 ? l : 0;
        if (labels[i] !== a) { labels[i] = a; changed++; }
        const w = W[i];
        inertia += w * best;
        if (accumulate) {
          ${accumulate(d, true)}
        }
      }
      acc[wo + k] = inertia;
      acc[wo + k + 1] = changed;`,
  };
}

/**
 * Later passes of a Hamerly run: bounds updated by the moves, distances only where needed
 * (and, when scalars[10] is 1, each row's distance to its centroid for the inertia; NaN
 * otherwise).
 * The chunk's sums are then added up in a second loop, and only when some label changed or
 * the block does not hold the previous pass's sums (scalars[9]): unchanged labels would give
 * bit-identical sums, so a settled chunk does not read its rows at all.
 */
function hamerly(d: number): KernelSource {
  return {
    params: [...BOUNDS_PARAMS, ...RANGE_PARAMS],
    body: `
      const shiftMax = scalars[2], shiftSecond = scalars[3], shiftArgMax = scalars[4];
      const wantInertia = scalars[10] === 1;
      const wo = offset + k * ${d};
      let changed = 0, inertia = 0;
      for (let i = start; i < end; i++) {
        let a = labels[i];
        let u = upper[i] + shift[a];
        let l = lower[i] - (a === shiftArgMax ? shiftSecond : shiftMax);
        const h = half[a];
        const m = h > l ? h : l;
        // The squared distance to the row's centroid: what the bounds need when they do not
        // settle the row, and the inertia when asked for (scalars[10]).
        let own = 0;
        const settled = u * ${MARGIN} < m;
        if (!settled || wantInertia) {
          const o = i * ${d};
          ${loadPoint(d, 'x', 'X', 'o')}
          const c = a * ${d};
          ${distance(d, 'x', 'C', 'c', 'own = s;')}
        }
        if (!settled) {
          u = Math.sqrt(own);
          if (u * ${MARGIN} >= m) {
            const o = i * ${d};
            ${loadPoint(d, 'x', 'X', 'o')}
            ${nearestTwo(d)}
            u = Math.sqrt(b1);
            l = Math.sqrt(b2);
            own = b1;
            if (a !== bj) { a = bj; labels[i] = bj; changed++; }
          }
        }
        upper[i] = u;
        lower[i] = l;
        inertia += W[i] * own;
      }
      if (scalars[0] === 1 && (changed > 0 || scalars[9] !== 1)) {
        acc.fill(0, offset, wo + k);
        for (let i = start; i < end; i++) {
          const o = i * ${d};
          const a = labels[i];
          const w = W[i];
          ${accumulate(d, false)}
        }
      }
      acc[wo + k] = wantInertia ? inertia : NaN;
      acc[wo + k + 1] = changed;`,
  };
}

function elkan(d: number): KernelSource {
  const test = `(bound < lower[row + j] || bound < halfBetween[a * k + j])`;
  return {
    params: [
      'X',
      'W',
      'C',
      'k',
      'labels',
      'upper',
      'lower',
      'half',
      'halfBetween',
      'shift',
      'scalars',
      'start',
      'end',
      'acc',
      'offset',
    ],
    body: `
      const accumulate = scalars[0] === 1, first = scalars[1] === 1, pending = scalars[5] === 1;
      const wo = offset + k * ${d};
      let changed = 0;
      for (let i = start; i < end; i++) {
        const o = i * ${d};
        const row = i * k;
        let a = labels[i], u;
        if (first) {
          ${loadPoint(d, 'x', 'X', 'o')}
          let best = Infinity, bj = 0;
          for (let j = 0, c = 0; j < k; j++, c += ${d}) ${distance(
            d,
            'x',
            'C',
            'c',
            'lower[row + j] = Math.sqrt(s); if (s < best) { best = s; bj = j; }',
          )}
          if (a !== bj) { a = bj; labels[i] = bj; changed++; }
          u = Math.sqrt(best);
        } else {
          u = upper[i];
          if (pending) {
            u += shift[a];
            for (let j = 0; j < k; j++) {
              const l = lower[row + j] - shift[j];
              lower[row + j] = l > 0 ? l : 0;
            }
          }
          if (u * ${MARGIN} >= half[a]) {
            ${loadPoint(d, 'x', 'X', 'o')}
            const old = a;
            let tight = false, ua2 = 0;
            for (let j = 0; j < k; j++) {
              if (j === a) continue;
              let bound = u * ${MARGIN};
              if ${test} continue;
              if (!tight) {
                const c = a * ${d};
                ${distance(d, 'x', 'C', 'c', 'ua2 = s;')}
                u = Math.sqrt(ua2);
                lower[row + a] = u;
                tight = true;
                bound = u * ${MARGIN};
                if ${test} continue;
              }
              const c = j * ${d};
              ${distance(
                d,
                'x',
                'C',
                'c',
                `const dj = Math.sqrt(s);
                lower[row + j] = dj;
                if (s < ua2 || (s === ua2 && j < a)) { a = j; u = dj; ua2 = s; }`,
              )}
            }
            if (a !== old) { labels[i] = a; changed++; }
          }
        }
        upper[i] = u;
        if (accumulate) {
          const w = W[i];
          ${accumulate(d, false)}
        }
      }
      acc[wo + k + 1] = changed;`,
  };
}

/** The generated kernel sources for `d` features. */
export function kernelSources(d: number): KernelSources {
  const sqdist = [`const o = i * ${d}, c = j * ${d};`, 'let e = X[o] - C[c]; let s = e * e;'];
  for (let t = 1; t < d; t++) sqdist.push(`e = X[o + ${t}] - C[c + ${t}]; s += e * e;`);
  sqdist.push('return s;');
  const moments: string[] = [];
  for (let t = 0; t < d; t++) moments.push(`let m${t} = 0, q${t} = 0;`);
  const momentsLoop: string[] = [];
  for (let t = 0; t < d; t++) {
    momentsLoop.push(`{ const a = X[o + ${t}] - y${t}; m${t} += a; q${t} += a * a; }`);
  }
  const momentsOut: string[] = [];
  for (let t = 0; t < d; t++) momentsOut.push(`out[${t}] += m${t}; out[${d + t}] += q${t};`);
  return {
    assign: assign(d, false),
    assignSums: assign(d, true),
    sqdist: { params: ['X', 'i', 'C', 'j'], body: sqdist.join('\n') },
    nearestTwo: {
      params: ['X', 'i', 'C', 'k', 'out'],
      body: `
        const o = i * ${d};
        ${loadPoint(d, 'x', 'X', 'o')}
        ${nearestTwo(d)}
        out[0] = b1;
        out[1] = b2;
        return bj;`,
    },
    seedDistances: {
      params: [
        'X',
        'W',
        'start',
        'end',
        'candidates',
        'count',
        'buffers',
        'closestIndex',
        'pots',
        'potOffset',
      ],
      body: `
        const closest = buffers[closestIndex];
        const outs = [];
        for (let t = 0; t < count; t++) {
          outs.push(buffers[t < closestIndex ? t : t + 1]);
          pots[potOffset + t] = 0;
        }
        for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
          ${loadPoint(d, 'x', 'X', 'o')}
          const m = closest[i];
          const w = W[i];
          for (let t = 0; t < count; t++) {
            const c = candidates[t] * ${d};
            let v = m;
            ${distance(d, 'x', 'X', 'c', 'if (s < m) v = s;', 'm')}
            outs[t][i] = v;
            pots[potOffset + t] += w * v;
          }
        }`,
    },
    inertia: {
      params: ['X', 'W', 'C', 'labels', 'start', 'end'],
      body: `
        let total = 0;
        for (let i = start; i < end; i++) {
          const o = i * ${d}, c = labels[i] * ${d};
          ${loadPoint(d, 'x', 'X', 'o')}
          ${distance(d, 'x', 'C', 'c', 'total += W[i] * s;')}
        }
        return total;`,
    },
    moments: {
      params: ['X', 'start', 'end', 'shift', 'out'],
      body: `
        ${loadPoint(d, 'y', 'X', 'shift')}
        ${moments.join(' ')}
        for (let i = start, o = start * ${d}; i < end; i++, o += ${d}) {
          ${momentsLoop.join('\n')}
        }
        ${momentsOut.join('\n')}`,
    },
    hamerlyInit: hamerlyInit(d),
    hamerly: hamerly(d),
    elkan: elkan(d),
  };
}

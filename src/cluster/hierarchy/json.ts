/**
 * The JSON form of a fitted {@link AgglomerativeClustering}: the merge tree, the leaf of
 * every customer, the labels and cluster means, the warnings; everything read back is
 * checked (`INVALID_MODEL` otherwise).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { CohortlabWarning, WarningCode } from '../../errors/warnings.js';
import { readArray, readObject } from '../../preprocess/state-json.js';
import type { AgglomerativeLearned } from './agglomerative.js';

/** The learned state as plain JSON. */
export function agglomerativeStateJSON(state: AgglomerativeLearned): Record<string, unknown> {
  const { tree, centroids } = state;
  return {
    leaves: tree.leaves,
    children: Array.from(tree.children),
    heights: Array.from(tree.heights),
    sizes: Array.from(tree.sizes),
    method: state.method,
    leafOf: Array.from(state.leafOf),
    labels: Array.from(state.labels),
    nClusters: state.nClusters,
    nFeatures: centroids.cols,
    featureNames: centroids.names === undefined ? null : [...centroids.names],
    centroids: Array.from(centroids.data),
    warnings: state.warnings.map((w) => ({ ...w })),
  };
}

/** Reads {@link agglomerativeStateJSON} output back. */
export function readAgglomerativeState(value: unknown, model: string): AgglomerativeLearned {
  const state = readObject(value, 'state', model);
  const bad = (field: string, what: string): CohortlabError =>
    new CohortlabError('INVALID_MODEL', `${model} model field "${field}" ${what}`);
  const whole = (field: string, min: number): number => {
    const v = state[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw bad(field, `must be a whole number >= ${min}`);
    }
    return v;
  };
  const numbers = (field: string, length: number, check: (v: number) => boolean): number[] => {
    const list = readArray(state[field], field, model);
    if (list.length !== length || !list.every((v) => typeof v === 'number' && check(v))) {
      throw bad(field, `must hold ${length} valid numbers`);
    }
    return list as number[];
  };
  const leaves = whole('leaves', 1);
  const nClusters = whole('nClusters', 1);
  const d = whole('nFeatures', 1);
  if (nClusters > leaves) throw bad('nClusters', `must be at most ${leaves}`);
  const m = leaves - 1;
  const children = numbers('children', 2 * m, (v) => Number.isInteger(v) && v >= 0);
  // Merge m may only join nodes made before it: leaves, or merges 0 .. m − 1.
  children.forEach((v, p) => {
    if (v >= leaves + Math.floor(p / 2)) throw bad('children', 'must refer to earlier nodes');
  });
  const heights = numbers('heights', m, (v) => Number.isFinite(v) && v >= 0);
  const sizes = numbers('sizes', m, (v) => Number.isFinite(v) && v > 0);
  const method = state['method'];
  if (method !== 'exact' && method !== 'two-step')
    throw bad('method', "must be 'exact' or 'two-step'");
  const leafList = readArray(state['leafOf'], 'leafOf', model);
  const rows = leafList.length;
  if (
    !leafList.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < leaves)
  ) {
    throw bad('leafOf', `must be whole numbers in [0, ${leaves})`);
  }
  const labels = numbers('labels', rows, (v) => Number.isInteger(v) && v >= 0 && v < nClusters);
  const centroids = numbers('centroids', nClusters * d, Number.isFinite);
  let names: string[] | undefined;
  const rawNames = state['featureNames'];
  if (rawNames !== null && rawNames !== undefined) {
    const list = readArray(rawNames, 'featureNames', model);
    if (list.length !== d || !list.every((v) => typeof v === 'string')) {
      throw bad('featureNames', `must list ${d} names`);
    }
    names = [...(list as string[])];
  }
  const warnings = readArray(state['warnings'], 'warnings', model).map((w) => {
    const o = readObject(w, 'warnings', model);
    if (typeof o['code'] !== 'string' || typeof o['message'] !== 'string') {
      throw bad('warnings', 'must hold objects with a code and a message');
    }
    return { ...o, code: o['code'] as WarningCode, message: o['message'] } as CohortlabWarning;
  });
  const data = Float64Array.from(centroids);
  return {
    tree: {
      leaves,
      children: Int32Array.from(children),
      heights: Float64Array.from(heights),
      sizes: Float64Array.from(sizes),
    },
    method,
    leafOf: Int32Array.from(leafList as number[]),
    labels: Int32Array.from(labels),
    nClusters,
    centroids:
      names === undefined
        ? { data, rows: nClusters, cols: d }
        : { data, rows: nClusters, cols: d, names },
    warnings,
  };
}

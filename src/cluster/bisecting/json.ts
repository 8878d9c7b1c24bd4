/**
 * The JSON form of a fitted {@link BisectingKMeans}: the split tree, labels, centres and
 * inertia; everything read back is checked (`INVALID_MODEL` otherwise).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { readArray, readObject } from '../../preprocess/state-json.js';
import type { BisectingKMeansLearned, BisectingNode } from './bisecting-kmeans.js';

/** The learned state as plain JSON. */
export function bisectingStateJSON(state: BisectingKMeansLearned): Record<string, unknown> {
  const { centroids } = state;
  return {
    nFeatures: centroids.cols,
    featureNames: centroids.names === undefined ? null : [...centroids.names],
    nodes: state.nodes.map((node) => ({
      parent: node.parent,
      children: node.children === null ? null : [...node.children],
      size: node.size,
      center: Array.from(node.center),
      inertia: node.inertia,
      label: node.label,
      splitOrder: node.splitOrder,
    })),
    labels: Array.from(state.labels),
    centroids: Array.from(centroids.data),
    inertia: state.inertia,
  };
}

/** Reads {@link bisectingStateJSON} output back for `k` clusters. */
export function readBisectingState(
  value: unknown,
  k: number,
  model: string,
): BisectingKMeansLearned {
  const state = readObject(value, 'state', model);
  const bad = (field: string, what: string): CohortlabError =>
    new CohortlabError('INVALID_MODEL', `${model} model field "${field}" ${what}`);
  const d = state['nFeatures'];
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
    throw bad('nFeatures', 'must be a whole number >= 1');
  }
  const finite = (list: unknown, field: string, length: number): Float64Array => {
    const values = readArray(list, field, model);
    if (
      values.length !== length ||
      !values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw bad(field, `must be ${length} finite numbers`);
    }
    return Float64Array.from(values as number[]);
  };
  const rawNodes = readArray(state['nodes'], 'nodes', model);
  if (rawNodes.length !== 2 * k - 1) throw bad('nodes', `must list ${2 * k - 1} nodes`);
  const count = rawNodes.length;
  const id = (v: unknown): boolean =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < count;
  const nodes: BisectingNode[] = rawNodes.map((raw) => {
    const o = readObject(raw, 'nodes', model);
    const children = o['children'];
    if (
      children !== null &&
      !(Array.isArray(children) && children.length === 2 && children.every(id))
    ) {
      throw bad('nodes', 'children must be null or two node numbers');
    }
    const label = o['label'];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < -1 || label >= k) {
      throw bad('nodes', `labels must be -1 or in [0, ${k})`);
    }
    const parent = o['parent'];
    if (!(parent === -1 || id(parent))) throw bad('nodes', 'parent must be -1 or a node number');
    const size = o['size'];
    const inertia = o['inertia'];
    const splitOrder = o['splitOrder'];
    if (typeof size !== 'number' || typeof inertia !== 'number' || typeof splitOrder !== 'number') {
      throw bad('nodes', 'size, inertia and splitOrder must be numbers');
    }
    return {
      parent: parent as number,
      children: children === null ? null : [children[0] as number, children[1] as number],
      size,
      center: finite(o['center'], 'nodes', d),
      inertia,
      label,
      splitOrder,
    };
  });
  const labelList = readArray(state['labels'], 'labels', model);
  if (!labelList.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < k)) {
    throw bad('labels', `must be whole numbers in [0, ${k})`);
  }
  let names: string[] | undefined;
  const rawNames = state['featureNames'];
  if (rawNames !== null && rawNames !== undefined) {
    const list = readArray(rawNames, 'featureNames', model);
    if (list.length !== d || !list.every((v) => typeof v === 'string'))
      throw bad('featureNames', `must list ${d} names`);
    names = [...(list as string[])];
  }
  const data = finite(state['centroids'], 'centroids', k * d);
  const inertia = state['inertia'];
  if (typeof inertia !== 'number' || !Number.isFinite(inertia))
    throw bad('inertia', 'must be a finite number');
  return {
    nodes,
    labels: Int32Array.from(labelList as number[]),
    centroids: names === undefined ? { data, rows: k, cols: d } : { data, rows: k, cols: d, names },
    inertia,
  };
}

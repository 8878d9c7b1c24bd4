/**
 * The JSON form of a fitted tree's state, and its validation on the way back in: a model file
 * may be hand-edited or truncated, so every index and length is checked (INVALID_MODEL) before
 * prediction could loop or read out of bounds.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { TreeFeature } from './dataset.js';
import { LEAF, type TreeNodes } from './nodes.js';

/** Flat node arrays, one entry per node (see {@link TreeNodes}); `value` is row-major. */
export type TreeNodesJSON = {
  readonly childrenLeft: readonly number[];
  readonly childrenRight: readonly number[];
  readonly feature: readonly number[];
  /** `null` at leaves and categorical splits (JSON has no NaN). */
  readonly threshold: readonly (number | null)[];
  readonly categoriesLeft: readonly (readonly number[] | null)[];
  readonly impurity: readonly number[];
  readonly nNodeSamples: readonly number[];
  readonly weightedNNodeSamples: readonly number[];
  readonly value: readonly number[];
};

/** Typed node arrays to plain JSON. */
export function nodesToJSON(nodes: TreeNodes): TreeNodesJSON {
  return {
    childrenLeft: Array.from(nodes.childrenLeft),
    childrenRight: Array.from(nodes.childrenRight),
    feature: Array.from(nodes.feature),
    threshold: Array.from(nodes.threshold, (t) => (Number.isNaN(t) ? null : t)),
    categoriesLeft: nodes.categoriesLeft.map((list) => (list === null ? null : [...list])),
    impurity: Array.from(nodes.impurity),
    nNodeSamples: Array.from(nodes.nNodeSamples),
    weightedNNodeSamples: Array.from(nodes.weightedNNodeSamples),
    value: Array.from(nodes.value),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numbers(
  value: unknown,
  length: number,
  what: string,
  fail: (d: string) => Error,
): number[] {
  if (
    !Array.isArray(value) ||
    value.length !== length ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw fail(`"${what}" must be ${length} finite numbers`);
  }
  return value as number[];
}

function strings(value: unknown, what: string, fail: (d: string) => Error): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw fail(`"${what}" must be a list of strings`);
  }
  if (new Set(value).size !== value.length) throw fail(`"${what}" has duplicates`);
  return value as string[];
}

function readFeature(value: unknown, fail: (d: string) => Error): TreeFeature {
  if (!isObject(value) || typeof value.name !== 'string') throw fail('a feature needs a name');
  if (value.type === 'numeric') return { name: value.name, type: 'numeric' };
  if (value.type === 'categorical') {
    const categories = strings(value.categories, `categories of ${value.name}`, fail);
    return { name: value.name, type: 'categorical', categories };
  }
  throw fail(`feature "${value.name}" has unknown type ${String(value.type)}`);
}

/** Validates a parsed state and returns the classes, features and typed node arrays. */
export function nodesFromJSON(
  state: unknown,
  owner: string,
): { classes: string[]; features: TreeFeature[]; nodes: TreeNodes } {
  const fail = (detail: string): Error =>
    new CohortlabError('INVALID_MODEL', `${owner} model: ${detail}`);
  if (!isObject(state) || !isObject(state.nodes) || !Array.isArray(state.features)) {
    throw fail('state needs classes, features and nodes');
  }
  const classes = strings(state.classes, 'classes', fail);
  if (classes.length === 0) throw fail('no classes');
  const features = state.features.map((f) => readFeature(f, fail));
  const raw = state.nodes;
  const left = raw.childrenLeft;
  if (!Array.isArray(left) || left.length === 0) throw fail('"childrenLeft" must list the nodes');
  const n = left.length;
  const childrenLeft = numbers(left, n, 'childrenLeft', fail);
  const childrenRight = numbers(raw.childrenRight, n, 'childrenRight', fail);
  const feature = numbers(raw.feature, n, 'feature', fail);
  const impurity = numbers(raw.impurity, n, 'impurity', fail);
  const nNodeSamples = numbers(raw.nNodeSamples, n, 'nNodeSamples', fail);
  const weighted = numbers(raw.weightedNNodeSamples, n, 'weightedNNodeSamples', fail);
  const value = numbers(raw.value, n * classes.length, 'value', fail);
  const threshold = raw.threshold;
  const categories = raw.categoriesLeft;
  if (!Array.isArray(threshold) || threshold.length !== n) throw fail('"threshold" length');
  if (!Array.isArray(categories) || categories.length !== n) throw fail('"categoriesLeft" length');
  const thresholds = new Float64Array(n);
  const categoriesLeft: (number[] | null)[] = [];
  for (let i = 0; i < n; i++) {
    const l = childrenLeft[i] as number;
    const r = childrenRight[i] as number;
    const f = feature[i] as number;
    const t: unknown = threshold[i];
    const c: unknown = categories[i];
    thresholds[i] = Number.NaN;
    categoriesLeft.push(null);
    if (l === LEAF && r === LEAF) continue;
    // Pre-order numbering: children come after their parent, which rules out cycles.
    const valid = (child: number): boolean => Number.isInteger(child) && child > i && child < n;
    if (!valid(l) || !valid(r) || l === r) throw fail(`node ${i} has invalid children`);
    const spec = features[f];
    if (!Number.isInteger(f) || spec === undefined)
      throw fail(`node ${i} has invalid feature ${f}`);
    if (spec.type === 'numeric') {
      if (typeof t !== 'number' || !Number.isFinite(t)) throw fail(`node ${i} needs a threshold`);
      thresholds[i] = t;
    } else {
      const count = spec.categories.length;
      if (!Array.isArray(c) || !c.every((v) => Number.isInteger(v) && v >= 0 && v < count)) {
        throw fail(`node ${i} needs category indices below ${count}`);
      }
      categoriesLeft[i] = c as number[];
    }
  }
  return {
    classes,
    features,
    nodes: {
      nodeCount: n,
      nClasses: classes.length,
      childrenLeft: Int32Array.from(childrenLeft),
      childrenRight: Int32Array.from(childrenRight),
      feature: Int32Array.from(feature),
      threshold: thresholds,
      categoriesLeft,
      impurity: Float64Array.from(impurity),
      nNodeSamples: Float64Array.from(nNodeSamples),
      weightedNNodeSamples: Float64Array.from(weighted),
      value: Float64Array.from(value),
    },
  };
}

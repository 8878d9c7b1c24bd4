import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  type ModelJSON,
  type TableTransformer,
} from '../model/estimator.js';
import type { ColumnTable } from '../table/column-table.js';
import { transformerFromJSON } from './registry.js';
import { readArray, readObject, readStrings, restoring } from './state-json.js';
import { isInvertible, type InvertibleTransformer } from './transformer.js';

const TYPE = 'Pipeline';

/** One named step of a {@link Pipeline}. */
export type PipelineStep = readonly [name: string, transformer: TableTransformer<unknown>];

/** Hyperparameters of a {@link Pipeline}: its steps, in order. */
export type PipelineParams = {
  /** Named steps, applied first to last. */
  readonly steps: readonly PipelineStep[];
};

/**
 * Ordered, named transformers applied one after the other, like scikit-learn's `Pipeline`:
 * `fit` fits each step on the output of the previous ones, `transform` chains the fitted
 * steps, and `toJSON` stores every step so that the whole preprocessing travels as one file.
 */
export class Pipeline implements InvertibleTransformer<PipelineParams> {
  /** The steps as given to the constructor. */
  readonly params: Readonly<PipelineParams>;

  /**
   * @param steps `[name, transformer]` pairs; names must be distinct non-empty strings and
   *   each transformer may appear only once. `INVALID_OPTION` otherwise.
   */
  constructor(steps: readonly PipelineStep[]) {
    if (!Array.isArray(steps) || steps.length === 0) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} needs at least one [name, transformer] step`,
      );
    }
    const names = new Set<string>();
    const transformers = new Set<TableTransformer<unknown>>();
    for (const step of steps) {
      // Checked at runtime: plain JavaScript callers get no compile-time check.
      if (!Array.isArray(step as unknown) || step.length !== 2) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `${TYPE} steps must be [name, transformer] pairs`,
        );
      }
      const [name, transformer] = step;
      if (typeof name !== 'string' || name === '' || names.has(name)) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `${TYPE} step names must be distinct non-empty strings, got ${JSON.stringify(name)}`,
        );
      }
      if (
        typeof transformer !== 'object' ||
        transformer === null ||
        typeof transformer.fit !== 'function' ||
        typeof transformer.transform !== 'function'
      ) {
        throw new CohortlabError('INVALID_OPTION', `${TYPE} step "${name}" is not a transformer`);
      }
      // Fitting one instance twice would overwrite what the earlier step learned.
      if (transformers.has(transformer)) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `${TYPE} step "${name}" reuses an earlier step's transformer`,
        );
      }
      names.add(name);
      transformers.add(transformer);
    }
    this.params = Object.freeze({
      steps: Object.freeze(steps.map((s) => Object.freeze([s[0], s[1]] as const))),
    });
  }

  /** The steps in order. */
  get steps(): readonly PipelineStep[] {
    return this.params.steps;
  }

  /** The transformer of the named step; `INVALID_OPTION` for an unknown name. */
  step(name: string): TableTransformer<unknown> {
    const found = this.params.steps.find(([n]) => n === name);
    if (found === undefined) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} has no step "${name}"; steps: ${this.params.steps.map(([n]) => n).join(', ')}`,
      );
    }
    return found[1];
  }

  /** True when every step is fitted. */
  get isFitted(): boolean {
    return this.params.steps.every(([, t]) => t.isFitted);
  }

  /** Output column names of the last step. */
  get featureNamesOut(): readonly string[] {
    this.requireFitted();
    return (this.params.steps[this.params.steps.length - 1] as PipelineStep)[1].featureNamesOut;
  }

  /** Fits each step on the output of the steps before it. */
  fit(table: ColumnTable): this {
    let current = table;
    const last = this.params.steps.length - 1;
    this.params.steps.forEach(([, transformer], k) => {
      transformer.fit(current);
      // The last step's output is not needed to fit anything.
      if (k < last) current = transformer.transform(current);
    });
    return this;
  }

  /** Runs `table` through every fitted step. */
  transform(table: ColumnTable): ColumnTable {
    this.requireFitted();
    let current = table;
    for (const [, transformer] of this.params.steps) current = transformer.transform(current);
    return current;
  }

  /**
   * Undoes `transform` by running each step's `inverseTransform` from last to first.
   * `INVALID_OPTION` when a step has none (imputation, clipping, encoding).
   */
  inverseTransform(table: ColumnTable): ColumnTable {
    this.requireFitted();
    const steps = [...this.params.steps].reverse();
    for (const [name, transformer] of steps) {
      if (!isInvertible(transformer)) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `${TYPE} cannot be inverted: step "${name}" (${transformer.constructor.name}) has no inverseTransform`,
        );
      }
    }
    let current = table;
    for (const [, transformer] of steps) {
      current = (transformer as InvertibleTransformer<unknown>).inverseTransform(current);
    }
    return current;
  }

  /** The fitted pipeline as plain JSON, each step as its own model JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    this.requireFitted();
    const steps = this.params.steps;
    // Each step's envelope is spread into a plain object: TypeScript does not treat the
    // ModelJSON interface itself as a JsonValue, although its content is one.
    return modelJSON(
      TYPE,
      1,
      { steps: steps.map(([name]) => name) },
      { steps: steps.map(([name, transformer]) => ({ name, model: { ...transformer.toJSON() } })) },
    );
  }

  /**
   * Restores a fitted pipeline from {@link Pipeline.toJSON} output (object or string). Each
   * step's type must be registered (see `registerTransformer`); the built-in ones are.
   */
  static fromJSON(json: unknown): Pipeline {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const state = readObject(model.state, 'state', TYPE);
    const steps = readArray(state['steps'], 'steps', TYPE).map((entry): PipelineStep => {
      const step = readObject(entry, 'steps', TYPE);
      const name = step['name'];
      if (typeof name !== 'string') {
        throw new CohortlabError('INVALID_MODEL', `${TYPE} model step lacks a name`);
      }
      return [name, transformerFromJSON(step['model'])];
    });
    // params.steps repeats the names; a mismatch means the file was edited inconsistently.
    const params = readObject(model.params, 'params', TYPE);
    const names = readStrings(params['steps'], 'steps', TYPE);
    if (names.length !== steps.length || names.some((name, k) => name !== steps[k]?.[0])) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${TYPE} model params and state list different steps`,
      );
    }
    const pipeline = restoring(TYPE, () => new Pipeline(steps));
    if (!pipeline.isFitted) {
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model holds a step that is not fitted`);
    }
    return pipeline;
  }

  private requireFitted(): void {
    const unfitted = this.params.steps.find(([, t]) => !t.isFitted);
    if (unfitted !== undefined) {
      throw new CohortlabError(
        'NOT_FITTED',
        `${TYPE} step "${unfitted[0]}" is not fitted: call fit() first`,
      );
    }
  }
}

/**
 * User-defined classes from an ordered list of named rules.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type ModelJSON,
  type TableClassifier,
} from '../../model/estimator.js';
import { isNumericColumn, rowCount, type ColumnTable } from '../../table/column-table.js';
import { invalidModel, isPlainObject } from '../shared.js';
import { referencedColumns, type RuleExpr } from './ast.js';
import { checkRuleExpression, compileRuleExpression, type RuleValueType } from './evaluate.js';
import { parseRuleExpression } from './parser.js';

const TYPE = 'RuleClassifier';

/** One rule as written by the user: the class `name` and the condition `when`. */
export type RuleSpec = {
  readonly name: string;
  readonly when: string;
};

/** A rule with its parsed condition. */
export interface ParsedRule extends RuleSpec {
  readonly expr: RuleExpr;
}

/** Hyperparameters of {@link RuleClassifier}, defaults filled in. */
export type RuleClassifierParams = {
  /** Rules in priority order: the first whose condition is true names the class. */
  readonly rules: readonly RuleSpec[];
  /** Class of customers no rule matches (default "other"). */
  readonly defaultClass: string;
};

/** Constructor options of {@link RuleClassifier}. */
export interface RuleClassifierOptions {
  readonly rules: readonly RuleSpec[];
  readonly defaultClass?: string;
}

/** What {@link RuleClassifier.fit} records: the type of every referenced column. */
export type RuleClassifierState = {
  readonly columns: Readonly<Record<string, RuleValueType>>;
};

function invalid(detail: string): CohortlabError {
  return new CohortlabError('INVALID_RULE', detail);
}

/**
 * Reads a rule set from parsed JSON (the content of a rules file): either an array of
 * `{ "name": …, "when": … }` objects, or an object `{ "rules": [...], "defaultClass": … }`.
 * `defaultClass` (argument, else the file's, else "other") names unmatched customers.
 * Other keys of a rule object (say `description`) are ignored. Throws INVALID_RULE on a
 * malformed shape; conditions are parsed by the {@link RuleClassifier} constructor.
 */
export function ruleSetFromJSON(value: unknown, defaultClass?: string): RuleClassifierOptions {
  let rules: unknown = value;
  let fileDefault: unknown;
  if (isPlainObject(value)) {
    rules = value.rules;
    fileDefault = value.defaultClass;
    if (fileDefault !== undefined && (typeof fileDefault !== 'string' || fileDefault === '')) {
      throw invalid('rule set: "defaultClass" must be a non-empty string');
    }
  }
  if (!Array.isArray(rules)) {
    throw invalid('a rule set must be an array of {name, when} or an object with a "rules" array');
  }
  const specs = rules.map((rule: unknown, index): RuleSpec => {
    if (!isPlainObject(rule) || typeof rule.name !== 'string' || rule.name === '') {
      throw invalid(`rule ${index + 1} needs a non-empty "name"`);
    }
    if (typeof rule.when !== 'string') {
      throw invalid(`rule "${rule.name}" needs a "when" condition (a string)`);
    }
    return { name: rule.name, when: rule.when };
  });
  return { rules: specs, defaultClass: defaultClass ?? (fileDefault as string | undefined) };
}

/**
 * Classes defined by rules, e.g. a custom A/B/C/D scheme:
 *
 * ```ts
 * new RuleClassifier({
 *   rules: [
 *     { name: 'A', when: 'monetary >= 1000 and recency_days <= 90' },
 *     { name: 'B', when: 'monetary >= 250 or frequency >= 5' },
 *     { name: 'C', when: "has_transactions = 1 and region in ('north', 'east')" },
 *   ],
 *   defaultClass: 'D',
 * });
 * ```
 *
 * The first rule whose condition is true names the class; customers no rule matches get
 * `defaultClass`. Several rules may share a name (alternatives). `classes` lists the distinct
 * rule names in order, then the default class (if not already listed).
 *
 * Conditions use the rule language (see `parser`): comparisons `< <= > >= = == != <>`,
 * `and`, `or`, `not`, parentheses, `in (…)`, `not in (…)`, `is null`, `is not null`;
 * column names bare or `backquoted`, strings in single or double quotes. Missing values
 * (NaN, null) make comparisons unknown and a rule matches only when its condition is true —
 * SQL semantics (see `evaluate`). Text columns support `=`, `!=`, `in` and `is null`;
 * matching is case-sensitive.
 *
 * The constructor parses every condition (INVALID_RULE naming the rule and the character
 * position). `fit` checks the referenced columns exist (UNKNOWN_FEATURE naming the rule and
 * column) and have matching types (INVALID_RULE); `predict` checks the same on its table.
 */
export class RuleClassifier implements TableClassifier<RuleClassifierParams> {
  readonly params: Readonly<RuleClassifierParams>;
  readonly classes: readonly string[];
  /** The rules with their parsed syntax trees, in priority order (for SQL generation). */
  readonly parsedRules: readonly ParsedRule[];
  #state: RuleClassifierState | undefined;

  constructor(options: RuleClassifierOptions) {
    if (!isPlainObject(options))
      throw invalid('RuleClassifier needs options { rules, defaultClass }');
    const { rules, defaultClass } = ruleSetFromJSON(options.rules, options.defaultClass);
    this.params = { rules, defaultClass: defaultClass ?? 'other' };
    if (typeof this.params.defaultClass !== 'string' || this.params.defaultClass === '') {
      throw new CohortlabError('INVALID_OPTION', 'defaultClass must be a non-empty string');
    }
    this.parsedRules = rules.map((rule) => ({
      ...rule,
      expr: parseRuleExpression(rule.when, rule.name),
    }));
    this.classes = [...new Set([...rules.map((rule) => rule.name), this.params.defaultClass])];
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The recorded column types. Throws NOT_FITTED before `fit`. */
  get state(): RuleClassifierState {
    return requireFitted(this.#state, TYPE);
  }

  #check(table: ColumnTable): Record<string, RuleValueType> {
    const columns: Record<string, RuleValueType> = {};
    for (const rule of this.parsedRules) {
      checkRuleExpression(rule.expr, table, rule.name);
      for (const name of referencedColumns(rule.expr)) {
        columns[name] = isNumericColumn(table[name] as ColumnTable[string]) ? 'number' : 'text';
      }
    }
    return columns;
  }

  /** Validates the rules against `table`'s columns and records their types. */
  fit(table: ColumnTable): this {
    this.#state = { columns: this.#check(table) };
    return this;
  }

  /** The class of every row: the first matching rule's name, else `defaultClass`. */
  predict(table: ColumnTable): string[] {
    requireFitted(this.#state, TYPE);
    this.#check(table);
    const n = rowCount(table);
    const tests = this.parsedRules.map((rule) => compileRuleExpression(rule.expr, table));
    const names = this.parsedRules.map((rule) => rule.name);
    const out: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const k = tests.findIndex((test) => test(i) === true);
      out[i] = k === -1 ? this.params.defaultClass : (names[k] as string);
    }
    return out;
  }

  /** The fitted model as plain JSON. */
  toJSON(): ModelJSON<RuleClassifierParams, RuleClassifierState> {
    return modelJSON(TYPE, 1, this.params, requireFitted(this.#state, TYPE));
  }

  /** Restores a fitted classifier from {@link RuleClassifier.toJSON} output. */
  static fromJSON(json: unknown): RuleClassifier {
    const model = readModelJSON<RuleClassifierParams, unknown>(json, TYPE, 1);
    if (!isPlainObject(model.params)) throw invalidModel(TYPE, 'params must be an object');
    const classifier = new RuleClassifier(model.params as unknown as RuleClassifierOptions);
    const state = model.state;
    if (!isPlainObject(state) || !isPlainObject(state.columns)) {
      throw invalidModel(TYPE, 'state needs the column types');
    }
    const columns: Record<string, RuleValueType> = {};
    for (const [name, type] of Object.entries(state.columns)) {
      if (type !== 'number' && type !== 'text')
        throw invalidModel(TYPE, `bad type for column "${name}"`);
      columns[name] = type;
    }
    classifier.#state = { columns };
    return classifier;
  }
}

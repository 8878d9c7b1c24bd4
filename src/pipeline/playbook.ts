/**
 * The segment playbook: what to do with each class or cluster — action, owner, contact rhythm
 * and priority — and the one entry that applies to each customer.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { getText, rowCount, type Column, type ColumnTable } from '../table/column-table.js';

/** What to do with the customers of one segment. */
export interface PlaybookEntry {
  /** What to do, e.g. "reward, early access". */
  readonly action: string;
  /** Who does it, e.g. "CRM team". */
  readonly owner: string;
  /** How often to contact them, e.g. "2 visits a month". */
  readonly rhythm: string;
  /** 1 = most urgent; a customer in several segments gets the most urgent entry. */
  readonly priority: number;
}

/**
 * Entries by segment column (`rfm_segment`, `value_tier`, `lifecycle`, `custom_class`,
 * `cluster_name`), then by label. The order of the columns breaks ties of priority.
 */
export type Playbook = Readonly<Record<string, Readonly<Record<string, PlaybookEntry>>>>;

const entry = (action: string, owner: string, rhythm: string, priority: number) => ({
  action,
  owner,
  rhythm,
  priority,
});

/**
 * The default playbook: A/B/C service levels for value tiers and an action per RFM segment
 * (after the usual RFM segment guides). Replace any column's entries with a playbook file.
 */
export const DEFAULT_PLAYBOOK: Playbook = {
  value_tier: {
    A: entry(
      'key account: personal contact, tailored offers',
      'account managers',
      '2 visits a month',
      1,
    ),
    B: entry('grow: cross-sell and loyalty programme', 'CRM team', '1 contact a month', 3),
    C: entry(
      'serve efficiently: automated campaigns only',
      'marketing automation',
      '1 mailing a quarter',
      5,
    ),
    // Customers with transactions but no order of positive value (only returns or $0 items).
    'no purchases': entry(
      'first-purchase offer; check why their orders were returned or free',
      'marketing automation',
      '1 mailing a quarter',
      6,
    ),
  },
  rfm_segment: {
    Champions: entry('reward, early access, ask for reviews', 'CRM team', 'every 2 weeks', 2),
    Loyal: entry(
      'upsell higher-value products, loyalty rewards',
      'CRM team',
      '1 contact a month',
      3,
    ),
    'Potential loyalist': entry('membership or loyalty offer', 'CRM team', '1 contact a month', 3),
    New: entry('onboarding series, early support', 'marketing automation', 'weekly for a month', 3),
    Promising: entry(
      'brand awareness, free trials',
      'marketing automation',
      '1 contact a month',
      4,
    ),
    'Need attention': entry(
      'limited-time offers on past purchases',
      'CRM team',
      '1 contact a month',
      3,
    ),
    'About to sleep': entry(
      'reactivation: popular products, discounts',
      'marketing automation',
      'every 2 weeks',
      4,
    ),
    'At risk': entry('win back: personal emails, renewals', 'CRM team', 'every 2 weeks', 2),
    "Can't lose": entry(
      'win back at any cost: call, best offers',
      'account managers',
      'weekly until they buy',
      1,
    ),
    Hibernating: entry(
      'relevant offers, low cost',
      'marketing automation',
      '1 mailing a quarter',
      5,
    ),
    Lost: entry(
      'one reactivation attempt, then leave',
      'marketing automation',
      '1 mailing a half-year',
      6,
    ),
    'No purchases': entry(
      'first-purchase offer; check why their orders were returned or free',
      'marketing automation',
      '1 mailing a quarter',
      6,
    ),
  },
};

/** The playbook columns of the cohort table, in order. */
export const PLAYBOOK_COLUMNS = [
  'playbook_segment',
  'action',
  'owner',
  'contact_rhythm',
  'priority',
] as const;

/**
 * Checks a playbook read from JSON or YAML: a mapping of segment columns to mappings of
 * labels to entries with a non-empty text action, owner and rhythm and a whole priority ≥ 1.
 * INVALID_OPTION naming `file` and the entry otherwise.
 */
export function checkPlaybook(value: unknown, file: string): Playbook {
  const fail = (where: string, detail: string): never => {
    throw new CohortlabError('INVALID_OPTION', `playbook ${where}: ${detail}`, { file });
  };
  if (!isObject(value)) return fail('', 'must map segment columns to their entries');
  const out: Record<string, Record<string, PlaybookEntry>> = {};
  for (const [column, labels] of Object.entries(value)) {
    if (!isObject(labels)) return fail(`"${column}"`, 'must map labels to entries');
    out[column] = {};
    for (const [label, raw] of Object.entries(labels)) {
      const where = `"${column}" → "${label}"`;
      if (!isObject(raw)) return fail(where, 'must be { action, owner, rhythm, priority }');
      const unknown = Object.keys(raw).find(
        (k) => !['action', 'owner', 'rhythm', 'priority'].includes(k),
      );
      if (unknown !== undefined) {
        return fail(where, `has no field "${unknown}" (fields: action, owner, rhythm, priority)`);
      }
      for (const key of ['action', 'owner', 'rhythm'] as const) {
        const text = raw[key];
        if (typeof text !== 'string' || text.trim() === '') {
          return fail(where, `needs a non-empty text ${key}`);
        }
      }
      const priority = raw['priority'];
      if (!(typeof priority === 'number' && Number.isInteger(priority) && priority >= 1)) {
        return fail(where, 'needs a whole priority ≥ 1 (1 = most urgent)');
      }
      (out[column] as Record<string, PlaybookEntry>)[label] = {
        action: raw['action'] as string,
        owner: raw['owner'] as string,
        rhythm: raw['rhythm'] as string,
        priority,
      };
    }
  }
  return out;
}

/**
 * The playbook of a JSON or YAML file merged over {@link DEFAULT_PLAYBOOK}: a column the file
 * names replaces that column's default entries entirely; the file's columns come first.
 */
export function readPlaybook(file: string): Playbook {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CohortlabError('FILE_NOT_FOUND', 'playbook file not found', { file });
  }
  let value: unknown;
  try {
    value = parse(text) as unknown;
  } catch (cause) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `playbook is not valid JSON or YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`,
      { file },
    );
  }
  const own = checkPlaybook(value, file);
  const merged: Record<string, Readonly<Record<string, PlaybookEntry>>> = { ...own };
  for (const [column, entries] of Object.entries(DEFAULT_PLAYBOOK)) {
    if (!(column in merged)) merged[column] = entries;
  }
  return merged;
}

/**
 * For each customer, the most urgent playbook entry among their segments (lowest priority
 * number; ties to the column listed first in the playbook): `playbook_segment` ("value_tier
 * A"), `action`, `owner`, `contact_rhythm` and `priority`; null / NaN for a customer no entry
 * matches. Columns of the playbook absent from `cohorts` are skipped.
 */
export function playbookColumns(cohorts: ColumnTable, playbook: Playbook): Record<string, Column> {
  const n = rowCount(cohorts);
  const segment = new Array<string | null>(n).fill(null);
  const action = new Array<string | null>(n).fill(null);
  const owner = new Array<string | null>(n).fill(null);
  const rhythm = new Array<string | null>(n).fill(null);
  const priority = new Float64Array(n).fill(NaN);
  for (const [column, entries] of Object.entries(playbook)) {
    if (cohorts[column] === undefined) continue;
    const labels = getText(cohorts, column);
    for (let i = 0; i < n; i++) {
      const label = labels[i];
      if (label === null || label === undefined) continue;
      const e = Object.hasOwn(entries, label) ? entries[label] : undefined;
      if (e === undefined || !(Number.isNaN(priority[i]) || e.priority < (priority[i] as number))) {
        continue;
      }
      segment[i] = `${column} ${label}`;
      action[i] = e.action;
      owner[i] = e.owner;
      rhythm[i] = e.rhythm;
      priority[i] = e.priority;
    }
  }
  return {
    playbook_segment: segment,
    action,
    owner,
    contact_rhythm: rhythm,
    priority,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

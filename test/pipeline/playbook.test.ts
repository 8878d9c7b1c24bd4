import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import {
  checkPlaybook,
  DEFAULT_PLAYBOOK,
  playbookColumns,
  readPlaybook,
} from '../../src/pipeline/playbook.js';

const e = (action: string, priority: number) => ({ action, owner: 'o', rhythm: 'r', priority });

describe('playbook', () => {
  it('has defaults for every default RFM segment and the A/B/C tiers', () => {
    // …and for customers who never bought anything (their own class in both schemes).
    expect(Object.keys(DEFAULT_PLAYBOOK['value_tier']!)).toEqual(['A', 'B', 'C', 'no purchases']);
    expect(Object.keys(DEFAULT_PLAYBOOK['rfm_segment']!)).toHaveLength(12);
    expect(DEFAULT_PLAYBOOK['rfm_segment']!['No purchases']!.action).toContain('first-purchase');
    expect(DEFAULT_PLAYBOOK['rfm_segment']!['Champions']!.action).toContain('reward');
  });

  it('gives each customer the most urgent entry; ties go to the column listed first', () => {
    const cohorts = {
      customer_id: ['a', 'b', 'c', 'd'],
      value_tier: ['A', 'B', 'C', null],
      cluster_name: ['x', 'y', 'z', 'x'],
    };
    const columns = playbookColumns(cohorts, {
      cluster_name: { x: e('cx', 2), y: e('cy', 1) },
      value_tier: { A: e('tA', 2), B: e('tB', 3) },
      lifecycle: { active: e('never', 1) }, // not a column of the table: skipped
    });
    expect(columns['playbook_segment']).toEqual([
      'cluster_name x',
      'cluster_name y',
      null,
      'cluster_name x',
    ]);
    expect(columns['action']).toEqual(['cx', 'cy', null, 'cx']);
    expect(Array.from(columns['priority'] as Float64Array)).toEqual([2, 1, NaN, 2]);
  });

  it('refuses a bad entry, naming the file and the entry', () => {
    const bad = (value: unknown) => () => checkPlaybook(value, 'pb.yaml');
    expect(bad([])).toThrow(CohortlabError);
    expect(bad({ value_tier: { A: { ...e('x', 1), colour: 'red' } } })).toThrow(
      'pb.yaml: playbook "value_tier" → "A": has no field "colour"',
    );
    expect(bad({ value_tier: { A: e('', 1) } })).toThrow(/needs a non-empty text action/);
    expect(bad({ value_tier: { A: e('x', 0.5) } })).toThrow(/whole priority ≥ 1/);
  });

  it('reads YAML over the defaults: a named column replaces its defaults, first in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-playbook-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      'value_tier:\n  A: { action: visit, owner: sales, rhythm: weekly, priority: 1 }\n',
    );
    const playbook = readPlaybook(file);
    expect(Object.keys(playbook)).toEqual(['value_tier', 'rfm_segment']);
    expect(playbook['value_tier']).toEqual({
      A: { action: 'visit', owner: 'sales', rhythm: 'weekly', priority: 1 },
    });
    expect(playbook['rfm_segment']).toBe(DEFAULT_PLAYBOOK['rfm_segment']);
    expect(() => readPlaybook(join(dir, 'missing.yaml'))).toThrow(/playbook file not found/);
    writeFileSync(file, 'value_tier: [unclosed');
    expect(() => readPlaybook(file)).toThrow(/playbook is not valid JSON or YAML/);
  });
});

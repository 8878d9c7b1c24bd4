import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCohortExport, writeCohortExport } from '../../src/export/cohort-export.js';

describe('writeCohortExport', () => {
  it('reports each file written, of all in the plan, to a progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-export-'));
    const table = {
      customer_id: ['a', 'b', 'c'],
      tier: ['A', 'B', 'A'],
      monetary: Float64Array.of(30, 20, 10),
    };
    const plan = planCohortExport(table, { dir, formats: ['csv', 'json'], splitBy: 'tier' });
    const reports: string[] = [];
    const written = await writeCohortExport(plan, {
      progress: {
        start: () => undefined,
        end: () => undefined,
        advance: (step, done, total, unit) => void reports.push(`${step} ${done}/${total} ${unit}`),
      },
    });
    // Two whole-table files and two per tier.
    expect(written).toHaveLength(6);
    expect(reports).toEqual([1, 2, 3, 4, 5, 6].map((done) => `export ${done}/6 files`));
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetPath, datasets } from '../../src/data/datasets.js';
import { qualityReport } from '../../src/data/quality.js';
import { rowCount } from '../../src/table/column-table.js';

describe('bundled datasets', () => {
  it('are found by name as absolute paths inside the package', () => {
    for (const info of datasets.list()) {
      const file = datasetPath(info.name);
      expect(path.isAbsolute(file)).toBe(true);
      expect(existsSync(file), file).toBe(true);
      expect(path.basename(file)).toBe(info.file);
    }
    expect(Object.keys(DATASETS).sort()).toEqual([
      'cdnow',
      'cdnow-spend',
      'cdnow-summary',
      'mall',
      'wholesale',
    ]);
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => datasetPath('cdnwo' as 'cdnow')).toThrow(
      'no bundled data set named "cdnwo"; choose one of cdnow, cdnow-summary, cdnow-spend, wholesale, mall',
    );
  });

  it('load with the right mapping: CDNOW as published (69,659 rows, 23,570 customers)', async () => {
    const tx = await datasets.cdnow();
    const report = await qualityReport(tx);
    expect(report.rows).toBe(DATASETS.cdnow.rows);
    expect(report.customers).toBe(23570);
    expect(report.revenue.toFixed(2)).toBe('2500315.63');
  });

  it('load the small tables with their row counts', async () => {
    expect(rowCount(await datasets.cdnowSummary())).toBe(DATASETS['cdnow-summary'].rows);
    expect(rowCount(await datasets.cdnowSpend())).toBe(DATASETS['cdnow-spend'].rows);
    expect(rowCount(await datasets.wholesale())).toBe(DATASETS.wholesale.rows);
    const mall = await datasets.mall();
    expect(mall.rows).toBe(DATASETS.mall.rows);
    expect(mall.attributes.map((c) => c.name)).toEqual([
      'Genre',
      'Age',
      'Annual Income (k$)',
      'Spending Score (1-100)',
    ]);
  });
});

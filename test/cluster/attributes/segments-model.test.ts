/** The segments as a model file: saved, read back, and labelling a table the same way. */
import { describe, expect, it } from 'vitest';
import {
  predictSegments,
  readSegmentsModel,
  segmentAttributes,
  segmentsModelJSON,
} from '../../../src/cluster/attributes/index.js';
import { readTable } from '../../../src/data/read-table.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

const mall = await readTable('data/mall_customers.csv');
const wholesale = await readTable('data/wholesale_customers.csv');

describe('segments model', () => {
  it.each([
    ['Mall, k-prototypes', mall, { features: ['Genre', 'Age', 'Annual*', 'Spending*'], k: 5 }],
    ['Mall, k-means', mall, { features: ['Annual*', 'Spending*'], k: 5 }],
    [
      'Wholesale, coded categories and logs',
      wholesale,
      {
        features: ['Channel', 'Region', 'Fresh', 'Milk', 'Grocery', 'Frozen', 'Det*', 'Deli*'],
        k: 4,
        transforms: { Channel: 'categorical', Region: 'categorical' } as const,
      },
    ],
  ] as const)('%s: read back, it labels the table as the fit did', (_name, table, options) => {
    const seg = segmentAttributes(table, options);
    const text = JSON.stringify(segmentsModelJSON(seg));
    const model = readSegmentsModel(text);
    const out = predictSegments(model, table);
    expect(Array.from(out.labels)).toEqual(Array.from(seg.labels));
    expect(out.names).toEqual(seg.names);
    expect(JSON.stringify(segmentsModelJSON({ ...seg, model: model.model }))).toBe(text);
  });

  it('new rows: missing values are left out, unseen categories match no mode', () => {
    const seg = segmentAttributes(mall, { features: ['Genre', 'Age'], k: 3 });
    const model = readSegmentsModel(segmentsModelJSON(seg));
    const fresh: ColumnTable = {
      Genre: ['Female', null, 'Other'],
      Age: Float64Array.of(30, 40, NaN),
    };
    const out = predictSegments(model, fresh);
    expect(Array.from(out.labels).slice(1)).toEqual([-1, -1]);
    expect(out.names.slice(1)).toEqual(['', '']);
    expect(out.labels[0]).toBeGreaterThanOrEqual(0);
    expect(() => readSegmentsModel('{"format":"cohortlab-model","type":"KMeans"}')).toThrow(
      /expected a AttributeSegments model/,
    );
  });
});

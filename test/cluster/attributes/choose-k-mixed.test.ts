/** Choosing k on mixed data by the Gower silhouette. */
import { describe, expect, it } from 'vitest';
import { chooseKMixed, segmentAttributes } from '../../../src/cluster/attributes/index.js';
import { gowerSilhouetteScore } from '../../../src/cluster/kprototypes/index.js';
import { readTable } from '../../../src/data/read-table.js';
import { plantedMixed } from '../kprototypes/helpers.js';

describe('chooseKMixed', () => {
  it('finds the planted k and reports each candidate’s cost and silhouette', () => {
    const data = plantedMixed(450, 3, 4, 0.8, 4);
    const choice = chooseKMixed(data, { ks: [2, 3, 4, 5], seed: 1 });
    expect(choice.k).toBe(3);
    expect(choice.rows.map((r) => r.k)).toEqual([2, 3, 4, 5]);
    for (const row of choice.rows) {
      const model = choice.models.get(row.k)!;
      expect(row.cost).toBe(model.cost);
      expect(row.silhouette).toBe(gowerSilhouetteScore(data, model.labels));
    }
    // Costs fall with k; the reason names the winner.
    expect(choice.rows.map((r) => r.cost)).toEqual(
      [...choice.rows.map((r) => r.cost)].sort((a, b) => b - a),
    );
    expect(choice.reason).toMatch(/^k = 3: highest Gower silhouette/);
    expect(() => chooseKMixed(data, { ks: [1, 2] })).toThrow(/whole numbers >= 2/);
  });

  it("segmentAttributes with k: 'auto', mixed and numeric-only", async () => {
    const mall = await readTable('data/mall_customers.csv');
    const mixed = segmentAttributes(mall, {
      features: ['Genre', 'Age', 'Annual*', 'Spending*'],
      k: 'auto',
      ks: [2, 3, 4, 5, 6],
    });
    const best = mixed.choice!.rows.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
    expect(mixed.profiles).toHaveLength(best.k);
    expect(mixed.choice!.k).toBe(best.k);
    const numeric = segmentAttributes(mall, { features: ['Annual*', 'Spending*'], k: 'auto' });
    expect(numeric.choice!.k).toBe(5);
    expect(numeric.profiles).toHaveLength(5);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PCA, symmetricEigen } from '../../src/decompose/index.js';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { matrixToRows } from '../../src/cluster/kmeans/matrix.js';

interface PcaCase {
  nComponents: number;
  mean: number[];
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  transformed: number[][];
}
interface Fixture {
  sklearn: string;
  columns: string[];
  scaled: { data: number[][]; cases: PcaCase[] };
  raw: { data: number[][]; cases: PcaCase[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/decompose/pca-wholesale.json', import.meta.url), 'utf8'),
) as Fixture;

/** Largest |a - b| relative to max(1, |b|) over two equal-shape nested arrays. */
function maxError(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((row, i) => {
    const other = b[i] as number[];
    expect(row.length).toBe(other.length);
    row.forEach((v, j) => {
      const w = other[j] as number;
      worst = Math.max(worst, Math.abs(v - w) / Math.max(1, Math.abs(w)));
    });
  });
  return worst;
}

describe('PCA: scikit-learn 1.2 parity on Wholesale customers (log1p + z-score)', () => {
  for (const c of fixture.scaled.cases) {
    it(`nComponents = ${c.nComponents}: components, variances and scores to 1e-9`, () => {
      const pca = new PCA({ nComponents: c.nComponents }).fit(fixture.scaled.data);
      expect(pca.nComponents).toBe(c.nComponents);
      expect(maxError(pca.components, c.components)).toBeLessThan(1e-9);
      expect(maxError([pca.explainedVarianceRatio], [c.explainedVarianceRatio])).toBeLessThan(1e-9);
      expect(maxError([pca.explainedVariance], [c.explainedVariance])).toBeLessThan(1e-9);
      expect(maxError([pca.singularValues], [c.singularValues])).toBeLessThan(1e-9);
      expect(maxError([pca.mean], [c.mean])).toBeLessThan(1e-12);
      const scores = matrixToRows(pca.transform(fixture.scaled.data));
      expect(maxError(scores, c.transformed)).toBeLessThan(1e-9);
    });
  }

  it('raw spend (magnitudes ~1e4): relative agreement to 1e-9', () => {
    const c = fixture.raw.cases[0] as PcaCase;
    const pca = new PCA({ nComponents: c.nComponents }).fit(fixture.raw.data);
    expect(maxError(pca.components, c.components)).toBeLessThan(1e-9);
    expect(maxError([pca.explainedVarianceRatio], [c.explainedVarianceRatio])).toBeLessThan(1e-9);
    // Variances are ~1e8: compare relatively.
    pca.explainedVariance.forEach((v, i) => {
      const w = c.explainedVariance[i] as number;
      expect(Math.abs(v - w) / w).toBeLessThan(1e-9);
    });
    expect(maxError(matrixToRows(pca.transform(fixture.raw.data)), c.transformed)).toBeLessThan(
      1e-9,
    );
  });
});

describe('PCA: behaviour', () => {
  const data = fixture.scaled.data;

  it('a fraction keeps the fewest components whose ratios add up to more than it', () => {
    const full = fixture.scaled.cases[1] as PcaCase;
    const r = full.explainedVarianceRatio;
    const target = (r[0] as number) + (r[1] as number) - 1e-6;
    expect(new PCA({ nComponents: target }).fit(data).nComponents).toBe(2);
    expect(new PCA({ nComponents: (r[0] as number) + 1e-6 }).fit(data).nComponents).toBe(2);
    expect(new PCA().fit(data).nComponents).toBe(6);
  });

  it('ratios of all components sum to 1; components are orthonormal', () => {
    const pca = new PCA().fit(data);
    expect(pca.explainedVarianceRatio.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const comps = pca.components;
    comps.forEach((a, i) =>
      comps.forEach((b, j) => {
        const dot = a.reduce((s, v, k) => s + v * (b[k] as number), 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
      }),
    );
  });

  it('inverseTransform of all components recovers the data', () => {
    const pca = new PCA().fit(data);
    const back = matrixToRows(pca.inverseTransform(pca.transform(data)));
    expect(maxError(back, data)).toBeLessThan(1e-12);
  });

  it('toJSON / fromJSON round-trips exactly', () => {
    const pca = new PCA({ nComponents: 2 }).fit(data);
    const json = JSON.parse(JSON.stringify(pca.toJSON())) as unknown;
    const restored = PCA.fromJSON(json);
    expect(restored.components).toEqual(pca.components);
    expect(restored.explainedVarianceRatio).toEqual(pca.explainedVarianceRatio);
    expect(restored.transform(data).data).toEqual(pca.transform(data).data);
    expect(PCA.fromJSON(JSON.stringify(pca.toJSON())).params).toEqual({ nComponents: 2 });
  });

  it('the row with the largest |score| scores positive in every component', () => {
    const pca = new PCA({ nComponents: 3 }).fit(data);
    const scores = matrixToRows(pca.transform(data));
    for (let c = 0; c < 3; c++) {
      const column = scores.map((row) => row[c] as number);
      const extreme = column.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
      expect(extreme).toBeGreaterThan(0);
    }
  });

  it('rejects bad options, too many components and unfitted use', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isCohortlabError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => new PCA({ nComponents: 1.5 }))).toBe('INVALID_OPTION');
    expect(code(() => new PCA({ nComponents: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => new PCA({ nComponents: 7 }).fit(data))).toBe('INVALID_OPTION');
    expect(code(() => new PCA().transform(data))).toBe('NOT_FITTED');
    expect(code(() => new PCA().fit([[1, 2]]))).toBe('INVALID_INPUT');
    expect(code(() => new PCA().fit(data).transform([[1, 2]]))).toBe('INVALID_INPUT');
  });
});

describe('symmetricEigen', () => {
  it('matches a hand-solved 2 × 2 matrix', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0] as number)).toBeCloseTo(Math.SQRT1_2, 14);
    expect((vectors[0] as number) * (vectors[1] as number)).toBeCloseTo(0.5, 14);
    expect((vectors[2] as number) * (vectors[3] as number)).toBeCloseTo(-0.5, 14);
  });
});

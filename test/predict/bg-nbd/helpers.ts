/**
 * Test helpers for BG/NBD: the paper's CDNOW summary and the Python reference fixture.
 */
import { readFileSync } from 'node:fs';
import type { BgNbdSummary } from '../../../src/predict/bg-nbd/summary.js';

/** data/cdnow_customers_summary.csv (ID, frequency, recency, T in weeks) as a summary. */
export function cdnowSummary(): BgNbdSummary & { readonly id: number[] } {
  const lines = readFileSync('data/cdnow_customers_summary.csv', 'utf8').trim().split('\n');
  const header = lines[0]?.trim();
  if (header !== 'ID,frequency,recency,T') throw new Error(`unexpected header ${header}`);
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return {
    id: rows.map((r) => r[0]!),
    frequency: Float64Array.from(rows, (r) => r[1]!),
    recency: Float64Array.from(rows, (r) => r[2]!),
    T: Float64Array.from(rows, (r) => r[3]!),
  };
}

/** test/fixtures/bg-nbd/reference.json, written by scripts/fixtures/bg_nbd.py. */
export interface Reference {
  readonly special: [x: number, logGamma: number, digamma: number][];
  readonly hyp2f1: [a: number, b: number, c: number, z: number, value: number][];
  readonly cdnow: {
    readonly paperParams: [number, number, number, number];
    readonly logLikelihoodAtPaperParams: number;
    readonly fit: [number, number, number, number];
    readonly fitLogLikelihood: number;
    readonly conditional: [t: number, x: number, tx: number, T: number, e: number, alive: number][];
    readonly population: [t: number, e: number][];
  };
}

/** The reference fixture. */
export function reference(): Reference {
  return JSON.parse(readFileSync('test/fixtures/bg-nbd/reference.json', 'utf8')) as Reference;
}

/** |actual − expected| / max(1, |expected|). */
export function scaledError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

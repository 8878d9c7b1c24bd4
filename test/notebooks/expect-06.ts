/**
 * Checks of notebook 06 (segmenting on attributes): the numbers it prints are recomputed here
 * from the raw CSV files, by hand where the arithmetic is short (γ, shares, the wholesale
 * channel agreement by pair counts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { countBy } from './outputs.js';
import { stdoutOf, type NotebookRun } from './tslab-runner.js';

/** The adjusted Rand index from pair counts (Hubert & Arabie), written out independently. */
function adjustedRandByHand(a: readonly string[], b: readonly string[]): number {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const sumPairs = (counts: Map<string, number>): number =>
    [...counts.values()].reduce((s, n) => s + pairs(n), 0);
  const index = sumPairs(countBy(a.map((x, i) => `${x}\u0000${b[i]}`)));
  const rows = sumPairs(countBy(a));
  const cols = sumPairs(countBy(b));
  const expected = (rows * cols) / pairs(a.length);
  return (index - expected) / ((rows + cols) / 2 - expected);
}

/** Checks what notebook 06 printed and left in its variables. */
export function checkAttributesNotebook({ notebook, locals }: NotebookRun, root: string): void {
  const text = stdoutOf(notebook);
  const mall = readFileSync(path.join(root, 'data', 'mall_customers.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  // γ from the Genre counts: 2 / (1 − (p_f² + p_m²)).
  const female = mall.filter((r) => r[1] === 'Female').length / mall.length;
  expect(female).toBe(0.56);
  const gamma = 2 / (1 - (female ** 2 + (1 - female) ** 2));
  expect(text).toContain(`γ = ${gamma.toFixed(3)} (auto`);
  // The five income × score groups, in the printed profile table.
  const sizes = [
    ...text.matchAll(
      /^\d +.+? {2,}(\d+) +\d+\.\d +\d+\.\d\d \([+-]\d\.\d\d\) +\d+\.\d\d \([+-]\d\.\d\d\)$/gm,
    ),
  ]
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  expect(sizes).toEqual([22, 23, 35, 39, 81]);
  // Each mixed segment's gender shares, recounted from the CSV with the notebook's labels.
  const both = locals['both'] as {
    labels: Int32Array;
    profiles: { cluster: number; name: string }[];
  };
  for (const p of both.profiles) {
    const members = mall.filter((_, i) => both.labels[i] === p.cluster);
    const males = members.filter((r) => r[1] === 'Male').length;
    const top = Math.max(males, members.length - males);
    const label = males * 2 >= members.length ? 'Male' : 'Female';
    const base = label === 'Male' ? 1 - female : female;
    const line = `${Math.round((top / members.length) * 100)} % ${label}, ${(top / members.length / base).toFixed(1)}× the base rate`;
    expect(text).toContain(`${p.name}: ${line}`);
  }
  // The wholesale segments against the sales channel, by pair counts.
  const wholesale = readFileSync(path.join(root, 'data', 'wholesale_customers.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0] as string);
  const mix = locals['mix'] as { labels: Int32Array };
  const ari = adjustedRandByHand(wholesale, Array.from(mix.labels, String));
  expect(text).toContain(`agreement with the sales channel: ARI ${ari.toFixed(3)}`);
  expect(ari).toBeGreaterThan(0.4);
}

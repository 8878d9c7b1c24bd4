/** `cohortlab run --features`: choosing the clustering features of the main job (globs). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureOutput, cli, io, tempDir } from './helpers.js';

captureOutput();

describe('cohortlab run --features', () => {
  it('clusters on the named features, logs the skewed ones, and the model and SQL follow', async () => {
    const out = join(tempDir(), 'out');
    const code = await cli(
      'run',
      '--features',
      'recency_days,freq*,monetary,tenure_days',
      '--k',
      '3',
      '--no-report',
      '--no-bgnbd',
      '--format',
      'csv',
      '--out',
      out,
      '-q',
    );
    // CDNOW's 68 customers whose every order is $0 are not clustered: NO_PURCHASES only.
    expect(io.stderr).toMatch(/^cohortlab: warning NO_PURCHASES: 68 customers [^\n]*\n$/);
    expect(code).toBe(0);
    const clusters = JSON.parse(readFileSync(join(out, 'clusters.json'), 'utf8')) as {
      features: string[];
      k: number;
    };
    expect(clusters.features).toEqual(['recency_days', 'frequency', 'monetary', 'tenure_days']);
    expect(clusters.k).toBe(3);
    const model = readFileSync(join(out, 'model.json'), 'utf8');
    const doc = JSON.parse(model) as {
      clusterFeatures: string[];
      scaler: { state: { steps: { name: string; model: { params: { columns: string[] } } }[] } };
    };
    expect(doc.clusterFeatures).toEqual(clusters.features);
    // frequency and monetary are skewed (logged), recency and tenure are not.
    const steps = doc.scaler.state.steps;
    expect(steps.map((s) => [s.name, s.model.params.columns])).toEqual([
      ['log', ['frequency', 'monetary']],
      ['scale', ['recency_days', 'frequency', 'monetary', 'tenure_days']],
    ]);
    expect(await cli('sql', '--model', join(out, 'model.json'))).toBe(0);
    expect(io.stdout).toContain('tenure_days');
  });

  it('refuses unknown and text features in one line, writing nothing', async () => {
    const out = join(tempDir(), 'out');
    expect(
      await cli('run', '--features', 'recency_days,age*', '--k', '2', '--out', out, '-q'),
    ).toBe(2);
    expect(io.stderr).toMatch(
      /^cohortlab: feature "age\*" matches no column; columns: customer_id, /,
    );
    expect(await cli('run', '--features', 'customer_id', '--k', '2', '--out', out, '-q')).toBe(2);
    expect(io.stderr).toMatch(
      /"customer_id" is a text column; the main job clusters numeric features only/,
    );
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});

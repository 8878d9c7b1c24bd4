/**
 * Files of the user's project in the packed-package test: what a new user would write after
 * `npm install cohortlab` (no file of this repository is used there).
 */

/**
 * A script that segments the bundled CDNOW data with the installed package and prints one
 * line per customer: id | RFM segment | value tier | lifecycle | cluster name.
 */
export function labelsScript(kind: 'esm' | 'cjs'): string {
  const body = `
  const tx = await cl.datasets.cdnow();
  const fit = await cl.fitPipeline(tx, { k: 3, seed: 0 });
  const c = fit.cohorts;
  const columns = ['customer_id', 'rfm_segment', 'value_tier', 'lifecycle', 'cluster_name'];
  const lines = Array.from(c.customer_id, (_, i) => columns.map((name) => String(c[name][i])).join('|'));
  process.stdout.write(lines.join('\\n') + '\\n');
`;
  return kind === 'esm'
    ? `import * as cl from 'cohortlab';\n${body}`
    : `const cl = require('cohortlab');\n(async () => {${body}})().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
}

/** A strict TypeScript module using the public API, the notebook helpers and the types. */
export const USER_TYPESCRIPT = `import * as cl from 'cohortlab';
import { show, type ShowOptions } from 'cohortlab/notebook';

export async function segment(): Promise<string[]> {
  const tx: cl.Transactions = await cl.datasets.cdnow();
  const path: string = cl.datasetPath('cdnow');
  const again = await cl.loadTransactions(path, { map: cl.CDNOW_MAPPING });
  const features = await cl.customerFeatures(again);
  const tiers: string[] = new cl.ValueTiers().fit(features.table).predict(features.table);
  const fit = await cl.fitPipeline(tx, { k: 3, seed: 0 });
  const options: ShowOptions = { maxRows: 5 };
  show(cl.paretoFigure({ values: cl.getNumeric(features.table, 'monetary') }), options);
  const mlp = new cl.MLPClassifier({ hiddenLayers: [4], epochs: 1, seed: 0 });
  await mlp.fit(features.table, tiers, { features: ['recency_days'] });
  const frame: cl.DanfoDataFrame = await cl.toDataFrame(features.table);
  const model: cl.KMeans = new cl.KMeans({ k: 2, seed: 0, backend: 'webgpu' });
  void model;
  return [...tiers, String(frame.shape[0]), String(fit.clusters?.k)];
}
`;

const code = (id: string, source: string) => ({
  cell_type: 'code',
  id,
  metadata: {},
  execution_count: null,
  outputs: [],
  source,
});

/** A notebook of the user's: a figure and a table, then the optional packages it lacks. */
export const USER_NOTEBOOK = {
  cells: [
    code('imports', "import * as cl from 'cohortlab';\nimport { show } from 'cohortlab/notebook';"),
    code(
      'segments',
      [
        'const tx = await cl.datasets.cdnow();',
        'const features = await cl.customerFeatures(tx);',
        'console.log(`${cl.rowCount(features.table)} customers`);',
        "show(cl.paretoFigure({ values: cl.getNumeric(features.table, 'monetary') }));",
        'show(cl.takeRows(features.table, [0, 1, 2, 3, 4]));',
      ].join('\n'),
    ),
    code(
      'progress',
      [
        "import { notebookProgress } from 'cohortlab/notebook';",
        '// Shown at once here (showAfterMs 0), updated in place by the kernel as the stages end.',
        'const fit = await cl.fitPipeline(tx, { k: 3, seed: 0, progress: notebookProgress({ showAfterMs: 0 }) });',
        'console.log(`k = ${fit.clusters?.k}`);',
      ].join('\n'),
    ),
    code(
      'mlp',
      [
        'const tiers = new cl.ValueTiers().fit(features.table).predict(features.table);',
        'try {',
        "  await new cl.MLPClassifier({ hiddenLayers: [4], epochs: 1, seed: 0 }).fit(features.table, tiers, { features: ['recency_days'] });",
        '} catch (error) {',
        '  console.log(`${error.code} ${error.message}`);',
        '}',
      ].join('\n'),
    ),
    code('danfo', 'await cl.toDataFrame(features.table);'),
  ],
  metadata: {
    kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' },
  },
  nbformat: 4,
  nbformat_minor: 5,
};

import type { CohortlabWarning } from '../errors/warnings.js';
import { ColorScale } from '../plot/palette.js';
import { htmlReport } from '../report/html-report.js';
import type { ReportSection } from '../report/report-types.js';
import { migrationJson, runDynamics, type RunDynamics } from './dynamics-stage.js';
import {
  chooseKSection,
  clustersSection,
  comparisonSection,
  rulesSection,
} from './report-clusters.js';
import { classesSection, featuresSection, qualitySection } from './report-data.js';
import { dynamicsSection, likelihoodSection } from './report-dynamics.js';
import type { RunArgs } from './args.js';
import type { RunComputed, RunOutputStage } from './run.js';
import { sqlStage } from './sql-command.js';
import { runValue, VALUE_FILES, valueFiles, valueSection, type RunValue } from './value-stage.js';

/** The HTML report of a run: every section that has content, in the order of the job. */
export function runReportSections(
  run: RunComputed,
  dynamics: RunDynamics | undefined,
  value?: RunValue,
): ReportSection[] {
  const ids = run.fit.clusters?.profiles.map((p) => p.cluster) ?? [];
  const colors = new ColorScale(ids);
  const sections: (ReportSection | undefined)[] = [
    warningsSection(run.fit.warnings),
    qualitySection(run),
    featuresSection(run),
    classesSection(run),
    chooseKSection(run),
    clustersSection(run, colors),
    comparisonSection(run, colors),
    rulesSection(run, colors),
    likelihoodSection(run),
    dynamics === undefined ? undefined : dynamicsSection(dynamics),
    value === undefined ? undefined : valueSection(run, value),
  ];
  return sections.filter((s): s is ReportSection => s !== undefined);
}

/** report.html: title, facts of the run, key figures and the sections. */
export function runReportHtml(
  run: RunComputed,
  dynamics: RunDynamics | undefined,
  value?: RunValue,
): string {
  const fit = run.fit;
  const clusters = fit.clusters;
  const summary: Record<string, string | number> = {
    customers: fit.features.table['customer_id']?.length ?? 0,
    transactions: run.transactions.rows,
    revenue: run.quality.revenue,
    clusters: clusters
      ? `${clusters.k}: ${clusters.profiles.map((p) => p.name).join('; ')}`
      : 'none',
  };
  if (fit.surrogate) summary['rule fidelity'] = `${(fit.surrogate.fidelity * 100).toFixed(1)}%`;
  return htmlReport({
    title: 'Customer segmentation report',
    subtitle: 'Predefined classes and data-driven clusters, side by side',
    meta: {
      data: run.source,
      'as-of': fit.features.asOf,
      classes: Object.keys(run.schemes).join(', '),
      k: clusters ? String(clusters.k) : 'none',
      seed: fit.pipeline.config.seed,
    },
    summary,
    sections: runReportSections(run, dynamics, value),
  });
}

/**
 * The built-in output stages of `cohortlab run`: score.sql, acquisition.csv and value.json
 * always; migration.json with
 * --snapshots; report.html unless --no-report. The dynamics are computed once and shared by
 * migration.json and the report.
 */
export function runStages(args: RunArgs): RunOutputStage[] {
  let dynamics: Promise<RunDynamics> | undefined;
  const dynamicsOf = (run: RunComputed): Promise<RunDynamics> | undefined => {
    if (args.snapshots === undefined) return undefined;
    dynamics ??= runDynamics(run, args.snapshots);
    return dynamics;
  };
  let value: Promise<RunValue> | undefined;
  const valueOf = (run: RunComputed): Promise<RunValue> => (value ??= runValue(run));
  const stages: RunOutputStage[] = [
    sqlStage,
    {
      name: 'value',
      files: [...VALUE_FILES],
      async build(run) {
        return valueFiles(run, await valueOf(run));
      },
    },
  ];
  if (args.snapshots !== undefined) {
    stages.push({
      name: 'dynamics',
      files: ['migration.json'],
      async build(run) {
        const computed = await (dynamicsOf(run) as Promise<RunDynamics>);
        return { 'migration.json': migrationJson(computed) };
      },
    });
  }
  if (args.report) {
    stages.push({
      name: 'report',
      files: ['report.html'],
      async build(run) {
        const computed = await dynamicsOf(run);
        return { 'report.html': runReportHtml(run, computed, await valueOf(run)) };
      },
    });
  }
  return stages;
}

/** The run's warnings, first in the report: what was decided for the reader, and why to care. */
function warningsSection(warnings: readonly CohortlabWarning[]): ReportSection | undefined {
  if (warnings.length === 0) return undefined;
  return {
    title: 'Warnings',
    blocks: [
      {
        type: 'text',
        text:
          'Decisions taken on your behalf and fits not to be trusted; read them before the ' +
          'figures below (the same list is in quality.json; --strict makes them errors).',
      },
      {
        type: 'table',
        table: {
          headers: ['warning', 'what', 'count', 'example'],
          rows: warnings.map((w) => [w.code, w.message, w.count ?? null, w.example ?? '']),
        },
      },
    ],
  };
}

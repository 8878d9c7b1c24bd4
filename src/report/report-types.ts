/**
 * The content of an HTML report: a title, facts about the run, key figures, and sections of
 * text, tables and figures.
 *
 * @module
 */
import type { PlotlyFigureLike } from './figure.js';
import type { HtmlTableOptions, TableInput } from './html-table.js';

/** One key figure of the summary block. */
export interface SummaryItem {
  /** What is measured, e.g. "customers". */
  readonly label: string;
  /** The figure; numbers are formatted (thousands separators, 2 decimals for fractions). */
  readonly value: string | number;
  /** An optional remark shown next to it, e.g. "as of 1998-07-01". */
  readonly note?: string;
}

/** Plain-text paragraphs: one string (paragraphs separated by blank lines) or one per item. */
export interface TextBlock {
  readonly type: 'text';
  /** Plain text, no markup: it is escaped. */
  readonly text: string | readonly string[];
}

/** A table, from a column table or headers and rows; see {@link HtmlTableOptions}. */
export interface TableBlock extends HtmlTableOptions {
  readonly type: 'table';
  /** The data. */
  readonly table: TableInput;
}

/** A Plotly figure, drawn by the inlined plotly.js. */
export interface FigureBlock {
  readonly type: 'figure';
  /** Traces and layout (e.g. from the builders in src/plot). */
  readonly figure: PlotlyFigureLike;
  /** A caption under the figure (plain text). */
  readonly caption?: string;
  /** Height in CSS px when the layout sets none; default 420. */
  readonly height?: number;
}

/** One piece of a section. */
export type ReportBlock = TextBlock | TableBlock | FigureBlock;

/** A titled section of the report, listed in the table of contents. */
export interface ReportSection {
  /** Heading (plain text). */
  readonly title: string;
  /** Anchor id; default: derived from the title (`sec-` + slug), made unique. */
  readonly id?: string;
  /** Text, tables and figures, in order. */
  readonly blocks: readonly ReportBlock[];
}

/** Options of {@link htmlReport}. */
export interface HtmlReportOptions {
  /** Document title and main heading. */
  readonly title: string;
  /** A line under the title. */
  readonly subtitle?: string;
  /**
   * When the report was generated, shown in UTC. Default: the time SOURCE_DATE_EPOCH gives
   * when that variable is set, else none (the report then has no generation time, so the
   * same inputs give the same bytes).
   */
  readonly generatedAt?: Date;
  /** Facts about the run shown under the title (data file, as-of date, seed, version…). */
  readonly meta?: Readonly<Record<string, string | number>>;
  /** Key figures, shown as a small table before the sections (label → value, or items). */
  readonly summary?: readonly SummaryItem[] | Readonly<Record<string, string | number>>;
  /** The sections, in order. */
  readonly sections: readonly ReportSection[];
  /** `lang` of the document; default `en`. */
  readonly lang?: string;
}

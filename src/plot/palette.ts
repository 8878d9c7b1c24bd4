/**
 * One colour per label, the same in every figure of a run: build a {@link ColorScale} from
 * every cluster and class label once and pass it to each builder.
 *
 * @module
 */

/** A label that gets a colour: a cluster number or a class / segment name. */
export type PlotLabel = string | number;

/**
 * Default palette: Tableau 10, then its lighter companions (Tableau 20's second half), chosen
 * for distinguishable hues on white and for colour-vision deficiencies in the first ten.
 */
export const DEFAULT_PALETTE: readonly string[] = Object.freeze([
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#ff9d9a',
  '#86bcb6',
  '#8cd17d',
  '#f1ce63',
  '#d4a6c8',
  '#fabfd2',
  '#d7b5a6',
  '#79706e',
]);

/** The key a label is coloured by: cluster 3 and the text "3" share a colour. */
function key(label: PlotLabel): string {
  return String(label);
}

/**
 * Colours for a fixed list of labels: the i-th distinct label gets the i-th palette colour;
 * past the palette, hues step by the golden angle so that colours stay distinct. Immutable:
 * {@link ColorScale.including} returns a larger scale with every existing colour unchanged.
 */
export class ColorScale {
  /** The labels, distinct, in colour order. */
  readonly labels: readonly string[];
  readonly #palette: readonly string[];
  readonly #index: ReadonlyMap<string, number>;

  /** @param labels labels in the order they take colours (duplicates ignored) */
  constructor(labels: readonly PlotLabel[], palette: readonly string[] = DEFAULT_PALETTE) {
    const distinct = [...new Set(labels.map(key))];
    this.labels = distinct;
    this.#palette = palette.length > 0 ? palette : DEFAULT_PALETTE;
    this.#index = new Map(distinct.map((label, i) => [label, i]));
  }

  /** True when `label` has a colour in this scale. */
  has(label: PlotLabel): boolean {
    return this.#index.has(key(label));
  }

  /** The colour of `label` as `#rrggbb`; labels not in the scale are neutral grey. */
  color(label: PlotLabel): string {
    const i = this.#index.get(key(label));
    return i === undefined ? UNKNOWN_COLOR : colorAt(i, this.#palette);
  }

  /** The colour of `label` as `rgba(…)` with the given opacity (0..1). */
  translucent(label: PlotLabel, alpha: number): string {
    return withAlpha(this.color(label), alpha);
  }

  /** This scale if it has every label, else a larger one that appends the missing labels. */
  including(labels: readonly PlotLabel[]): ColorScale {
    const missing = labels.map(key).filter((l) => !this.#index.has(l));
    return missing.length === 0
      ? this
      : new ColorScale([...this.labels, ...missing], this.#palette);
  }
}

/** Colour of labels that a scale does not know. */
export const UNKNOWN_COLOR = '#9e9e9e';

/** The colour `label` gets in a scale built from `allLabels` (see {@link ColorScale}). */
export function colorFor(label: PlotLabel, allLabels: readonly PlotLabel[]): string {
  return new ColorScale(allLabels).color(label);
}

/**
 * Labels sorted for a stable colour order: numbers ascending, then text in code-unit order
 * (the order cohortlab's contingency tables use).
 */
export function sortLabels<L extends PlotLabel>(labels: Iterable<L>): L[] {
  return [...new Set(labels)].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** `scale` extended by `labels`, or a new scale of the sorted labels when none is given. */
export function scaleFor(scale: ColorScale | undefined, labels: Iterable<PlotLabel>): ColorScale {
  const sorted = sortLabels(labels);
  return scale === undefined ? new ColorScale(sorted) : scale.including(sorted);
}

/** `#rrggbb` → `rgba(r, g, b, alpha)`. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) return hex;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h as string, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function colorAt(i: number, palette: readonly string[]): string {
  if (i < palette.length) return palette[i] as string;
  // Golden-angle hue steps keep generated colours apart however many are needed.
  const hue = ((i - palette.length) * 137.508 + 20) % 360;
  return hslToHex(hue, 0.55, 0.5);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

import { describe, expect, it } from 'vitest';
import {
  ColorScale,
  DEFAULT_PALETTE,
  UNKNOWN_COLOR,
  colorFor,
  scaleFor,
  sortLabels,
  withAlpha,
} from '../../src/plot/index.js';

describe('ColorScale', () => {
  it('gives the i-th distinct label the i-th palette colour', () => {
    const scale = new ColorScale(['A', 'B', 'A', 0, 1]);
    expect(scale.labels).toEqual(['A', 'B', '0', '1']);
    expect(scale.color('A')).toBe(DEFAULT_PALETTE[0]);
    expect(scale.color('B')).toBe(DEFAULT_PALETTE[1]);
    expect(scale.color(0)).toBe(DEFAULT_PALETTE[2]);
    // Keys are text: cluster 1 and "1" share a colour.
    expect(scale.color('1')).toBe(scale.color(1));
    expect(scale.color('missing')).toBe(UNKNOWN_COLOR);
  });

  it('colorFor equals the scale built from the same list', () => {
    const all = ['Champions', 'Loyal', 'At risk', 3];
    for (const label of all) expect(colorFor(label, all)).toBe(new ColorScale(all).color(label));
  });

  it('including() keeps every existing colour and appends new labels', () => {
    const base = new ColorScale([0, 1, 2]);
    const wider = base.including([2, 'A', 'B']);
    expect(base.including([0, 1])).toBe(base);
    for (const l of [0, 1, 2]) expect(wider.color(l)).toBe(base.color(l));
    expect(wider.color('A')).toBe(DEFAULT_PALETTE[3]);
    expect(wider.color('B')).toBe(DEFAULT_PALETTE[4]);
  });

  it('past the palette, generated colours are valid, distinct and stable', () => {
    const labels = Array.from({ length: 60 }, (_, i) => i);
    const scale = new ColorScale(labels);
    const colors = labels.map((l) => scale.color(l));
    for (const c of colors) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(colors).size).toBe(60);
    expect(new ColorScale(labels).color(45)).toBe(colors[45]);
  });

  it('translucent colours are rgba of the same colour', () => {
    expect(withAlpha('#4e79a7', 0.4)).toBe('rgba(78, 121, 167, 0.4)');
    const scale = new ColorScale(['x']);
    expect(scale.translucent('x', 0.25)).toBe('rgba(78, 121, 167, 0.25)');
  });

  it('sortLabels: numbers ascending, then text; scaleFor sorts when no scale is given', () => {
    expect(sortLabels(['b', 10, 'a', 2, 2])).toEqual([2, 10, 'a', 'b']);
    expect(scaleFor(undefined, [3, 1, 2]).labels).toEqual(['1', '2', '3']);
  });
});

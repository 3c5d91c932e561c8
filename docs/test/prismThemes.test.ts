// Every token colour of the code-block themes against the block's background, by the WCAG 2
// contrast formula (relative luminance, https://www.w3.org/TR/WCAG21/#dfn-relative-luminance):
// AA asks 4.5:1 for normal text. Reference values: #999988 on #f6f8fa, GitHub's comment colour,
// is 2.71:1; black on white is 21:1.
import type { PrismTheme } from 'prism-react-renderer';
import { describe, expect, it } from 'vitest';
import { darkCodeTheme, lightCodeTheme } from '../src/prismThemes';

function rgb(colour: string): [number, number, number] {
  const c = colour.trim();
  if (c.startsWith('rgb')) {
    const [r, g, b] = (c.match(/[\d.]+/g) ?? []).map(Number);
    return [r ?? Number.NaN, g ?? Number.NaN, b ?? Number.NaN];
  }
  const h = c.replace('#', '');
  const full = h.length === 3 ? [...h].map((x) => x + x).join('') : h;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
}
const luminance = (c: string) => {
  const [r, g, b] = rgb(c).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('contrast formula', () => {
  it('matches the WCAG reference values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#999988', '#f6f8fa')).toBeCloseTo(2.71, 2);
    expect(contrast('rgb(105, 112, 152)', '#292d3e')).toBeCloseTo(2.84, 2);
  });
});

describe.each([
  ['light', lightCodeTheme],
  ['dark', darkCodeTheme],
] as [string, PrismTheme][])('%s code theme', (_name, theme) => {
  const bg = theme.plain.backgroundColor ?? '';
  it('has a background', () => expect(bg).not.toBe(''));
  it('writes plain text at ≥ 4.5:1', () => {
    expect(contrast(theme.plain.color ?? '', bg)).toBeGreaterThanOrEqual(4.5);
  });
  const coloured = theme.styles.filter((s) => s.style.color !== undefined);
  it.each(coloured.map((s) => [s.types.join(', '), s.style.color as string]))(
    'writes %s (%s) at ≥ 4.5:1',
    (_types, colour) => {
      expect(contrast(colour, bg)).toBeGreaterThanOrEqual(4.5);
    },
  );
});

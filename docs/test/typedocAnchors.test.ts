import { describe, expect, it } from 'vitest';
import { fixAnchors, headingAnchors, slug } from '../plugins/typedocAnchors.mjs';

describe('typedocAnchors', () => {
  it('slugs headings as Docusaurus does (hand-checked against the built pages)', () => {
    expect(slug('createRingOram()')).toBe('createringoram');
    expect(slug('RING\\_PARAMETER\\_SETS')).toBe('ring_parameter_sets');
    expect(slug('`readonly` counters')).toBe('readonly-counters');
  });

  it('numbers repeated headings only', () => {
    expect([...headingAnchors('### A\n#### b\n### A\n')]).toEqual(['a', 'b', 'a-1']);
  });

  it('points a numbered link without a target at the heading that exists, and no other', () => {
    const page = [
      '### OramCounters',
      'see [`OramCounters`](#oramcounters-1) and [x](#missing-1)',
      '### Twice',
      '### Twice',
      '[second](#twice-1)',
    ].join('\n');
    const fixed = fixAnchors(page);
    expect(fixed).toContain('[`OramCounters`](#oramcounters)');
    // No heading "missing": left alone for the build's broken-anchor check to report.
    expect(fixed).toContain('[x](#missing-1)');
    // "twice-1" exists (the second heading): kept.
    expect(fixed).toContain('[second](#twice-1)');
  });
});

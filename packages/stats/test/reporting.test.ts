import { describe, expect, it } from 'vitest';
import { formatRatio, formatReduction, renderCsv, renderMarkdownTable } from '../src/index.ts';

describe('renderMarkdownTable', () => {
  it('pads columns and right-aligns numeric ones', () => {
    const table = renderMarkdownTable([
      { system: 'baseline', p99: 70.25 },
      { system: 'TrEnv-X', p99: 10 },
    ]);
    expect(table).toBe(
      [
        '| system   |   p99 |',
        '| -------- | ----: |',
        '| baseline | 70.25 |',
        '| TrEnv-X  |    10 |',
      ].join('\n'),
    );
  });

  it('honours a column list, blanks missing cells, escapes pipes and newlines', () => {
    const table = renderMarkdownTable([{ a: 'x|y', b: 1 }, { a: 'two\nlines' }], ['b', 'a', 'c']);
    expect(table.split('\n')).toEqual([
      '| b   | a            | c   |',
      '| --- | ------------ | --- |',
      '| 1   | x\\|y         |     |',
      '|     | two<br>lines |     |',
    ]);
  });

  it('rejects rows that are not objects of strings and numbers', () => {
    expect(() => renderMarkdownTable([{ a: true as unknown as string }])).toThrow(
      'rows[0].a must be a string or a number, got boolean',
    );
    expect(() => renderMarkdownTable([])).toThrow(RangeError);
    expect(() => renderMarkdownTable([{ a: 1 }], [])).toThrow(
      'columns must name at least 1 column',
    );
  });
});

describe('renderCsv', () => {
  it('quotes per RFC 4180', () => {
    const csv = renderCsv([
      { name: 'plain', value: 1.5 },
      { name: 'has,comma', value: -2 },
      { name: 'has "quotes"', value: 0 },
      { name: 'multi\nline' },
    ]);
    expect(csv).toBe('name,value\nplain,1.5\n"has,comma",-2\n"has ""quotes""",0\n"multi\nline",\n');
  });

  it('round-trips through a minimal RFC 4180 reader', () => {
    const rows = [
      { a: 'x,"y"\n', b: 3 },
      { a: '', b: -0.5 },
    ];
    const parsed = parseCsv(renderCsv(rows));
    expect(parsed).toEqual([
      ['a', 'b'],
      ['x,"y"\n', '3'],
      ['', '-0.5'],
    ]);
  });
});

/** Independent reader used only to check the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('formatRatio and formatReduction', () => {
  it.each([
    [70, 10, '7.0× lower'],
    [10, 13, '1.3× higher'],
    [5, 5, '1.0× (same)'],
    [1, 250, '250× higher'],
    [3, 2, '1.5× lower'],
  ])('formatRatio(%d, %d) = %s', (baseline, value, text) => {
    expect(formatRatio(baseline, value)).toBe(text);
  });

  it.each([
    [100, 52, '\u221248 %'],
    [100, 112, '+12 %'],
    [100, 100, '0 %'],
    [1000, 996, '\u22120.4 %'],
    [-10, -5, '+50 %'],
    [100, 100.01, '0 %'], // rounds to no visible change, so no sign,
  ])('formatReduction(%d, %d) = %s', (baseline, value, text) => {
    expect(formatReduction(baseline, value)).toBe(text);
  });

  it('rejects meaningless inputs', () => {
    expect(() => formatRatio(0, 1)).toThrow('baseline must be a finite number > 0, got 0');
    expect(() => formatRatio(1, -1)).toThrow('value must be a finite number > 0, got -1');
    expect(() => formatReduction(0, 1)).toThrow('baseline must be a finite non-zero number, got 0');
    expect(() => formatReduction(1, Number.NaN)).toThrow('value must be a finite number, got NaN');
  });
});

describe('reporting hostile input', () => {
  it('formatRatio refuses a ratio beyond the largest double', () => {
    expect(() => formatRatio(5e-324, 1e308)).toThrow(RangeError);
    expect(() => formatRatio(5e-324, 1e308)).toThrow(
      'value / baseline must be a finite ratio, got baseline=5e-324, value=1e+308',
    );
  });

  it('formatReduction: an overflowing difference still gives the change; an infinite one is refused', () => {
    expect(formatReduction(1e308, -1e308)).toBe('\u2212200 %');
    expect(formatReduction(-1e308, 1e308)).toBe('+200 %');
    expect(() => formatReduction(5e-324, 1)).toThrow(RangeError);
    expect(() => formatReduction(5e-324, 1)).toThrow(
      'value must differ from baseline by a finite percentage, got baseline=5e-324, value=1',
    );
  });

  it('renderMarkdownTable turns a lone CR into <br> (CommonMark ends a line there too)', () => {
    expect(renderMarkdownTable([{ a: 'x\ry' }])).toBe('| a      |\n| ------ |\n| x<br>y |');
  });
});

import { cellText, type Row, tableColumns } from './tableColumns.js';

/**
 * A GitHub-flavoured Markdown table, columns padded so the source reads as a table too.
 * Columns holding only numbers are right-aligned. `|` is escaped and line breaks (LF, CRLF or a lone CR) become `<br>`.
 * Columns default to every key of every row, in first-seen order. Ends without a newline.
 */
export function renderMarkdownTable(rows: readonly Row[], columns?: readonly string[]): string {
  const cols = tableColumns(rows, columns);
  const escapeCell = (s: string) => s.replaceAll('|', '\\|').replace(/\r\n|\r|\n/g, '<br>');
  const header = cols.map(escapeCell);
  const body = rows.map((row) => cols.map((c) => escapeCell(cellText(row, c))));
  const numeric = cols.map(
    (c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number'),
  );
  const widths = cols.map((_, k) =>
    Math.max(3, header[k]!.length, ...body.map((cells) => cells[k]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((s, k) => (numeric[k] ? s.padStart(widths[k]!) : s.padEnd(widths[k]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, k) => (numeric[k] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

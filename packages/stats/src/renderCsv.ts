import { cellText, type Row, tableColumns } from './tableColumns.js';

/**
 * CSV per RFC 4180: a header line, then one line per row; a field containing a comma, quote,
 * CR or LF is quoted with inner quotes doubled. Lines end with '\n' (also after the last row).
 * Columns default to every key of every row, in first-seen order.
 */
export function renderCsv(rows: readonly Row[], columns?: readonly string[]): string {
  const cols = tableColumns(rows, columns);
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [cols.map(field).join(',')];
  for (const row of rows) lines.push(cols.map((c) => field(cellText(row, c))).join(','));
  return `${lines.join('\n')}\n`;
}

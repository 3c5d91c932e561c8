import { describe } from './validate.js';

export type Row = Readonly<Record<string, string | number>>;

/** Validates rows/columns and returns the column list: given, or every key in first-seen order. */
export function tableColumns(rows: readonly Row[], columns?: readonly string[]): string[] {
  if (!Array.isArray(rows))
    throw new TypeError(`rows must be an array of objects, got ${describe(rows)}`);
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new TypeError(`rows[${i}] must be an object, got ${describe(row)}`);
    }
    for (const [key, value] of Object.entries(row)) {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new TypeError(
          `rows[${i}].${key} must be a string or a number, got ${describe(value)}`,
        );
      }
    }
  });
  if (columns !== undefined) {
    if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) {
      throw new TypeError(`columns must be an array of strings, got ${describe(columns)}`);
    }
    if (columns.length === 0) throw new RangeError('columns must name at least 1 column, got 0');
    return [...columns];
  }
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  if (seen.size === 0)
    throw new RangeError('rows must have at least 1 key when columns is not given');
  return [...seen];
}

/** Text of a cell: numbers via String(), missing cells empty. */
export function cellText(row: Row, column: string): string {
  const value = Object.hasOwn(row, column) ? row[column] : undefined;
  return value === undefined ? '' : String(value);
}

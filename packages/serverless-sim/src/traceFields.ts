// Field-level parsing shared by the Azure trace readers. The trace files hold hashes and plain
// decimal numbers only (no quoting, no signs, no exponents), so anything else is a sign of a
// wrong or hostile file and is refused with the line, the column and its header name.

/** Drops a leading UTF-8 byte-order mark (U+FEFF), which spreadsheet exports often add. */
export function stripBom(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

/** Where a field sits, for error messages: `invocations line 3, column 7 (5)`. */
export function fieldAt(file: string, line: number, column: number, header?: string): string {
  return `${file} line ${line}, column ${column + 1}${header !== undefined ? ` (${header})` : ''}`;
}

const DIGITS = /^[0-9]+$/;
// Times may come from Python's float repr, which writes 5e-05 for small values.
const DECIMAL = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]{1,3})?$/;

/**
 * A count: decimal digits only (so `0x10`, `1e3`, `+5`, `-1`, `1.5` and ` 5` are refused, where
 * `Number()` would accept most of them), at most `max`.
 */
export function parseCount(text: string, max: number, where: () => string): number {
  if (text.length === 0) throw new RangeError(`${where()} is empty; expected a count`);
  // A count past 16 digits is over every cap and would lose precision; refuse it before Number.
  if (!DIGITS.test(text) || text.length > 16) {
    throw new RangeError(
      `${where()} must be a count written in decimal digits in [0, ${max}], got "${clip(text)}"`,
    );
  }
  const n = Number(text);
  if (n > max) throw new RangeError(`${where()} must be a count in [0, ${max}], got ${text}`);
  return n;
}

/** A non-negative decimal number (`12`, `0.078`, `5e-05`; no sign, no hex), at most `max`. */
export function parseDecimal(text: string, max: number, where: () => string): number {
  if (text.length === 0) throw new RangeError(`${where()} is empty; expected a number`);
  if (text.length > 64 || !DECIMAL.test(text)) {
    throw new RangeError(`${where()} must be a decimal number in [0, ${max}], got "${clip(text)}"`);
  }
  const n = Number(text);
  if (!(n <= max)) throw new RangeError(`${where()} must be a number in [0, ${max}], got ${text}`);
  return n;
}

/** A non-empty text field (a hash, a trigger name). */
export function requireText(text: string, where: () => string): string {
  if (text.length === 0) throw new RangeError(`${where()} is empty`);
  return text;
}

/** Shortens a hostile field for an error message. */
export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

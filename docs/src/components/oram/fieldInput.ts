/**
 * Reads an integer typed into a demo's field. An empty field is an error, never 0: an empty
 * address would otherwise write address 0, an empty bucket tamper with bucket 0. Range checks
 * are left to the library (its RangeError names the field and the allowed range).
 */
export function parseIntegerField(field: string, text: string): number {
  const t = text.trim();
  if (t === '') throw new RangeError(`${field} is empty (or not a number): enter an integer`);
  const n = Number(t);
  if (!Number.isInteger(n)) {
    throw new RangeError(`${field} must be an integer, got ${JSON.stringify(t)}`);
  }
  return n;
}

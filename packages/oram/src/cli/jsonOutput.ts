// Machine-readable output of the paperlab-oram commands: `--json` writes one JSON document to
// stdout (the human text, if any, goes to stderr), and table cells become numbers, with the
// unit moved into the column name, so a CSV or JSON reader gets values it can compute with.

/** Writes `value` as indented JSON, alone on stdout. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/**
 * A table row with numeric cells: `1,234.5` → 1234.5, `2^16` → 65536, `64 B` → 64 (column
 * `block` becomes `block B`), `−2.14 %` → −2.14 (column gains ` %`), an empty cell → null.
 * Other text is kept.
 */
export function numericRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(row)) {
    if (typeof cell !== 'string') {
      out[key] = cell;
      continue;
    }
    const text = cell.trim().replace(/^−/, '-');
    const power = /^2\^(\d+)$/.exec(text);
    const withUnit = /^([-+]?[\d,]*\.?\d+(?:e[-+]?\d+)?) ?(%|B|ms|s)$/.exec(text);
    if (text === '') out[key] = null;
    else if (power !== null) out[key] = 2 ** Number(power[1]);
    else if (withUnit !== null)
      out[`${key} ${withUnit[2]}`] = Number(withUnit[1]!.replace(/,/g, ''));
    else if (/^[-+]?[\d,]*\.?\d+(?:e[-+]?\d+)?$/.test(text))
      out[key] = Number(text.replace(/,/g, ''));
    else out[key] = cell;
  }
  return out;
}

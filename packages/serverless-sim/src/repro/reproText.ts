// Number formatting shared by the reproduction reports.

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** 0.395 → "40 %" (digits = 0) or "39.5 %" (digits = 1). */
export function pct(x: number, digits = 0): string {
  return `${round(x * 100, digits)} %`;
}

/** Simulated vs paper fraction, in percentage points: "8.5 points less than the paper". */
export function gapPoints(simulated: number, paper: number): string {
  const d = round((simulated - paper) * 100, 1);
  if (d === 0) return 'matches';
  const n = Math.abs(d);
  return `${n} point${n === 1 ? '' : 's'} ${d > 0 ? 'more' : 'less'} than the paper`;
}

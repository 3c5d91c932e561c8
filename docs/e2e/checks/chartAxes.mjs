// What a drawn chart's x axis is, read off the SVG as the reader sees it: the tick labels'
// positions against their values. On a log axis the position is linear in log(value); on a
// linear axis, in the value. No checks of its own (run.mjs finds no default export).

/** A tick label's value: Observable Plot writes "1k", "2.5M", "20", "1,000", "−5". */
export function tickValue(text) {
  const m = /^([−-]?[\d,]*\.?\d+)\s*([kMG]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1].replace(/,/g, '').replace('−', '-'));
  return n * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 }[m[2]] ?? 1);
}

/** Largest distance (px) of the points from their least-squares line x = a + b·f(v). */
function residual(points, f) {
  const xs = points.map((p) => f(p.value));
  const ys = points.map((p) => p.x);
  const n = points.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const b = sxy / sxx;
  return Math.max(...xs.map((x, i) => Math.abs(my + b * (x - mx) - ys[i])));
}

/**
 * The scale of an axis from its ticks ({ value, x } with x the label's centre in px): 'log'
 * when the positions fit log(value) within `tolerance` px and do not fit the value itself,
 * 'linear' in the opposite case, else 'unclear' (fewer than 3 distinct values, or ticks that
 * fit both, as a narrow range does).
 */
export function axisScale(ticks, tolerance = 1.5) {
  const byValue = new Map(ticks.map((t) => [t.value, t]));
  const points = [...byValue.values()];
  if (points.length < 3) return { scale: 'unclear', why: `${points.length} distinct ticks` };
  const lin = residual(points, (v) => v);
  const log = points.every((p) => p.value > 0) ? residual(points, Math.log) : Infinity;
  const why = `ticks ${points.map((p) => p.value).join(', ')}: off a log axis by ${log.toFixed(1)} px, off a linear one by ${lin.toFixed(1)} px`;
  if (log <= tolerance && lin > 2 * tolerance) return { scale: 'log', why };
  if (lin <= tolerance && log > 2 * tolerance) return { scale: 'linear', why };
  return { scale: 'unclear', why };
}

/** The x-axis tick labels of the chart `[data-chart="<name>"]` on the page: the largest set of
 * numeric labels drawn on one line (the axis), in the chart's main (tallest) SVG. */
export async function xTicks(page, name) {
  return page.evaluate(
    ([name, parse]) => {
      const value = new Function(`return (${parse})`)();
      const fig = document.querySelector(`[data-chart="${CSS.escape(name)}"]`);
      const svg = [...(fig?.querySelectorAll('svg') ?? [])].sort(
        (a, b) => b.getBoundingClientRect().height - a.getBoundingClientRect().height,
      )[0];
      const rows = new Map();
      for (const t of svg?.querySelectorAll('text') ?? []) {
        const v = value(t.textContent ?? '');
        if (v === null) continue;
        const r = t.getBoundingClientRect();
        const y = Math.round(r.top + r.height / 2);
        rows.set(y, [...(rows.get(y) ?? []), { value: v, x: r.left + r.width / 2 }]);
      }
      return [...rows.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    },
    [name, tickValue.toString()],
  );
}

// Main-thread long tasks. The budget is 200 ms of main-thread *work* per task, measured as the
// CPU time the renderer's main thread spent in the task, from Chromium's own trace (each
// RunTask event's thread time, `tdur`), for every page a visit opens: its start-up, every
// example run, every check that drives the page, the phone-sized copy of the playground.
// Work the suite itself injects (axe, theme switches) is bracketed with toolSpan and left out.
//
// Why CPU time and not wall time scaled by the load average (what this check did before):
// on a shared machine a task's wall time is its work plus the time the thread waited for a
// core, and only the work is the page's doing. The load average is a poor proxy for that
// wait: it is a one-minute moving average (it lags a build that starts or ends by tens of
// seconds, so the budget was loose right after a burst of load and too strict right after
// one began), it counts the suite's own browser and server threads and tasks blocked on I/O,
// and it is one number for a page whose start-up lasts a second. Measured here at load 5–6 on
// 2 cores: a 124 ms busy loop had 32 ms of thread time (26 % of a core), the site's start-up
// script 308 ms wall for 150 ms of work; the factor max(1, load / cores) would have allowed
// 500–600 ms. Thread time is what the page asked of the CPU, whatever else runs, so the same
// 200 ms holds on a quiet and a loaded machine. Wall times are still printed, from the
// browser's PerformanceObserver 'longtask' entries (installed before any page script runs).
import os from 'node:os';

export const BUDGET_MS = 200;

/** Trace categories: RunTask (with thread time), ParseHTML (which document a renderer shows)
 * and the user-timing marks of toolSpan. */
export const TRACE_CATEGORIES = [
  'disabled-by-default-devtools.timeline',
  'devtools.timeline',
  'blink.user_timing',
];

/** Installed in every page before its scripts (run.mjs: context.addInitScript). */
export function initScript() {
  window.__longTasks = [];
  window.__toolSpans = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longTasks = null;
  }
}

/** Runs `f` (suite-injected work, e.g. axe) and marks its time so its tasks are not counted:
 * in page time for the PerformanceObserver figures, and as user-timing marks in the trace. */
export async function toolSpan(page, f) {
  const start = await page.evaluate(() => {
    performance.mark('e2e-tool-start');
    return performance.now();
  });
  try {
    return await f();
  } finally {
    await page.evaluate((s) => {
      performance.mark('e2e-tool-end');
      window.__toolSpans?.push([s, performance.now()]);
    }, start);
  }
}

/** The page's long tasks so far (wall time, PerformanceObserver), outside tool spans. */
export async function longTasks(page, since = 0) {
  return page.evaluate((since) => {
    const spans = window.__toolSpans ?? [];
    const tasks = (window.__longTasks ?? []).filter(
      (t) => t.start >= since && !spans.some(([a, b]) => t.start < b && t.start + t.duration > a),
    );
    return { tasks, longest: Math.max(0, ...tasks.map((t) => t.duration)) };
  }, since);
}

/**
 * Every task over 50 ms wall on a renderer's main thread in a Chromium trace (JSON trace
 * events), outside the toolSpan marks of its thread: { wallMs, cpuMs, startMs, page }, with
 * startMs from the thread's first traced event and page the path of the first document it
 * parsed.
 */
export function tracedTasks(events) {
  const key = (e) => `${e.pid}:${e.tid}`;
  // The site's renderers: main threads that parsed an http(s) document. Headless Chromium runs
  // pages of its own too (chrome://omnibox-popup…, 100–200 ms tasks), which are not the site's.
  const site = new Map();
  for (const e of events) {
    const url = e.name === 'ParseHTML' ? e.args?.beginData?.url : undefined;
    if (typeof url === 'string' && /^https?:/.test(url) && !site.has(key(e)))
      site.set(key(e), new URL(url).pathname);
  }
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map(key)
      .filter((k) => site.has(k)),
  );
  const spans = new Map();
  const first = new Map();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (!mains.has(key(e)) || !(e.ts > 0)) continue;
    if (!first.has(key(e))) first.set(key(e), e.ts);
    if (e.name === 'e2e-tool-start')
      spans.set(key(e), [...(spans.get(key(e)) ?? []), [e.ts, Infinity]]);
    if (e.name === 'e2e-tool-end') {
      const open = (spans.get(key(e)) ?? []).findLast((s) => s[1] === Infinity);
      if (open) open[1] = e.ts;
    }
  }
  return events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && mains.has(key(e)) && e.dur > 50_000)
    .filter((e) => !(spans.get(key(e)) ?? []).some(([a, b]) => e.ts < b && e.ts + e.dur > a))
    .map((e) => ({
      wallMs: e.dur / 1000,
      // tdur is missing only where the platform has no thread clock; wall time then stands in.
      cpuMs: (e.tdur ?? e.dur) / 1000,
      startMs: (e.ts - first.get(key(e))) / 1000,
      // A visit may open several pages (dark-theme or phone copies, the glossary a term
      // links to): the first document each renderer parsed.
      page: site.get(key(e)),
    }));
}

/** Longest task seen on any page (CPU time), for the run's last line. */
export const worst = { ms: 0, route: '' };

const load = () => `load ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`;

export default [
  {
    path: '^/($|docs/(?!api/))',
    name: 'no main-thread task over 200 ms of CPU time (load, examples, interactions)',
    initScript,
    // run.mjs traces every visit this check matches, and hands the trace to it.
    trace: true,
    // Runs after every other check on the page, so their interactions are measured too.
    last: true,
    async run(page, { route, stopTrace }) {
      const supported = await page.evaluate(() => window.__longTasks !== null);
      if (!supported) throw new Error('this browser has no longtask PerformanceObserver');
      // Let work scheduled at load (lazy components, charts) finish before reading.
      await page.evaluate(
        () => new Promise((r) => requestIdleCallback(() => r(), { timeout: 5000 })),
      );
      const events = await stopTrace();
      if (!events) throw new Error('no trace of this visit');
      const tasks = tracedTasks(events).sort((x, y) => y.cpuMs - x.cpuMs);
      if (!events.some((e) => e.name === 'RunTask' && e.tdur !== undefined))
        throw new Error('the trace has no thread times');
      const longest = tasks[0]?.cpuMs ?? 0;
      if (longest > worst.ms) Object.assign(worst, { ms: longest, route });
      const other = (t) => (t.page === route ? '' : ` on ${t.page}`);
      const list = tasks
        .slice(0, 3)
        .map(
          (t) =>
            `${t.cpuMs.toFixed(0)} ms CPU / ${t.wallMs.toFixed(0)} ms wall at ${(t.startMs / 1000).toFixed(1)} s${other(t)}`,
        )
        .join(', ');
      const text = `${tasks.length} task(s) over 50 ms wall, most CPU ${longest.toFixed(0)} ms${list ? ` (${list})` : ''}; budget ${BUDGET_MS} ms CPU; ${load()}`;
      if (longest > BUDGET_MS) throw new Error(text);
      return text;
    },
  },
];

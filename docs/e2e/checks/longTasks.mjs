// Main-thread long tasks, measured by the browser itself: a PerformanceObserver for 'longtask'
// entries (tasks over 50 ms) is installed before any page script runs and records every task
// from navigation on, through the page's own start-up, every example run, and every check that
// drives the page. Work the suite itself injects (axe) is bracketed with toolSpan and left out.
//
// The budget is 200 ms of main-thread work per task. A task's duration is wall time, and on a
// shared machine the thread is descheduled while runnable: with R runnable threads on C cores
// it gets about C / R of a core, so a task of t ms of work lasts about t · R / C. The budget is
// therefore 200 ms × max(1, load / cores), with load the 1-minute load average read when the
// page is checked: on an idle machine it is 200 ms, and it stretches only by the share of CPU
// the page was actually given.
import os from 'node:os';

export const BUDGET_MS = 200;

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

/** Runs `f` (suite-injected work, e.g. axe) and marks its time so its tasks are not counted. */
export async function toolSpan(page, f) {
  const start = await page.evaluate(() => performance.now());
  try {
    return await f();
  } finally {
    await page.evaluate((s) => window.__toolSpans?.push([s, performance.now()]), start);
  }
}

/** The page's long tasks so far, outside tool spans: { tasks, longest }. */
export async function longTasks(page, since = 0) {
  return page.evaluate((since) => {
    const spans = window.__toolSpans ?? [];
    const tasks = (window.__longTasks ?? []).filter(
      (t) => t.start >= since && !spans.some(([a, b]) => t.start < b && t.start + t.duration > a),
    );
    return { tasks, longest: Math.max(0, ...tasks.map((t) => t.duration)) };
  }, since);
}

export function budgetMs() {
  const factor = Math.max(1, os.loadavg()[0] / os.availableParallelism());
  return { budget: BUDGET_MS * factor, factor };
}

/** Longest task seen on any page, for the run's last line. */
export const worst = { ms: 0, route: '' };

const describe = ({ budget, factor }) =>
  `budget ${budget.toFixed(0)} ms (${BUDGET_MS} ms × ${factor.toFixed(2)} for load ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores)`;

export default [
  {
    path: '^/($|docs/(?!api/))',
    name: 'no main-thread long task over the budget (load, examples, interactions)',
    initScript,
    // Runs after every other check on the page, so their interactions are measured too.
    last: true,
    async run(page, { route }) {
      const supported = await page.evaluate(() => window.__longTasks !== null);
      if (!supported) throw new Error('this browser has no longtask PerformanceObserver');
      // Let work scheduled at load (lazy components, charts) finish before reading.
      await page.evaluate(
        () => new Promise((r) => requestIdleCallback(() => r(), { timeout: 5000 })),
      );
      const { tasks, longest } = await longTasks(page);
      const b = budgetMs();
      if (longest > worst.ms) Object.assign(worst, { ms: longest, route });
      const list = tasks
        .filter((t) => t.duration > 50)
        .sort((x, y) => y.duration - x.duration)
        .slice(0, 3)
        .map((t) => `${t.duration.toFixed(0)} ms at ${(t.start / 1000).toFixed(1)} s`)
        .join(', ');
      const text = `${tasks.length} long task(s), longest ${longest.toFixed(0)} ms${list ? ` (${list})` : ''}; ${describe(b)}`;
      if (longest > b.budget) throw new Error(text);
      return text;
    },
  },
];

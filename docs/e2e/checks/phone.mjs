// The site on a phone-sized screen (390 × 844 CSS px, touch, 3× pixels: an iPhone 12-class
// viewport). On the playground a full run is made there and its results drawn: the page never
// scrolls sideways (a wide table scrolls inside its own focusable box instead of being cut
// off), chart text stays at least 12 px; the phone page's main-thread tasks, from load to the
// drawn charts, are in the visit's trace and held to the CPU budget by longTasks.mjs. The learner's pages and the home page
// get the layout part. States are waited for on DOM changes (waitFor.mjs).
import { initScript, longTasks } from './longTasks.mjs';
import { waitForDom } from './waitFor.mjs';

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

/** Opens `route` in a fresh phone-sized context; returns the page (close its context). */
async function openPhone(page, origin, route) {
  const context = await page.context().browser().newContext(PHONE);
  await context.addInitScript(initScript);
  const phone = await context.newPage();
  const errors = [];
  phone.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  phone.on('pageerror', (e) => errors.push(e.message));
  const res = await phone.goto(origin + route, { waitUntil: 'load', timeout: 60_000 });
  if (!res?.ok()) throw new Error(`${route}: HTTP ${res?.status()}`);
  return { phone, context, errors };
}

/** What sticks out of the viewport sideways: the page's own overflow, and any element whose
 * right edge passes the screen without an enclosing box that scrolls and takes focus. */
async function layoutProblems(phone) {
  return phone.evaluate(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px > ${width} px`);
    const scrollsX = (el) => /(auto|scroll)/.test(getComputedStyle(el).overflowX);
    for (const el of document.querySelectorAll('main table, main figure, main pre, main svg')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      let scroller = el.parentElement;
      while (scroller && !scrollsX(scroller)) scroller = scroller.parentElement;
      if (!scroller || scroller === document.body || scroller === document.documentElement) {
        out.push(`<${el.tagName.toLowerCase()}> cut off at ${Math.round(box.right)} px`);
        continue;
      }
      const s = scroller.getBoundingClientRect();
      if (s.right > width + 1)
        out.push(`scroll box of <${el.tagName.toLowerCase()}> ends at ${Math.round(s.right)} px`);
      // Content wider than its box must be reachable from the keyboard (WCAG 2.1.1).
      if (
        scroller.scrollWidth > scroller.clientWidth + 1 &&
        scroller.tabIndex < 0 &&
        el.tagName !== 'PRE'
      )
        out.push(`<${el.tagName.toLowerCase()}> scrolls in a box that takes no focus`);
    }
    return out;
  });
}

/** Smallest chart text as drawn, in CSS px (an SVG scaled down to fit shrinks its text). */
async function smallestChartText(phone) {
  return phone.evaluate(() => {
    let min = Number.POSITIVE_INFINITY;
    for (const t of document.querySelectorAll('[data-chart] svg text')) {
      const r = t.getBoundingClientRect();
      if (r.height === 0) continue;
      const svg = t.closest('svg');
      const scale = svg.getBoundingClientRect().width / (svg.width.baseVal.value || 1);
      min = Math.min(min, Number.parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    return min;
  });
}

export default [
  {
    path: '^/docs/serverless/playground$',
    name: 'phone viewport: a full run draws its charts; tables scroll in their box, chart text ≥ 12 px',
    async run(page, { origin, route }) {
      const { phone, context, errors } = await openPhone(page, origin, route);
      try {
        const root = phone.locator('[data-playground="simulator"]');
        await root.waitFor({ timeout: 60_000 });
        await root.getByRole('button', { name: 'Simulate' }).tap();
        const final = await waitForDom(
          phone,
          () => {
            const s = document
              .querySelector('[data-testid="sim-status"]')
              ?.getAttribute('data-status');
            return s === 'done' || s === 'error' ? s : '';
          },
          { timeout: 180_000, what: 'the simulation to finish' },
        );
        if (final !== 'done')
          throw new Error(await root.locator('[data-testid="sim-status"]').textContent());
        await waitForDom(
          phone,
          () =>
            ['latency-cdf', 'p99-comparison', 'memory-over-time'].every((c) =>
              document.querySelector(`[data-chart="${c}"] svg`),
            ),
          { timeout: 30_000, what: 'the three charts' },
        );
        await phone.evaluate(
          () => new Promise((r) => requestIdleCallback(() => r(), { timeout: 5000 })),
        );
        const problems = await layoutProblems(phone);
        if (problems.length > 0) throw new Error(problems.slice(0, 3).join('; '));
        const text = await smallestChartText(phone);
        if (!(text >= 11.5)) throw new Error(`chart text drawn at ${text.toFixed(1)} px`);
        const { longest, tasks } = await longTasks(phone);
        if (errors.length > 0) throw new Error(`console: ${errors[0]}`);
        return `${tasks.length} long task(s), longest ${longest.toFixed(0)} ms wall (CPU budget: the long-task check); smallest chart text ${text.toFixed(1)} px`;
      } finally {
        await context.close();
      }
    },
  },
  {
    path: '^/($|docs/(learn(/trenv-x|/iro)?|serverless/reproduction|getting-started)$)',
    name: 'phone viewport: nothing cut off sideways, wide content scrolls in a focusable box',
    async run(page, { origin, route }) {
      const { phone, context, errors } = await openPhone(page, origin, route);
      try {
        await phone.locator('main').first().waitFor({ timeout: 30_000 });
        await phone.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
        const problems = await layoutProblems(phone);
        if (problems.length > 0) throw new Error(problems.slice(0, 3).join('; '));
        if (errors.length > 0) throw new Error(`console: ${errors[0]}`);
        return 'fits 390 px';
      } finally {
        await context.close();
      }
    },
  },
];

// The simulator playground refuses bad input with the simulator's own messages before running,
// and is usable from the keyboard alone: Tab to Simulate, Enter runs it, focus stays on it
// during the run, Tab then Enter on Cancel stops the worker, and the end of a run is announced
// in an aria-live region. States are waited for on DOM changes (waitFor.mjs).
import { recorded, recordTexts, tabTo, waitForDom } from './waitFor.mjs';

const root = (page) => page.locator('[data-playground="simulator"]');

async function refusal(page, fields) {
  const r = root(page);
  for (const [label, value] of Object.entries(fields)) await r.getByLabel(label).fill(value);
  await r.getByRole('button', { name: 'Simulate' }).click();
  const error = r.locator('[data-testid="sim-form-error"]');
  await error.waitFor({ timeout: 10_000 });
  const text = (await error.textContent()) ?? '';
  if ((await r.locator('[data-testid="sim-status"]').count()) > 0)
    throw new Error(`a run started despite ${JSON.stringify(fields)}`);
  return text;
}

async function reset(page) {
  const r = root(page);
  const defaults = {
    'rate per function (req/s)': '4',
    'simulated minutes': '60',
    nodes: '2',
    'cores per node': '64',
    seed: '1',
  };
  for (const [label, value] of Object.entries(defaults)) await r.getByLabel(label).fill(value);
}

export default [
  {
    path: '^/docs/serverless/playground$',
    name: "playground refuses bad input with the simulator's messages, before running",
    async run(page) {
      await root(page).waitFor({ timeout: 60_000 });
      const cases = [
        [{ 'rate per function (req/s)': '' }, /rate per function \(req\/s\): empty/],
        [{ seed: '' }, /seed: empty/],
        [{ 'rate per function (req/s)': '-5' }, /^config\.workload\.ratePerSec: .*-5/],
        [{ nodes: '0' }, /^config\.cluster\.nodes: .*got 0/],
        // Refused by the simulator's own range check, or by the page's size cap if the range allows it.
        [
          { 'rate per function (req/s)': '1e9' },
          /more than this page runs in a browser tab|^config\.workload\.ratePerSec: must be a number in/,
        ],
        [{ 'simulated minutes': '100000000' }, /more than this page runs in a browser tab/],
      ];
      const seen = [];
      for (const [fields, want] of cases) {
        await reset(page);
        const text = await refusal(page, fields);
        if (!want.test(text))
          throw new Error(`${JSON.stringify(fields)}: message ${JSON.stringify(text)}`);
        const estimate =
          (await root(page).locator('[data-testid="sim-estimate"]').textContent()) ?? '';
        if (/≈ -/.test(estimate)) throw new Error(`negative estimate shown: ${estimate}`);
        seen.push(text.slice(0, 40));
      }
      await reset(page);
      return `${cases.length} refusals, e.g. ${seen[2]}…`;
    },
  },
  {
    path: '^/docs/serverless/playground$',
    name: 'playground from the keyboard: Enter runs, focus stays, Cancel stops the worker, end announced',
    async run(page) {
      const r = root(page);
      await r.waitFor({ timeout: 60_000 });
      await reset(page);
      // A long run (tens of millions of events): long enough to cancel midway.
      await r.getByLabel('simulated minutes').fill('2000');
      await r.getByText(/this may take a minute; Cancel stops it/).waitFor({ timeout: 10_000 });
      const simulate = r.getByRole('button', { name: 'Simulate' });
      await r.getByLabel('simulated minutes').focus();
      await tabTo(page, simulate);
      await recordTexts(page, '[data-testid="sim-status"]', 'cancel');
      await page.keyboard.press('Enter');
      // Real progress: wait for a fraction above 0 reported by the worker.
      await waitForDom(
        page,
        () => {
          const p = document.querySelector('[data-playground="simulator"] progress');
          return p && p.value > 0 && p.value < 1;
        },
        { timeout: 120_000, what: 'progress above 0 %' },
      );
      const focused = await simulate.evaluate((el) => document.activeElement === el);
      if (!focused) throw new Error('focus left Simulate when the run started');
      if ((await simulate.getAttribute('aria-disabled')) !== 'true')
        throw new Error('Simulate is not marked aria-disabled during the run');
      // Cancel follows Simulate in tab order.
      await page.keyboard.press('Tab');
      const cancel = r.getByRole('button', { name: 'Cancel' });
      if (!(await cancel.evaluate((el) => document.activeElement === el)))
        throw new Error('Tab from Simulate did not reach Cancel');
      await page.keyboard.press('Enter');
      const stoppedAt = await waitForDom(
        page,
        () => {
          const s = document.querySelector('[data-testid="sim-status"]');
          return s?.getAttribute('data-status') === 'cancelled' ? s.textContent : '';
        },
        { timeout: 10_000, what: 'the cancelled state' },
      );
      const progressAtCancel = await r.locator('progress').evaluate((p) => p.value);
      // The worker is gone: nothing changes any more (a second later, the same state).
      await page.waitForTimeout(1000);
      const after = await recorded(page, 'cancel');
      if (!after.at(-1)?.startsWith('cancelled|'))
        throw new Error(`status changed after Cancel: ${after.at(-1)}`);
      if ((await r.locator('progress').evaluate((p) => p.value)) !== progressAtCancel)
        throw new Error('progress moved after Cancel');
      const announce = r.locator('[data-testid="sim-announce"]');
      if (!/cancelled/.test((await announce.textContent()) ?? ''))
        throw new Error('cancel not announced');

      // A short run from the keyboard completes, and its end is announced.
      await reset(page);
      await r.getByLabel('simulated minutes').fill('5');
      await r.getByLabel('simulated minutes').focus();
      await tabTo(page, simulate);
      await page.keyboard.press('Enter');
      const done = await waitForDom(
        page,
        () => {
          const s = document
            .querySelector('[data-testid="sim-status"]')
            ?.getAttribute('data-status');
          return s === 'done' || s === 'error' ? s : '';
        },
        { timeout: 120_000, what: 'the short run to finish' },
      );
      if (done !== 'done')
        throw new Error(await r.locator('[data-testid="sim-status"]').textContent());
      const announced = (await announce.textContent()) ?? '';
      if ((await announce.getAttribute('aria-live')) !== 'polite' || !/finished/.test(announced))
        throw new Error(`completion not announced: ${JSON.stringify(announced)}`);
      if (!(await simulate.evaluate((el) => document.activeElement === el)))
        throw new Error('focus left Simulate during the run');
      await reset(page);
      return `cancelled at "${stoppedAt.trim()}"; then: ${announced}`;
    },
  },
];

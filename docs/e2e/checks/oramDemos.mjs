// The ORAM demos from the keyboard, and their refusals of empty fields: the visualiser names
// the read path's leaf (0 … 2^L − 1) from the first step, says when an access is complete, and
// refuses an empty address; the tamper demo refuses an empty bucket, lets a bucket be chosen
// with Tab and Enter, and draws the integrity tree with MUST's on-chip subtree. The leak demo
// refuses a PIN that is not 1–8 digits with a visible message and keeps the logs it showed; the
// fault demo, whose only inputs are faults, refuses (never silently corrupts) reads once the
// faults exceed what ECP-6 and a second channel can repair. Both trees are legible on a
// desktop screen: text at 12 px or more, slots at 16 px or more, as drawn.
import { tabTo, waitForDom } from './waitFor.mjs';

/** The smallest text (CSS px, as drawn: font size × the SVG's scale) and the smallest slot
 * (px) of the tree picture inside `scope`; legible means text ≥ 12 px and slots ≥ 16 px on
 * the suite's 1280 px desktop viewport. */
async function treeLegibility(scope) {
  const { text, cell, texts } = await scope.locator('[data-testid="oram-tree"]').evaluate((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')]
      .filter((t) => (t.textContent ?? '').trim() !== '')
      .map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale);
    const cells = [...svg.querySelectorAll('rect')]
      .filter((r) => r.closest('[data-slot]') || r.matches('[data-on-chip], rect[class]'))
      .map((r) => {
        const b = r.getBoundingClientRect();
        return Math.min(b.width, b.height);
      })
      .filter((v) => v > 0);
    return { text: Math.min(...sizes), cell: Math.min(...cells), texts: sizes.length };
  });
  if (!(text >= 11.95) || !(cell >= 16))
    throw new Error(
      `tree drawn too small: text ${text.toFixed(1)} px, slots ${cell.toFixed(1)} px`,
    );
  return `tree text ≥ ${text.toFixed(1)} px (${texts} labels), slots ≥ ${cell.toFixed(1)} px`;
}

async function press(page, scope, name) {
  await tabTo(page, scope.getByRole('button', { name, exact: true }));
  await page.keyboard.press('Enter');
}

export default [
  {
    path: '^/docs/oram/ring-oram$',
    name: 'visualiser from the keyboard: leaf in range from step 1, completion said, empty field refused',
    async run(page) {
      const viz = page.locator('[data-testid="oram-visualiser"]');
      await viz.waitFor({ timeout: 30_000 });
      await viz.getByLabel('address').fill('');
      await viz.getByLabel('address').focus();
      await press(page, viz, 'Access');
      const error = await waitForDom(
        page,
        () => document.querySelector('[data-testid="viz-error"]')?.textContent ?? '',
        { timeout: 10_000, what: 'the empty-address error' },
      );
      if (!/address is empty/.test(error)) throw new Error(`error says ${JSON.stringify(error)}`);

      await viz.getByLabel('address').fill('3');
      await viz.getByLabel('address').focus();
      await press(page, viz, 'Access');
      await press(page, viz, 'Step');
      const leaves = [];
      const total = await viz.locator('[data-testid="trace-row"]').count();
      // Step through ReadPath with Enter (focus stays on Step); the leaf never changes.
      for (let i = 0; i < 11; i++) {
        const t = (await viz.locator('[data-testid="viz-step"]').textContent()) ?? '';
        const leaf = /ReadPath to leaf (-?\d+)/.exec(t)?.[1];
        if (leaf === undefined) throw new Error(`no leaf in ${JSON.stringify(t)}`);
        leaves.push(Number(leaf));
        await page.keyboard.press('Enter');
      }
      if (leaves.some((l) => l < 0 || l > 7 || l !== leaves[0]))
        throw new Error(`leaves shown while stepping: ${leaves.join(', ')}`);
      // An access without an eviction (the first on a fresh tree) ends with ReadPath: the
      // steps above may have completed it already, and Finish is then disabled.
      if (await viz.getByRole('button', { name: 'Finish', exact: true }).isEnabled())
        await press(page, viz, 'Finish');
      const done = await waitForDom(
        page,
        () => document.querySelector('[data-testid="viz-complete"]')?.textContent ?? '',
        { timeout: 10_000, what: 'the completion message' },
      );
      if ((await viz.getByRole('button', { name: 'Step', exact: true }).isDisabled()) !== true)
        throw new Error('Step still enabled after the access completed');
      // Block 3 now sits in a slot with its number drawn: every kind of label is on the tree.
      const legible = await treeLegibility(viz);
      return `${total} events; leaf ${leaves[0]} from step 1; "${done.trim().slice(0, 60)}…"; ${legible}`;
    },
  },
  {
    path: '^/docs/oram/integrity$',
    name: 'tamper demo: empty bucket refused, bucket chosen by keyboard, RIT and the MUST subtree drawn',
    async run(page) {
      const demo = page.locator('[data-testid="tamper-demo"]');
      await demo.waitFor({ timeout: 30_000 });
      await demo.getByRole('button', { name: 'Reset', exact: true }).click();
      const chip = demo.locator('[data-testid="chip-box"]');
      if ((await chip.count()) !== 1) throw new Error('no on-chip box drawn');
      const chipText = (await chip.textContent()) ?? '';
      const held = await demo.locator('rect[data-on-chip="yes"]').count();
      if (!/MUST/.test(chipText) || held === 0)
        throw new Error(`MUST subtree not drawn: "${chipText}", ${held} held`);
      if (!chipText.includes(`${held} bucket`))
        throw new Error(`label "${chipText}" disagrees with ${held} held buckets drawn`);

      await demo.getByLabel('attack').selectOption('flip-meta');
      await demo.getByLabel('bucket', { exact: true }).fill('');
      await demo.getByRole('button', { name: 'Tamper', exact: true }).click();
      const result = demo.locator('[data-testid="tamper-result"]');
      await result.waitFor({ timeout: 10_000 });
      const text = (await result.textContent()) ?? '';
      if (!/bucket is empty/.test(text)) throw new Error(`empty bucket: ${JSON.stringify(text)}`);
      if (/adversary/.test((await demo.locator('[data-testid="tamper-log"]').textContent()) ?? ''))
        throw new Error('an empty bucket field still tampered with something');

      // Choose bucket 6 with the keyboard: Tab to it in the picture, Enter.
      await tabTo(page, demo.locator('g[data-bucket="6"]'));
      await page.keyboard.press('Enter');
      const chosen = await demo.getByLabel('bucket', { exact: true }).inputValue();
      if (chosen !== '6') throw new Error(`Enter on bucket 6 chose ${JSON.stringify(chosen)}`);
      const legible = await treeLegibility(demo);
      await demo.getByRole('button', { name: 'Reset', exact: true }).click();
      return `${chipText}; empty bucket: ${text.slice(0, 60)}; ${legible}`;
    },
  },
  {
    path: '^/docs/oram$',
    name: 'leak demo: a PIN that is not 1–8 digits is refused with a visible message, logs kept',
    async run(page) {
      const demo = page.locator('[data-testid="leak-demo"]');
      await demo.waitFor({ timeout: 30_000 });
      const pin = demo.getByLabel('secret PIN');
      const runButton = demo.getByRole('button', { name: 'Run the program', exact: true });
      await pin.fill('2718');
      await runButton.click();
      await demo.locator('[data-testid="array-guess"]').waitFor({ timeout: 15_000 });
      // The two server logs (the tables); the guess line beside them compares with the field.
      const logs = async () => (await demo.locator('table').allTextContents()).join('\n');
      if (!(await logs()).includes('read')) throw new Error('no server log after a valid PIN');
      const seen = [];
      for (const bad of ['27a8', '', '123456789', '１２３']) {
        const before = await logs();
        await pin.fill(bad);
        await runButton.click();
        const text = await waitForDom(
          page,
          () =>
            document.querySelector('[data-testid="leak-demo"] [role="alert"]')?.textContent ?? '',
          { timeout: 10_000, what: `the refusal of ${JSON.stringify(bad)}` },
        );
        if (!/RangeError: the PIN must be 1 to 8 digits/.test(text))
          throw new Error(`PIN ${JSON.stringify(bad)}: message ${JSON.stringify(text)}`);
        if (!(await demo.getByRole('alert').isVisible()))
          throw new Error(`PIN ${JSON.stringify(bad)}: message not visible`);
        if ((await logs()) !== before)
          throw new Error(`PIN ${JSON.stringify(bad)} changed the logs shown`);
        seen.push(JSON.stringify(bad));
        // The next good run clears the message and draws fresh logs (new IVs, a new ORAM
        // seed), so each refusal is seen afresh; wait until the encrypted array's log changed.
        const old = (await demo.locator('table').first().textContent()) ?? '';
        await pin.fill('2718');
        await runButton.click();
        await waitForDom(
          page,
          (old) => {
            const demo = document.querySelector('[data-testid="leak-demo"]');
            const first = demo?.querySelector('table')?.textContent ?? old;
            return !demo?.querySelector('[role="alert"]') && first !== old;
          },
          {
            arg: old,
            timeout: 10_000,
            what: 'fresh logs after a valid PIN',
          },
        );
      }
      return `refused ${seen.join(', ')}`;
    },
  },
  {
    path: '^/docs/oram/reliability$',
    name: 'fault demo: both channels dead without replication is refused with a visible error, never silently wrong',
    async run(page) {
      const demo = page.locator('[data-testid="fault-demo"]');
      await demo.waitFor({ timeout: 30_000 });
      const idle = () =>
        waitForDom(
          page,
          () => document.querySelector('[data-testid="fault-demo"]')?.dataset.busy === 'no',
          { timeout: 60_000, what: 'the fault demo to be idle' },
        );
      await idle();
      await demo.getByRole('button', { name: 'Reset', exact: true }).click();
      await idle();
      const replication = demo.getByLabel('Secure Replication');
      if (await replication.isChecked()) {
        await replication.uncheck();
        await idle();
      }
      for (const ch of [0, 1]) {
        await demo.getByRole('button', { name: `Kill channel ${ch}`, exact: true }).click();
      }
      await demo.getByRole('button', { name: 'Read every block', exact: true }).click();
      const error = await waitForDom(
        page,
        () =>
          document.querySelector('[data-testid="fault-demo"] [data-testid="fault-error"]')
            ?.textContent ?? '',
        { timeout: 15_000, what: 'the visible error' },
      );
      if (!/Error/.test(error)) throw new Error(`error shown: ${JSON.stringify(error)}`);
      if (!(await demo.locator('[data-testid="fault-error"]').isVisible()))
        throw new Error('the error is not visible');
      const num = async (id) =>
        Number((await demo.locator(`[data-testid="${id}"]`).textContent()) ?? 'NaN');
      const refused = await num('reads-refused');
      const wrong = await num('reads-wrong');
      if (wrong !== 0) throw new Error(`${wrong} read(s) silently wrong`);
      if (!(refused > 0)) throw new Error('no read refused with both channels dead');
      await demo.getByRole('button', { name: 'Reset', exact: true }).click();
      await idle();
      return `${refused} reads refused, 0 silently wrong; "${error.trim().slice(0, 70)}"`;
    },
  },
];

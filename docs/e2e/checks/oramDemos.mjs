// The ORAM demos from the keyboard, and their refusals of empty fields: the visualiser names
// the read path's leaf (0 … 2^L − 1) from the first step, says when an access is complete, and
// refuses an empty address; the tamper demo refuses an empty bucket, lets a bucket be chosen
// with Tab and Enter, and draws the integrity tree with MUST's on-chip subtree.
import { tabTo, waitForDom } from './waitFor.mjs';

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
      await press(page, viz, 'Finish');
      const done = await waitForDom(
        page,
        () => document.querySelector('[data-testid="viz-complete"]')?.textContent ?? '',
        { timeout: 10_000, what: 'the completion message' },
      );
      if ((await viz.getByRole('button', { name: 'Step', exact: true }).isDisabled()) !== true)
        throw new Error('Step still enabled after the access completed');
      return `${total} events; leaf ${leaves[0]} from step 1; "${done.trim().slice(0, 60)}…"`;
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
      await demo.getByRole('button', { name: 'Reset', exact: true }).click();
      return `${chipText}; empty bucket: ${text.slice(0, 60)}`;
    },
  },
];

// Checks of the RunnableExample component itself, beyond "each example prints its .out":
// a reader's edit runs and stays syntax-highlighted (the highlighted copy under the editor
// follows every keystroke, in colours that differ from plain text, and the editor's own text is
// transparent so the colours show), and bad input to the library shows the library's own error
// message in the output panel instead of breaking the page.
import { waitForDom } from './waitFor.mjs';

/** Replaces the first example's code on the page, runs it (in its worker), waits for the
 * result, and returns the box. */
async function runEdited(page, code) {
  const box = page.locator('[data-runnable-example]').first();
  await box.locator('textarea').fill(code);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForDom(
    page,
    () => {
      const s = document.querySelector('[data-runnable-example] [data-status]');
      return s && !['idle', 'running'].includes(s.getAttribute('data-status'));
    },
    { timeout: 60_000, what: 'the edited example to finish' },
  );
  return box;
}

/** What the reader sees of the edited code in `box`: the highlighted copy's text, the colours
 * of a keyword and a string against plain text, and the textarea's own text colour. */
async function highlighting(box) {
  return box.locator('textarea').evaluate((ta) => {
    const pre = ta.previousElementSibling;
    const colour = (sel) => {
      const el = pre?.querySelector(sel);
      return el ? getComputedStyle(el).color : null;
    };
    return {
      // Line by line; the copy may end in extra empty lines (one per line break it draws).
      same: (pre?.textContent ?? '').trimEnd() === ta.value.trimEnd(),
      keyword: colour('.token.keyword'),
      string: colour('.token.string'),
      plain: getComputedStyle(pre ?? ta).color,
      editor: getComputedStyle(ta).color,
    };
  });
}

export default [
  {
    path: '^/docs/stats$',
    name: 'an edited example runs, stays highlighted, and its output is marked as differing',
    async run(page) {
      const box = await runEdited(
        page,
        "import { createRng } from '@paperlab/stats';\nconsole.log('seed b:', createRng('b').int(1, 1000));\n",
      );
      const out = await box.locator('[data-testid="example-output"]').textContent();
      if (!/^seed b: \d+\n$/.test(out ?? ''))
        throw new Error(`unexpected output ${JSON.stringify(out)}`);
      const status = await box.locator('[data-status]').getAttribute('data-status');
      if (status !== 'differs') throw new Error(`status ${status}, expected differs`);
      const h = await highlighting(box);
      if (!h.same) throw new Error('the highlighted copy does not follow the edit');
      if (!h.keyword || !h.string || h.keyword === h.plain || h.string === h.plain)
        throw new Error(`edited code not highlighted: ${JSON.stringify(h)}`);
      if (!/rgba\(.*,\s*0\)|transparent/.test(h.editor))
        throw new Error(`the editor's text (${h.editor}) hides the highlighting`);
      return `${out?.trim()}; highlighted (keyword ${h.keyword}, string ${h.string})`;
    },
  },
  {
    path: '^/docs/stats$',
    name: "bad input shows the library's error message on the page",
    async run(page) {
      const box = await runEdited(
        page,
        "import { createRng } from '@paperlab/stats';\nconsole.log('before');\ncreateRng(1).exponential(-1);\n",
      );
      const error = box.locator('[data-testid="example-error"]');
      await error.waitFor({ timeout: 10_000 });
      const text = (await error.textContent()) ?? '';
      if (!/^RangeError: .*rate/i.test(text))
        throw new Error(`error panel says ${JSON.stringify(text)}`);
      const out = await box.locator('[data-testid="example-output"]').textContent();
      if (out !== 'before\n')
        throw new Error(`lines before the error lost: ${JSON.stringify(out)}`);
      // The page is still alive: Reset restores the original program.
      await box.getByRole('button', { name: 'Reset' }).click();
      const code = await box.locator('textarea').inputValue();
      if (!code.includes('createRng')) throw new Error('reset did not restore the example');
      return text;
    },
  },
];

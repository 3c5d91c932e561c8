// Waiting on the page's own events instead of polling it: the predicate is evaluated in the
// page once, then again on every DOM mutation (a MutationObserver over the whole document),
// so a state that lasts only between two polls is still seen. No checks of its own.

/**
 * Resolves with the predicate's first truthy value. `predicate` is a function run in the
 * page with `arg`; rejects after `timeout` ms with `what` in the message.
 */
export async function waitForDom(page, predicate, { arg, timeout = 60_000, what = 'state' } = {}) {
  const result = await page.evaluate(
    ([source, arg, timeout]) =>
      new Promise((resolve) => {
        const test = new Function(`return (${source})`)();
        const check = () => {
          let v;
          try {
            v = test(arg);
          } catch {
            v = undefined;
          }
          if (v) {
            observer.disconnect();
            clearTimeout(timer);
            resolve({ ok: true, value: v });
            return true;
          }
          return false;
        };
        const observer = new MutationObserver(check);
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve({ ok: false });
        }, timeout);
        if (!check())
          observer.observe(document, {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true,
          });
      }),
    [predicate.toString(), arg, timeout],
  );
  if (!result.ok) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  return result.value;
}

/**
 * Starts recording every text `selector` shows (one entry per DOM change), for states that
 * pass too quickly to wait for one by one. Read them with `recorded(page, key)`.
 */
export async function recordTexts(page, selector, key) {
  await page.evaluate(
    ([selector, key]) => {
      const seen = [];
      window[`__rec_${key}`] = seen;
      const note = () => {
        const el = document.querySelector(selector);
        const t = el ? `${el.getAttribute('data-status') ?? ''}|${el.textContent ?? ''}` : '';
        if (seen.at(-1) !== t) seen.push(t);
      };
      note();
      new MutationObserver(note).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    },
    [selector, key],
  );
}

export async function recorded(page, key) {
  return page.evaluate((key) => window[`__rec_${key}`] ?? [], key);
}

/** Presses Tab until `locator`'s element has focus (at most `max` presses). */
export async function tabTo(page, locator, max = 60) {
  const handle = await locator.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return i;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${await locator.evaluate((el) => el.outerHTML.slice(0, 80))}`);
}

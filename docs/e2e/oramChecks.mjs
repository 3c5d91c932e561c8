// Browser checks of the ORAM / IRO pages (docs/docs/oram): the visualiser steps through a real
// access, the tamper demo ends in an IntegrityError naming the place, and the fault demo
// recovers from a dead channel and from stuck cells without a silently wrong read, and the
// timing page measures Ring ORAM accesses/s in the browser (the figures are printed). The main
// runner (e2e/run.mjs) loads them through e2e/checks/oram.mjs; each check gets the page after
// it has loaded and passed the runner's console-error watch, which stays attached.

import { longTasks } from './checks/longTasks.mjs';
import { waitForDom } from './checks/waitFor.mjs';

/** Waits until the text of the first element matching `selector` satisfies `test` (a
 * self-contained function of the text, evaluated in the page), and returns it. Evaluated on
 * every DOM change (waitFor.mjs), not by polling. */
async function waitText(page, selector, test, what, timeout = 15_000) {
  try {
    return await waitForDom(
      page,
      ({ selector, source }) => {
        const t = document.querySelector(selector)?.textContent ?? '';
        return new Function(`return (${source})`)()(t) ? { t } : null;
      },
      { arg: { selector, source: test.toString() }, timeout, what },
    ).then((v) => v.t);
  } catch (e) {
    const text = await page
      .locator(selector)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '');
    throw new Error(
      `${e instanceof Error ? e.message : e}: got ${JSON.stringify((text ?? '').slice(0, 200))}`,
    );
  }
}

/** Waits for `selector`'s data-status to leave 'idle'/'running' for one of `states`. */
async function waitStatus(page, selector, states, timeout) {
  return waitForDom(
    page,
    ({ selector, states }) => {
      const s = document.querySelector(selector)?.getAttribute('data-status') ?? '';
      return states.includes(s) ? s : '';
    },
    { arg: { selector, states }, timeout, what: `${selector} to reach ${states.join(' or ')}` },
  );
}

async function click(scope, name) {
  try {
    await scope.getByRole('button', { name, exact: true }).click({ timeout: 15_000 });
  } catch (e) {
    throw new Error(`clicking "${name}": ${e instanceof Error ? e.message.split('\n')[0] : e}`);
  }
}

async function doneRows(viz) {
  return viz.locator('[data-testid="trace-row"][data-done="yes"]').count();
}

async function checkVisualiser(page) {
  const viz = page.locator('[data-testid="oram-visualiser"]');
  await viz.waitFor({ timeout: 30_000 });
  await click(viz, 'Access');
  const rows = viz.locator('[data-testid="trace-row"]');
  const total = await rows.count();
  // ReadPath alone is 3(L+1) events (L = 3 here): metadata reads, slot reads, metadata writes.
  if (total < 12) throw new Error(`an access showed ${total} trace rows, expected at least 12`);
  if ((await doneRows(viz)) !== 0) throw new Error('rows marked done before any Step');

  await click(viz, 'Step');
  if ((await doneRows(viz)) !== 1) throw new Error('Step did not advance exactly one row');
  const first = viz.locator('[data-testid="trace-row"][data-current="yes"]');
  const firstText = (await first.textContent()) ?? '';
  if (!/read.*0.*meta.*ReadPath/.test(firstText))
    throw new Error(`first physical access should read the root's metadata, row: ${firstText}`);
  if ((await viz.locator('[data-bucket="0"][data-look="path"]').count()) !== 1)
    throw new Error('the root is not highlighted as on the read path');

  // Through ReadPath: one slot chosen in every bucket of the path, each shown as the block or
  // a dummy, and the path's buckets highlighted.
  await click(viz, 'Next phase');
  const chosen = await viz.locator('[data-look="readReal"], [data-look="readDummy"]').count();
  if (chosen !== 4)
    throw new Error(`ReadPath highlighted ${chosen} chosen slots, expected L+1 = 4`);
  const onPath = await viz.locator('g[data-bucket][data-look="path"]').count();
  if (onPath !== 4) throw new Error(`${onPath} buckets highlighted on the read path, expected 4`);
  const stepText = await viz.locator('[data-testid="viz-step"]').textContent();

  // The first access has no eviction (one comes every A = 3), so ReadPath may be all of it.
  if ((await doneRows(viz)) < total) await click(viz, 'Finish');
  if ((await doneRows(viz)) !== total) throw new Error('Finish did not complete the access');
  await waitText(
    page,
    '[data-testid="oram-visualiser"] [data-testid="model-check"]',
    (t) => t.startsWith('✓'),
    'model check',
  );

  // Evictions and an early reshuffle, checked against the library's counters each time.
  for (let i = 0; i < 5; i++) await click(viz, 'Random access');
  await click(viz, 'Run until an early reshuffle');
  await waitText(
    page,
    '[data-testid="oram-visualiser"] [data-testid="server-trace"]',
    (t) => t.includes('EarlyReshuffle'),
    'trace after "Run until an early reshuffle"',
  );
  await click(viz, 'Finish');
  if ((await viz.locator('g[data-bucket][data-look="reshuffle"]').count()) < 1)
    throw new Error('no bucket highlighted as early-reshuffled');
  await waitText(
    page,
    '[data-testid="oram-visualiser"] [data-testid="model-check"]',
    (t) => t.startsWith('✓'),
    'model check',
  );
  const log = (await viz.locator('[data-testid="program-log"] li').count()) ?? 0;
  if (log < 7) throw new Error(`program log lists ${log} accesses, expected at least 7`);
  return `${total} rows stepped; ${stepText?.trim().slice(0, 80)}`;
}

async function checkTamper(page) {
  const demo = page.locator('[data-testid="tamper-demo"]');
  await demo.waitFor({ timeout: 30_000 });
  // Default: replay bucket 5 under rit+must, then read everything back.
  await click(demo, 'Tamper');
  await click(demo, 'Read every block');
  const result = demo.locator('[data-testid="tamper-result"]');
  const resultSel = '[data-testid="tamper-demo"] [data-testid="tamper-result"]';
  const replay = await waitText(
    page,
    resultSel,
    (t) => t.startsWith('IntegrityError') && /bucket 5, slot/.test(t),
    'replay of bucket 5',
  );
  if ((await result.getAttribute('data-outcome')) !== 'detected')
    throw new Error('replay outcome not marked detected');
  if ((await demo.locator('g[data-bucket="5"][data-look="error"]').count()) !== 1)
    throw new Error('bucket 5 not highlighted as where the check failed');

  // A flipped bit in a slot, found by the audit and named by bucket and slot.
  await click(demo, 'Reset');
  await demo.getByLabel('attack').selectOption('flip-slot');
  await demo.getByLabel('bucket', { exact: true }).fill('3');
  await demo.getByLabel('slot', { exact: true }).fill('2');
  await click(demo, 'Tamper');
  await click(demo, 'Audit the tree');
  const flip = await waitText(
    page,
    resultSel,
    (t) => t.startsWith('IntegrityError') && t.includes('bucket 3, slot 2'),
    'audit after a slot flip',
  );
  return `${replay.slice(0, 70)} | ${flip.slice(0, 70)}`;
}

async function checkFaults(page) {
  const demo = page.locator('[data-testid="fault-demo"]');
  await demo.waitFor({ timeout: 30_000 });
  const num = async (id) =>
    Number((await demo.locator(`[data-testid="${id}"]`).textContent()) ?? 'NaN');

  // A dead channel with Secure Replication: every block still reads back correctly.
  await click(demo, 'Kill channel 1');
  await click(demo, 'Read every block');
  await waitText(
    page,
    '[data-testid="fault-demo"] [data-testid="reads-correct"]',
    (t) => Number(t) === 16,
    'reads after channel loss',
  );
  if ((await num('reads-refused')) !== 0) throw new Error('a read was refused despite replication');
  if ((await num('reads-wrong')) !== 0) throw new Error('a read was silently wrong');
  const replicas = await num('replica-recoveries');
  const mirrors = await num('mirror-recoveries');
  if (!(replicas > 0 && mirrors > 0))
    throw new Error(`no recovery counted: ${replicas} from replicas, ${mirrors} from the mirror`);

  // Stuck cells within ECP-6's reach: write-verify allocates entries, reads get patched.
  await click(demo, 'Reset');
  await demo.getByLabel('stuck cells per line').selectOption('6');
  await click(demo, 'Stick cells');
  await click(demo, 'Run 100 accesses');
  await click(demo, 'Read every block');
  const ecpReads = await num('ecp-reads');
  if (!(ecpReads > 0)) throw new Error('no read was patched by ECP');
  if ((await num('reads-wrong')) !== 0)
    throw new Error('a read was silently wrong with stuck cells');
  if ((await num('reads-refused')) !== 0)
    throw new Error('a read was refused with correctable cells');

  // Without replication, a dead channel is detected, not silently wrong.
  await demo.getByLabel('Secure Replication').uncheck();
  await click(demo, 'Kill channel 0');
  await click(demo, 'Read every block');
  await waitText(
    page,
    '[data-testid="fault-demo"] [data-testid="fault-error"]',
    (t) => /Error/.test(t),
    'error without replication',
  );
  if ((await num('reads-wrong')) !== 0) throw new Error('silently wrong read without replication');
  return `channel loss: ${replicas} replica + ${mirrors} mirror recoveries; ECP patched ${ecpReads} reads`;
}

async function checkLeak(page) {
  const demo = page.locator('[data-testid="leak-demo"]');
  await demo.waitFor({ timeout: 30_000 });
  await click(demo, 'Run the program');
  const guess = await waitText(
    page,
    '[data-testid="leak-demo"] [data-testid="array-guess"]',
    (t) => t.includes('2718'),
    "encrypted array's leak",
  );
  await waitText(
    page,
    '[data-testid="leak-demo"] [data-testid="oram-guess"]',
    (t) => t.includes('random leaves'),
    'ORAM view',
  );
  return guess.trim();
}

async function checkTiming(page) {
  const demo = page.locator('[data-testid="iro-timing"]');
  await demo.waitFor({ timeout: 30_000 });
  await demo.getByLabel('capacity').selectOption('64');
  await demo.getByLabel('accesses').selectOption('100');
  await click(demo, 'Run the reproduction');
  const rows = await waitText(
    page,
    '[data-testid="iro-timing"] [data-testid="timing-rows"]',
    (t) => t.includes('4 AES-GCM units') && t.includes('+7.54 %') && t.includes('−2.14 %'),
    'reproduction rows beside the paper',
    120_000,
  );
  await waitText(
    page,
    '[data-testid="iro-timing"] [data-testid="timing-gap"]',
    (t) => t.includes('memory traffic'),
    'gap text',
  );
  return rows.replace(/\s+/g, ' ').slice(0, 120);
}

async function checkSpeed(page) {
  const demo = page.locator('[data-testid="oram-speed"]');
  await demo.waitFor({ timeout: 30_000 });
  // The longest task during the run (wall time, for the line); the page's tasks are held to
  // the CPU budget by checks/longTasks.mjs, over the visit's trace.
  const since = await page.evaluate(() => performance.now());
  await click(demo, 'Run');
  const status = demo.locator('[data-testid="speed-status"]');
  await waitStatus(
    page,
    '[data-testid="oram-speed"] [data-testid="speed-status"]',
    ['done', 'error'],
    120_000,
  );
  const { longest: stall } = await longTasks(page, since);
  if ((await status.getAttribute('data-status')) !== 'done') {
    const alert = demo.locator('[role="alert"]');
    throw new Error((await alert.count()) > 0 ? await alert.textContent() : 'status error');
  }
  const rows = demo.locator('[data-testid="speed-row"]');
  const figures = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const encrypt = await row.getAttribute('data-encrypt');
    const rate = Number(await row.locator('[data-testid="speed-rate"]').getAttribute('data-value'));
    if (!(rate > 0)) throw new Error(`accesses/s with encrypt=${encrypt} is ${rate}`);
    figures[encrypt === 'true' ? 'ChaCha20-Poly1305' : 'cipher off'] = Math.round(rate);
  }
  if (Object.keys(figures).length !== 2) throw new Error(`${Object.keys(figures).length} rows`);
  const ua = await page.evaluate(() => navigator.userAgent);
  const chrome = /(?:HeadlessChrome|Chrome)\/[\d.]+/.exec(ua)?.[0] ?? ua;
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')} acc/s`)
    .join(', ');
  return `Ring ORAM 2^16 × 64 B in ${chrome}: ${text}; longest main-thread task ${stall.toFixed(0)} ms wall`;
}

/** The checks, in the runner's format: `path` is a regular expression over the route. */
export const oramChecks = [
  {
    path: '^/docs/oram$',
    name: 'ORAM: the encrypted array leaks the PIN, the ORAM does not',
    run: checkLeak,
  },
  {
    path: '^/docs/oram/ring-oram$',
    name: 'ORAM: the visualiser steps through a real access',
    run: checkVisualiser,
  },
  {
    path: '^/docs/oram/integrity$',
    name: 'ORAM: the tamper demo shows detection',
    run: checkTamper,
  },
  {
    path: '^/docs/oram/reliability$',
    name: 'ORAM: the fault demo shows recovery',
    run: checkFaults,
  },
  {
    path: '^/docs/oram/timing$',
    name: 'ORAM: the timing reproduction runs beside the paper',
    run: checkTiming,
  },
  {
    path: '^/docs/oram/timing$',
    name: 'ORAM: Run measures accesses/s in a worker (cipher off and on), page stays responsive',
    run: checkSpeed,
  },
];

/** Runs every ORAM check whose path matches `route` on `page`; returns [name, detail] pairs. */
export async function runOramChecks(page, route) {
  const out = [];
  for (const c of oramChecks)
    if (new RegExp(c.path).test(route)) out.push([c.name, await c.run(page)]);
  return out;
}

export default oramChecks;

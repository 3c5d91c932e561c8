// Busy polling (spinWait.ts, serve --spin-us, createRemoteStorage's spinMicros): it must stop
// when nothing is awaited any more or when its bound runs out (a spin that never stops burns a
// core), change nothing that is read or written, and refuse bounds outside [0, 10^6].
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type OramServer, startOramServer } from '../src/node/oramServer.ts';
import { createRemoteStorage, type WebSocketConstructor } from '../src/remote/remoteStorage.ts';
import { checkSpinMicros, createSpinWait, SPIN_BACKOFF_MS } from '../src/remote/spinWait.ts';
import { encodeResponse, encodeSeq, peekRequest } from '../src/remote/wireCodec.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shape = { bucketCount: 7, slotsPerBucket: 2, slotBytes: 8, metaBytes: 4 };
const dir = mkdtempSync(join(tmpdir(), 'oram-spin-'));
let server: OramServer;
beforeAll(async () => {
  server = await startOramServer({ dir, port: 0, fsync: false, spinMicros: 2000 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A hand-driven clock and event loop: each step(gap) runs the queued turn `gap` ms later. */
function handClock() {
  const h = {
    t: 0,
    queued: undefined as (() => void) | undefined,
    clock: {
      now: () => h.t,
      schedule: (fn: () => void) => {
        h.queued = fn;
      },
    },
    step(gap: number) {
      h.t += gap;
      const fn = h.queued;
      h.queued = undefined;
      fn?.();
    },
  };
  return h;
}

it('spins while active and stops when it is not, or when the bound runs out', () => {
  // On the hand clock (a real loop on a loaded machine may preempt the first turn, which the
  // next test covers): one turn per step while active and within the bound, then none.
  let active = true;
  const h = handClock();
  const s = createSpinWait(1_000_000, () => active, h.clock);
  s.kick();
  for (let i = 0; i < 5; i++) h.step(0.1);
  expect(s.turns).toBe(5);
  active = false;
  h.step(0.1);
  expect([s.turns, h.queued]).toEqual([5, undefined]);
  // Always active, 2 ms bound, a turn every 0.1 ms: 19 turns before t reaches the bound.
  const b = handClock();
  const bounded = createSpinWait(2000, () => true, b.clock);
  bounded.kick();
  for (let i = 0; i < 40; i++) b.step(0.1);
  expect(bounded.turns).toBe(19);
  expect(b.queued).toBeUndefined();
  // 0 is off: no turn at all.
  const o = handClock();
  const off = createSpinWait(0, () => true, o.clock);
  off.kick();
  expect(o.queued).toBeUndefined();
  expect(off.turns).toBe(0);
});

it('on the real event loop, a spin runs (or backs off when preempted) and then stops', async () => {
  const s = createSpinWait(2000, () => true);
  s.kick();
  const deadline = Date.now() + 5000;
  while (s.turns + s.preempted === 0 && Date.now() < deadline) await sleep(1);
  expect(s.turns + s.preempted).toBeGreaterThan(0);
  // Bounded by 2 ms and never re-kicked: it has stopped well within 50 ms of event-loop time.
  await sleep(50);
  const after = s.turns;
  await sleep(20);
  expect(s.turns).toBe(after);
});

it('a spin that was preempted (a turn gap over SPIN_PREEMPTED_MS) stops and backs off, doubling', () => {
  // A hand-driven clock and event loop: each step() runs the queued turn after `gap` ms.
  let t = 0;
  let queued: (() => void) | undefined;
  const clock = {
    now: () => t,
    schedule: (fn: () => void) => {
      queued = fn;
    },
  };
  const step = (gap: number) => {
    t += gap;
    const fn = queued;
    queued = undefined;
    fn?.();
  };
  const s = createSpinWait(1_000_000, () => true, clock);
  s.kick();
  for (let i = 0; i < 10; i++) step(0.01);
  expect([s.turns, s.preempted]).toEqual([10, 0]);
  step(5); // preempted for 5 ms
  expect([s.turns, s.preempted, queued]).toEqual([10, 1, undefined]);
  // Backing off for SPIN_BACKOFF_MS: a kick does nothing until then.
  t += SPIN_BACKOFF_MS - 1;
  s.kick();
  expect(queued).toBeUndefined();
  t += 2;
  s.kick();
  step(0.01);
  expect(s.turns).toBe(11);
  // Preempted again at once: the back-off doubles.
  step(2);
  expect(s.preempted).toBe(2);
  t += 2 * SPIN_BACKOFF_MS - 1;
  s.kick();
  expect(queued).toBeUndefined();
  t += 2;
  s.kick();
  expect(queued).toBeDefined();
});

it('a spin that runs out with nothing arrived backs off (doubling); one that paid does not, and halves it', () => {
  // What a client across a real network, or a server whose clients are slow, would see: the
  // reply (or the next message) comes after the bound. Spinning then must not go on at every
  // round trip, or the default (on) would burn a core where it cannot help.
  const h = handClock();
  const s = createSpinWait(2000, () => true, h.clock);
  const spinOut = () => {
    for (let i = 0; i < 40 && h.queued !== undefined; i++) h.step(0.1);
  };
  s.kick();
  spinOut();
  expect([s.wasted, s.preempted, h.queued]).toEqual([1, 0, undefined]);
  // Off for SPIN_BACKOFF_MS from when it ran out (t = 2 ms).
  h.t += SPIN_BACKOFF_MS - 1;
  s.kick();
  expect(h.queued).toBeUndefined();
  h.t += 2;
  s.kick();
  expect(h.queued).toBeDefined();
  spinOut();
  expect(s.wasted).toBe(2);
  // Wasted again: off for twice as long.
  h.t += 2 * SPIN_BACKOFF_MS - 1;
  s.kick();
  expect(h.queued).toBeUndefined();
  h.t += 2;
  s.kick();
  // This time something arrives during the spin: it paid although it ran out.
  h.step(0.1);
  s.arrived();
  spinOut();
  expect([s.wasted, h.queued]).toEqual([2, undefined]);
  // The back-off halved twice (at the arrival, and when the paid spin ended: 2, 1, 0 x
  // SPIN_BACKOFF_MS) and no new one began: a kick spins at once.
  s.kick();
  expect(h.queued).toBeDefined();
  spinOut();
  expect(s.wasted).toBe(3);
  // So the next back-off starts again from SPIN_BACKOFF_MS: refused at 0.5 x, not after 1 x.
  h.t += 0.5 * SPIN_BACKOFF_MS;
  s.kick();
  expect(h.queued).toBeUndefined();
  // arrived() outside a spin (a message that woke a sleeping thread) makes no later spin paid.
  h.t += SPIN_BACKOFF_MS;
  s.arrived();
  s.kick();
  spinOut();
  expect(s.wasted).toBe(4);
  // A busy server's spin never ends (every message extends it): the arrivals during it shrink
  // the back-off, so preemptions far apart do not add up to a 1 s pause.
  const v = handClock();
  const server = createSpinWait(2000, () => true, v.clock);
  for (let round = 0; round < 5; round++) {
    server.kick();
    expect(v.queued).toBeDefined();
    for (let i = 0; i < 5; i++) {
      v.step(0.1);
      server.arrived();
      server.kick();
    }
    v.step(5); // preempted
    v.t += SPIN_BACKOFF_MS + 0.5; // one SPIN_BACKOFF_MS later it spins again
  }
  expect([server.preempted, server.wasted]).toEqual([5, 0]);
  // A spin that ends because nothing is awaited any more (the reply came) paid.
  let awaited = true;
  const c = handClock();
  const client = createSpinWait(2000, () => awaited, c.clock);
  client.kick();
  c.step(0.1);
  awaited = false;
  c.step(0.1);
  expect([client.wasted, c.queued]).toEqual([0, undefined]);
  awaited = true;
  client.kick();
  expect(c.queued).toBeDefined();
  // Two wasted spins (replies later than the bound): off for 2 x SPIN_BACKOFF_MS; then one
  // that paid by its reply alone halves that, so the next wasted one is off for 2 x, not 4 x.
  const spinOutC = () => {
    for (let i = 0; i < 40 && c.queued !== undefined; i++) c.step(0.1);
  };
  spinOutC();
  c.t += SPIN_BACKOFF_MS + 1;
  client.kick();
  spinOutC();
  expect(client.wasted).toBe(2);
  c.t += 2 * SPIN_BACKOFF_MS + 1;
  client.kick();
  c.step(0.1);
  awaited = false;
  c.step(0.1);
  awaited = true;
  client.kick();
  spinOutC();
  expect(client.wasted).toBe(3);
  c.t += 2 * SPIN_BACKOFF_MS + 1;
  client.kick();
  expect(c.queued).toBeDefined();
});

it('refuses spin bounds outside [0, 10^6], naming the option', async () => {
  expect(() => checkSpinMicros('spinMicros', -1, 0)).toThrow(
    'spinMicros must be an integer in [0, 1000000] (microseconds), got -1',
  );
  expect(() => checkSpinMicros('spinMicros', 1.5, 0)).toThrow(/got 1.5/);
  await expect(
    createRemoteStorage({ url: server.url, shape, WebSocket: WS, spinMicros: 2_000_000 }),
  ).rejects.toThrow('spinMicros must be an integer in [0, 1000000] (microseconds), got 2000000');
  await expect(startOramServer({ dir, spinMicros: -5 })).rejects.toThrow(
    'spinMicros must be an integer in [0, 1000000] (microseconds), got -5',
  );
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const bad = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@paperlab/source',
      'src/cli/main.ts',
      'serve',
      '--dir',
      dir,
      '--spin-us',
      'x',
    ],
    { cwd: pkg, encoding: 'utf8' },
  );
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--spin-us/);
});

it('a client that spins reads what was written, spins while a reply is late, and stops once answered', async () => {
  // A server that answers HELLO 50 ms late: the client's wait spans many event-loop turns.
  const slow = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => slow.once('listening', r));
  slow.on('connection', (ws) =>
    ws.on('message', (d: Buffer) => {
      const { op, id } = peekRequest(new Uint8Array(d));
      setTimeout(() => ws.send(encodeResponse(op, id, encodeSeq(0))), 50);
    }),
  );
  try {
    const { port } = slow.address() as AddressInfo;
    const s = await createRemoteStorage({
      url: `ws://127.0.0.1:${port}`,
      shape,
      WebSocket: WS,
      spinMicros: 1_000_000,
    });
    const turns = s.spinTurns;
    // It spun; on a loaded machine its first turn may come late, which counts as preempted
    // and stops the spin (a back-off), so either counter shows the spin.
    expect(turns + s.spinPreempted).toBeGreaterThan(0);
    // Nothing awaited: no more turns, although the bound (1 s) has not run out.
    await sleep(30);
    expect(s.spinTurns).toBe(turns);
    s.close().catch(() => undefined);
  } finally {
    for (const c of slow.clients) c.terminate();
    await new Promise((r) => slow.close(r));
  }
  // Against the real server (which spins too), what is read is what was written.
  const s = await createRemoteStorage({
    url: server.url,
    name: 'spin',
    shape,
    WebSocket: WS,
    spinMicros: 1_000_000,
  });
  await s.apply({
    seq: 1,
    entries: [{ kind: 0, bucket: 3, slot: 1, data: new Uint8Array(8).fill(7) }],
  });
  const [x] = await s.readLocations([{ kind: 0, bucket: 3, slot: 1 }]);
  expect([...x!]).toEqual(new Array(8).fill(7));
  await s.close();
});

/**
 * Keeps this thread's event loop turning for a bounded time instead of sleeping, so that a
 * reply expected soon is picked up without the operating system having to wake the thread.
 *
 * Why: on a virtual machine whose idle vCPUs halt (no guest halt-polling), a process that
 * sleeps in epoll while it waits for a loopback reply gives its vCPU back to the host, and
 * the sender's wake-up then costs a VM exit and the host rescheduling that vCPU: tens of
 * microseconds per wake-up, two per round trip (the server woken by the request, the client
 * by the reply). While the loop turns, the vCPU stays busy and the data is found by the next
 * poll. This is busy polling, as in Linux's SO_BUSY_POLL and user-space network stacks
 * (DPDK's poll-mode drivers); it trades CPU time for latency, so it is bounded and off by
 * default. Each turn is one `setImmediate` (Node), or a MessageChannel message where there is
 * none (browsers: not clamped like setTimeout), so I/O callbacks run between turns.
 *
 * Spinning only pays while this thread has a vCPU to itself. When the machine is
 * oversubscribed, a spinner holds a vCPU that the other end of the round trip (or anyone
 * else) needs, and round trips get many times slower (`bench:remote` measured it). The sign is
 * a gap between two turns far longer than a turn: the thread was preempted. Spinning also
 * does not pay when what it waits for comes later than its bound (a server across a real
 * network, a client that sends a request every few milliseconds): the spin runs out with
 * nothing having arrived (`arrived()` not called during it), a wasted spin. After a
 * preempted or a wasted spin, spinning stays off for a back-off time that doubles with every
 * such spin (from SPIN_BACKOFF_MS up to 1 s) and halves again with each arrival during a
 * spin and after each spin that paid (something arrived, no preemption), as adaptive mutexes stop spinning when spinning does
 * not work. So where it cannot help it costs at most one bound per second, which is what
 * lets it be on by default (src/parameters.ts).
 */
export interface SpinWait {
  /** Spin (again) for up to `micros` from now, while `active()` holds (unless backing off). */
  kick(): void;
  /** What the spin waits for has arrived (a reply, a message): the running spin paid. */
  arrived(): void;
  /** Turns of the event loop spent spinning, for the bench. */
  readonly turns: number;
  /** Spins cut short because the thread was preempted (each starts a back-off). */
  readonly preempted: number;
  /** Spins that ran out with nothing arrived (each starts a back-off). */
  readonly wasted: number;
}

/** A gap between two turns longer than this (ms) means the thread was preempted. */
export const SPIN_PREEMPTED_MS = 1;
/** First back-off after a preempted spin (ms); it doubles up to SPIN_BACKOFF_MAX_MS. */
export const SPIN_BACKOFF_MS = 10;
export const SPIN_BACKOFF_MAX_MS = 1000;

export type Schedule = (fn: () => void) => void;

function scheduler(): Schedule {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return (fn) => void si(fn);
  }
  const channel = new MessageChannel();
  let queued: (() => void) | undefined;
  channel.port1.onmessage = () => {
    const fn = queued;
    queued = undefined;
    fn?.();
  };
  return (fn) => {
    queued = fn;
    channel.port2.postMessage(0);
  };
}

/** Checks a spin bound in microseconds: an integer in [0, 10^6]. */
export function checkSpinMicros(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) {
    throw new RangeError(
      `${name} must be an integer in [0, 1000000] (microseconds), got ${String(v)}`,
    );
  }
  return v;
}

/** Injected clock (ms) and turn scheduler, for tests; default performance.now and a real turn. */
export interface SpinClock {
  now(): number;
  schedule: Schedule;
}

export function createSpinWait(micros: number, active: () => boolean, clock?: SpinClock): SpinWait {
  const now = clock?.now ?? (() => performance.now());
  let until = 0;
  let running = false;
  let paid = false;
  let turns = 0;
  let preempted = 0;
  let wasted = 0;
  let last = 0;
  let backoff = 0;
  let offUntil = 0;
  let schedule: Schedule | undefined = clock?.schedule;
  const backOff = (t: number): void => {
    backoff = Math.min(Math.max(backoff * 2, SPIN_BACKOFF_MS), SPIN_BACKOFF_MAX_MS);
    offUntil = t + backoff;
    running = false;
  };
  const tick = (): void => {
    const t = now();
    if (t - last > SPIN_PREEMPTED_MS) {
      preempted++;
      backOff(t);
      return;
    }
    last = t;
    const waiting = active();
    if (waiting && t < until) {
      turns++;
      schedule!(tick);
      return;
    }
    if (!paid && waiting) {
      wasted++;
      backOff(t);
      return;
    }
    running = false;
    backoff = backoff <= SPIN_BACKOFF_MS ? 0 : backoff / 2;
  };
  return {
    kick() {
      if (micros === 0) return;
      const t = now();
      if (t < offUntil) return;
      until = t + micros / 1000;
      // Work done since the last turn (this kick's caller ran) is not a preemption.
      last = t;
      if (running) return;
      running = true;
      paid = false;
      schedule ??= scheduler();
      schedule(tick);
    },
    arrived() {
      paid = true;
      // A busy server's spin never ends (each message extends it), so a back-off left by an
      // earlier preempted or wasted spin must also shrink while the spin pays, or it would
      // only ever grow (to 1 s off after a handful of preemptions).
      if (running) backoff = backoff <= SPIN_BACKOFF_MS ? 0 : backoff / 2;
    },
    get turns() {
      return turns;
    },
    get preempted() {
      return preempted;
    },
    get wasted() {
      return wasted;
    },
  };
}

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
 */
export interface SpinWait {
  /** Spin (again) for up to `micros` from now, while `active()` holds. */
  kick(): void;
  /** Turns of the event loop spent spinning, for the bench. */
  readonly turns: number;
}

type Schedule = (fn: () => void) => void;

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

export function createSpinWait(micros: number, active: () => boolean): SpinWait {
  let until = 0;
  let running = false;
  let turns = 0;
  let schedule: Schedule | undefined;
  const tick = (): void => {
    if (active() && performance.now() < until) {
      turns++;
      schedule!(tick);
    } else running = false;
  };
  return {
    kick() {
      if (micros === 0) return;
      until = performance.now() + micros / 1000;
      if (running) return;
      running = true;
      schedule ??= scheduler();
      schedule(tick);
    },
    get turns() {
      return turns;
    },
  };
}

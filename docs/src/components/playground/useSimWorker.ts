// Owns one simulation worker for a component's lifetime and feeds its messages to a handler.
import { useCallback, useEffect, useRef } from 'react';
import type { WorkerRequest, WorkerResponse } from './protocol';

export function useSimWorker(onMessage: (message: WorkerResponse) => void) {
  return useSimWorkerControl(onMessage).send;
}

/**
 * Like useSimWorker, plus `cancel()`: terminates the worker mid-run (a simulation is one long
 * synchronous loop, so a message asking it to stop would only be read once it had finished)
 * and starts a fresh one for the next request.
 */
export function useSimWorkerControl(onMessage: (message: WorkerResponse) => void) {
  const worker = useRef<Worker | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;

  const start = useCallback(() => {
    const w = new Worker(new URL('./simWorker.ts', import.meta.url));
    // A cancelled worker's last messages may still be queued: only the current one speaks.
    w.onmessage = (e: MessageEvent<WorkerResponse>) => {
      if (worker.current === w) handler.current(e.data);
    };
    w.onerror = (e) => {
      if (worker.current === w)
        handler.current({ type: 'error', name: 'WorkerError', message: e.message });
    };
    worker.current = w;
  }, []);

  useEffect(() => {
    start();
    return () => {
      worker.current?.terminate();
      worker.current = null;
    };
  }, [start]);

  const send = useCallback((request: WorkerRequest) => worker.current?.postMessage(request), []);
  const cancel = useCallback(() => {
    worker.current?.terminate();
    start();
  }, [start]);
  return { send, cancel };
}

/**
 * Measures how long the main thread goes without running a timer while `active`: the largest
 * gap between 20 ms ticks, minus the 20 ms. A page that stays responsive keeps this small.
 */
export function createStallMeter() {
  const period = 20;
  let last = 0;
  let worst = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    start() {
      last = performance.now();
      worst = 0;
      timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last - period);
        last = now;
      }, period);
    },
    stop(): number {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      return Math.max(0, worst);
    },
  };
}

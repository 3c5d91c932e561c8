// Owns one simulation worker for a component's lifetime and feeds its messages to a handler.
import { useCallback, useEffect, useRef } from 'react';
import type { WorkerRequest, WorkerResponse } from './protocol';

export function useSimWorker(onMessage: (message: WorkerResponse) => void) {
  const worker = useRef<Worker | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    const w = new Worker(new URL('./simWorker.ts', import.meta.url));
    w.onmessage = (e: MessageEvent<WorkerResponse>) => handler.current(e.data);
    w.onerror = (e) => {
      handler.current({ type: 'error', name: 'WorkerError', message: e.message });
    };
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  return useCallback((request: WorkerRequest) => worker.current?.postMessage(request), []);
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

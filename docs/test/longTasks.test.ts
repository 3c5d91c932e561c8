// The e2e suite's long-task budget reads CPU time from Chromium's trace (e2e/checks/longTasks.mjs).
// Hand-made traces, with the figures worked out by hand: which tasks count, whose clock, and
// that the suite's own tool spans are left out.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module of the e2e suite, without type declarations
import { tracedTasks } from '../e2e/checks/longTasks.mjs';

const thread = (pid: number, tid: number, name: string) => ({
  ph: 'M',
  name: 'thread_name',
  pid,
  tid,
  ts: 0,
  args: { name },
});
const task = (pid: number, tid: number, ts: number, dur: number, tdur?: number) => ({
  ph: 'X',
  name: 'RunTask',
  cat: 'disabled-by-default-devtools.timeline',
  pid,
  tid,
  ts,
  dur,
  ...(tdur === undefined ? {} : { tdur }),
});
// The thread's clock starts at its first event: ParseHTML at ts 1 µs, so a task at 1,000,000 µs
// starts 999.999 ms in.
const parse = (pid: number, tid: number, url: string) => ({
  ph: 'X',
  name: 'ParseHTML',
  pid,
  tid,
  ts: 1,
  dur: 10,
  args: { beginData: { url } },
});
const mark = (pid: number, tid: number, ts: number, name: string) => ({
  ph: 'I',
  name,
  cat: 'blink.user_timing',
  pid,
  tid,
  ts,
});

describe('tracedTasks', () => {
  it("keeps tasks over 50 ms wall on the site's renderer main threads, with their thread (CPU) time", () => {
    const events = [
      thread(10, 10, 'CrRendererMain'),
      thread(10, 11, 'DedicatedWorker thread'),
      thread(20, 20, 'CrBrowserMain'),
      thread(40, 40, 'CrRendererMain'),
      parse(10, 10, 'about:blank'),
      parse(10, 10, 'http://127.0.0.1:3000/docs/intro'),
      parse(40, 40, 'chrome://omnibox-popup.top-chrome/'),
      task(10, 10, 1_000_000, 308_000, 150_300), // 308 ms wall, 150.3 ms CPU: kept
      task(40, 40, 1_000_000, 300_000, 250_000), // the browser's own page, not the site's
      task(10, 10, 2_000_000, 40_000, 39_000), // 40 ms: not a long task
      task(10, 11, 2_000_000, 900_000, 900_000), // a worker: off the main thread
      task(20, 20, 2_000_000, 900_000, 900_000), // the browser process
    ];
    expect(tracedTasks(events)).toEqual([
      { wallMs: 308, cpuMs: 150.3, startMs: 999.999, page: '/docs/intro' },
    ]);
  });

  it('leaves out tasks that overlap a tool span of the same thread, and only those', () => {
    const events = [
      thread(10, 10, 'CrRendererMain'),
      thread(30, 30, 'CrRendererMain'),
      parse(10, 10, 'http://127.0.0.1:3000/docs/oram'),
      parse(30, 30, 'http://127.0.0.1:3000/docs/learn/glossary'),
      task(10, 10, 1_000_000, 100_000, 90_000), // before the span: kept
      mark(10, 10, 1_500_000, 'e2e-tool-start'),
      task(10, 10, 1_600_000, 400_000, 390_000), // axe, inside: left out
      task(10, 10, 1_900_000, 200_000, 190_000), // starts inside, ends after: left out
      mark(10, 10, 2_050_000, 'e2e-tool-end'),
      task(10, 10, 2_100_000, 120_000, 60_000), // after: kept
      task(30, 30, 1_600_000, 250_000, 210_000), // another renderer, no span: kept
    ];
    expect(tracedTasks(events)).toEqual([
      { wallMs: 100, cpuMs: 90, startMs: 999.999, page: '/docs/oram' },
      { wallMs: 120, cpuMs: 60, startMs: 2099.999, page: '/docs/oram' },
      { wallMs: 250, cpuMs: 210, startMs: 1599.999, page: '/docs/learn/glossary' },
    ]);
  });

  it('treats a span left open (a check that threw) as lasting to the end', () => {
    const events = [
      thread(10, 10, 'CrRendererMain'),
      parse(10, 10, 'http://127.0.0.1:3000/docs/oram'),
      mark(10, 10, 1_000_000, 'e2e-tool-start'),
      task(10, 10, 5_000_000, 300_000, 300_000),
    ];
    expect(tracedTasks(events)).toEqual([]);
  });

  it('uses wall time where the trace has no thread time', () => {
    const events = [
      thread(10, 10, 'CrRendererMain'),
      parse(10, 10, 'http://127.0.0.1:3000/'),
      task(10, 10, 1_000, 70_000),
    ];
    expect(tracedTasks(events)).toEqual([{ wallMs: 70, cpuMs: 70, startMs: 0.999, page: '/' }]);
  });
});

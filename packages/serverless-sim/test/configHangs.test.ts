// Configs that used to hang the simulator, each now refused with the field and its range, and a
// fuzz of the whole config schema run under a watchdog: no case may take longer than the
// watchdog's limit (a hang detector, not a speed test: a case takes milliseconds).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/simulate.js';

const poisson = { kind: 'poisson', ratePerSec: 1, durationMs: 60_000 } as const;

describe('configs that used to hang', () => {
  it('sampleIntervalMs 5e-324', () => {
    expect(() => simulate({ workload: poisson, sampleIntervalMs: 5e-324 })).toThrow(
      /^config\.sampleIntervalMs: must be a number in \[1, 1e13\], got 5e-324$/,
    );
  });

  it('on-off meanOnMs / meanOffMs 1e-300', () => {
    const w = {
      kind: 'on-off',
      onRatePerSec: 1,
      meanOnMs: 1e-300,
      meanOffMs: 1000,
      durationMs: 60_000,
    } as const;
    expect(() => simulate({ workload: w, maxInvocations: 4 })).toThrow(
      /^config\.workload\.meanOnMs: must be a number in \[1, 1e13\], got 1e-300$/,
    );
    expect(() => simulate({ workload: { ...w, meanOnMs: 1000, meanOffMs: 1e-300 } })).toThrow(
      /^config\.workload\.meanOffMs: must be a number in \[1, 1e13\], got 1e-300$/,
    );
    // In range one by one, but 10^12 on/off cycles together: refused, naming the bound.
    expect(() =>
      simulate({
        workload: { ...w, meanOnMs: 1, meanOffMs: 1, durationMs: 1e12 },
        maxInvocations: 4,
      }),
    ).toThrow(
      /^config\.workload\.meanOnMs: meanOnMs \+ meanOffMs must be at least .* \(at most 10\^7 on\/off cycles\), got 2$/,
    );
  });

  it('azure-like burstOnMs 1e-300, even with maxInvocations 4', () => {
    const w = { kind: 'azure-like', functions: 10, durationMs: 60_000, burstOnMs: 1e-300 } as const;
    expect(() => simulate({ workload: w, maxInvocations: 4 })).toThrow(
      /^config\.workload\.burstOnMs: must be a number in \[1, 1e13\], got 1e-300$/,
    );
    expect(() =>
      simulate({
        workload: { ...w, functions: 100_000, burstOnMs: 1, durationMs: 1e9 },
        maxInvocations: 4,
      }),
    ).toThrow(
      /^config\.workload\.burstOnMs: must be at least .* \(at most 10\^8 on\/off switches\), got 1$/,
    );
  });

  it('refuses NaN, Infinity and 1e308 with the range, and leaves nothing half-built', () => {
    expect(() => simulate({ workload: { ...poisson, durationMs: Number.NaN } })).toThrow(
      /config\.workload\.durationMs: must be a number in \[1, 1e13\]/,
    );
    expect(() => simulate({ workload: { ...poisson, ratePerSec: 1e308 } })).toThrow(
      /config\.workload\.ratePerSec: must be a number in \[0, 1e6\], got 1e\+308/,
    );
    expect(() => simulate({ workload: poisson, cluster: { coresPerNode: Infinity } })).toThrow(
      /config\.cluster\.coresPerNode: must be an integer in \[1, 1e9\]/,
    );
    expect(() => simulate({ workload: poisson, maxInvocations: 2.5 })).toThrow(
      /config\.maxInvocations: must be an integer/,
    );
    // A rejected call leaves nothing behind: the same valid config gives the same result.
    const a = simulate({ workload: poisson, seed: 3 });
    const b = simulate({ workload: poisson, seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('config fuzz (fast-check, 10,000 cases, watchdog per case)', () => {
  it('every case returns or throws a RangeError/TypeError, and none hangs', async () => {
    const worker = new Worker(new URL('./configFuzzWorker.mjs', import.meta.url), {
      execArgv: ['--conditions=@paperlab/source'],
      workerData: { runs: 10_000, seed: 13 },
    });
    // A case takes milliseconds; 60 s without news from the worker is a hang.
    const LIMIT_MS = 60_000;
    const outcome = await new Promise<{ ok: boolean; detail: string }>((resolve) => {
      let last = -1;
      let timer = setTimeout(() => undefined, 0);
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          void worker.terminate();
          resolve({ ok: false, detail: `case after #${last} ran for more than ${LIMIT_MS} ms` });
        }, LIMIT_MS);
      };
      arm();
      worker.on(
        'message',
        (m: { case?: number; done?: boolean; failure?: string; ran?: number }) => {
          if (m.case !== undefined) {
            last = m.case;
            arm();
          } else {
            clearTimeout(timer);
            void worker.terminate();
            resolve(
              m.failure === undefined
                ? { ok: true, detail: `${m.ran} cases` }
                : { ok: false, detail: m.failure },
            );
          }
        },
      );
      worker.on('error', (e) => {
        clearTimeout(timer);
        resolve({ ok: false, detail: String(e) });
      });
    });
    expect(outcome.detail).toBe('10000 cases');
    expect(outcome.ok).toBe(true);
  }, 600_000);
});

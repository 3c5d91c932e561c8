import { describe, expect, it } from 'vitest';
import { faasnap, microVm } from '../src/parameters.js';
import { createPlatform } from '../src/platforms/index.js';
import { TrenvPlatform } from '../src/platforms/trenv.js';
import { trenvContainersPreset } from '../src/presetsTrenv.js';
import { containerBaselines, reproduceContainers } from '../src/repro/reproduceContainers.js';

describe('trenv-containers preset: direction against the baselines', () => {
  const report = reproduceContainers(trenvContainersPreset, [
    ...containerBaselines.map((n) => createPlatform(n)),
    new TrenvPlatform({ tier: 'cxl' }),
    new TrenvPlatform({ tier: 'rdma' }),
  ]);
  const by = new Map(report.runs.map((r) => [r.result.platform, r]));
  const tcxl = by.get('trenv-cxl')!;
  const trdma = by.get('trenv-rdma')!;

  it("TrEnv's P99 is below every container baseline's", () => {
    for (const b of containerBaselines) {
      const base = by.get(b)!.result;
      // The overall end-to-end P99 pools every function and is set by long executions that
      // no start path changes (within 1 % across platforms), so its direction is not a test of
      // the mechanism; the per-function P99 test below is.
      // T-RDMA is not asserted here: every touched page pays a 6 µs fetch while running
      // (estimate, 3–10 µs), which on the long, large functions that set the overall P99 costs
      // about what their start saves (REPRODUCTION.md). Its start-up is asserted below.
      expect(trdma.result.latencyMs.startup.p99).toBeLessThan(base.latencyMs.startup.p99);
      // Start-up: T-CXL repurposes (1 ms) and attaches (~2–3 ms); the fastest baseline,
      // FaaSnap+, spawns a VMM and restores (12 + 25 ms). A 5× bound leaves room for queueing.
      const fastest = microVm.spawnMs + faasnap.restoreMs;
      expect(fastest / 5).toBeGreaterThan(5);
      expect(5 * tcxl.result.latencyMs.startup.p99).toBeLessThan(base.latencyMs.startup.p99);
    }
  });

  it('per function, T-CXL is never slower at P99 than a baseline by more than noise', () => {
    for (const b of containerBaselines) {
      for (const [fn, p99] of by.get(b)!.functionP99) {
        // 2 % slack: P99 of a few thousand samples moves by about that between runs whose
        // queueing differs, and the long functions' P99 is pure execution time.
        expect(tcxl.functionP99.get(fn)!).toBeLessThan(1.02 * p99);
      }
    }
  });

  it('T-CXL uses less memory than every baseline, and than T-RDMA', () => {
    for (const b of containerBaselines) {
      expect(tcxl.result.memory.averageMb).toBeLessThan(by.get(b)!.result.memory.averageMb);
      expect(tcxl.result.memory.peakMb).toBeLessThan(by.get(b)!.result.memory.peakMb);
    }
    // RDMA keeps every touched page locally, CXL only the written ones.
    expect(tcxl.result.memory.averageMb).toBeLessThan(trdma.result.memory.averageMb);
  });

  it('prints the paper figures beside the simulated ones', () => {
    expect(report.comparisons.map((c) => c.paper).join(' ')).toMatch(/7×.*48 %/s);
    expect(report.tables?.[0]?.rows.length).toBe(8);
  });
});

// The paper's container comparison (T-CXL / T-RDMA vs faasd, CRIU, REAP+, FaaSnap+), reproduced
// in shape on the `trenv-containers` preset, with the ablation rows (repurposing only,
// templates only, a pool too small) showing each mechanism's share. Every platform replays the
// same arrivals and execution times (the simulator draws them from platform-independent
// substreams), so differences are the platforms'.
import { createRecorder, formatRatio, formatReduction, type Recorder } from '@paperlab/stats';
import { catalogueFunction } from '../catalogue.js';
import type { SimulationConfig } from '../configSchema.js';
import type { Platform } from '../platform.js';
import { createPlatform } from '../platforms/index.js';
import { TrenvPlatform } from '../platforms/trenv.js';
import { trenvContainersPreset } from '../presetsTrenv.js';
import { simulate } from '../simulate.js';
import type { SimulationResult } from '../simulationResult.js';
import { gapText, pct, round } from './reproduceAgents.js';
import type { Comparison, ReproReport, ReproRow } from './reproReport.js';

/** Baselines of the paper's container evaluation, by registry name. */
export const containerBaselines = ['faasd', 'criu', 'reap-plus', 'faasnap-plus'] as const;

export interface ContainerRun {
  result: SimulationResult;
  /** End-to-end P99 per function, ms. */
  functionP99: Map<string, number>;
}

/**
 * The platforms of the container table: baselines, T-CXL, T-RDMA, then ablations. The small
 * pool holds a quarter of the templates' total size (`totalTemplateMb`), so most functions'
 * templates must be evicted and reloaded, or refused while pinned.
 */
export function containerReproPlatforms(totalTemplateMb: number): Platform[] {
  return [
    ...containerBaselines.map((n) => createPlatform(n)),
    new TrenvPlatform({ tier: 'cxl' }),
    new TrenvPlatform({ tier: 'rdma' }),
    new TrenvPlatform({ tier: 'cxl', templates: false }),
    new TrenvPlatform({ tier: 'cxl', repurpose: false }),
    new TrenvPlatform({ tier: 'cxl', poolCapacityMb: Math.round(totalTemplateMb / 4) }),
  ];
}

export function runContainerPlatform(config: SimulationConfig, platform: Platform): ContainerRun {
  const perFn = new Map<number, Recorder>();
  const names: string[] = [];
  const result = simulate(config, {
    platform,
    onRecord: (r, fns) => {
      let rec = perFn.get(r.fn);
      if (rec === undefined) {
        rec = createRecorder();
        perFn.set(r.fn, rec);
        names[r.fn] = fns.profiles[r.fn]!.name;
      }
      rec.add(r.endMs - r.arrivalMs);
    },
  });
  const functionP99 = new Map<string, number>();
  for (const [fn, rec] of perFn) functionP99.set(names[fn]!, rec.quantile(0.99));
  return { result, functionP99 };
}

const GiB = 1024;

/** Largest per-function P99 ratio baseline / TrEnv, and the function where it occurs. */
export function worstFunctionRatio(base: ContainerRun, trenv: ContainerRun): [number, string] {
  let best = 0;
  let at = '';
  for (const [name, p99] of base.functionP99) {
    const t = trenv.functionP99.get(name);
    if (t === undefined || !(t > 0)) continue;
    if (p99 / t > best) {
      best = p99 / t;
      at = name;
    }
  }
  return [best, at];
}

function row(run: ContainerRun, tcxl: ContainerRun): ReproRow {
  const r = run.result;
  const [worst, at] = worstFunctionRatio(run, tcxl);
  return {
    platform: r.platform,
    invocations: r.invocations,
    'e2e P50 ms': round(r.latencyMs.endToEnd.p50, 1),
    'e2e P99 ms': round(r.latencyMs.endToEnd.p99, 1),
    'start P99 ms': round(r.latencyMs.startup.p99, 1),
    'mem avg GiB': round(r.memory.averageMb / GiB, 2),
    'mem peak GiB': round(r.memory.peakMb / GiB, 2),
    'pool avg GiB': round(r.memory.averageSharedMb / GiB, 2),
    'T-CXL e2e P99 vs this': formatRatio(
      r.latencyMs.endToEnd.p99,
      tcxl.result.latencyMs.endToEnd.p99,
    ),
    'T-CXL start P99 vs this': formatRatio(
      r.latencyMs.startup.p99,
      tcxl.result.latencyMs.startup.p99,
    ),
    'T-CXL P99 vs this, worst fn': `${round(worst, 2)}× (${at})`,
    'T-CXL mem avg vs this': formatReduction(r.memory.averageMb, tcxl.result.memory.averageMb),
  };
}

/** Runs the `trenv-containers` preset on every platform. */
export function reproduceContainers(
  config: SimulationConfig = trenvContainersPreset,
  platforms?: readonly Platform[],
): ReproReport & { runs: ContainerRun[] } {
  const first = platforms ?? containerReproPlatforms(totalTemplateMb(config));
  const runs = first.map((p) => runContainerPlatform(config, p));
  const tcxl = runs.find((r) => r.result.platform === 'trenv-cxl');
  if (tcxl === undefined) throw new RangeError('platforms must include trenv-cxl');
  const rows = runs.map((r) => row(r, tcxl));
  const baselines = runs.filter((r) =>
    (containerBaselines as readonly string[]).includes(r.result.platform),
  );
  const comparisons: Comparison[] = [];
  if (baselines.length > 0) {
    let bestP99 = 0;
    let bestP99At = '';
    let bestFn = 0;
    let bestFnAt = '';
    let memSum = 0;
    for (const b of baselines) {
      const ratio = b.result.latencyMs.endToEnd.p99 / tcxl.result.latencyMs.endToEnd.p99;
      if (ratio > bestP99) {
        bestP99 = ratio;
        bestP99At = b.result.platform;
      }
      const [w, at] = worstFunctionRatio(b, tcxl);
      if (w > bestFn) {
        bestFn = w;
        bestFnAt = `${b.result.platform}, ${at}`;
      }
      memSum += 1 - tcxl.result.memory.averageMb / b.result.memory.averageMb;
    }
    const memAvg = memSum / baselines.length;
    comparisons.push(
      {
        metric: 'P99 latency, T-CXL vs the baselines ("up to")',
        paper: 'up to 7× lower (paper, abstract); 5.69× vs REAP+/FaaSnap+ (2nd)',
        simulated:
          `${round(bestP99, 2)}× over all invocations (vs ${bestP99At}); ` +
          `${round(bestFn, 2)}× for one function (${bestFnAt})`,
        gap: `${round(bestFn / 7, 2)}× the paper's 7× at the function level`,
        why:
          'All invocations together have a P99 set by long executions (seconds, catalogue ' +
          'estimates) that no start path changes; per function, the gap is the start path, ' +
          'and its size rests on init times and creation serialisation (15 ms, estimate).',
      },
      {
        metric: 'memory, T-CXL vs the baselines (mean of time-weighted averages)',
        paper: '48 % less on average (paper, abstract); 49 % vs REAP+/FaaSnap+ (2nd)',
        simulated: `${pct(memAvg)} less`,
        gap: gapText(memAvg, 0.48),
        why:
          "Driven by each function's touched and read-only fractions (catalogue estimates inside " +
          "the brief's 24–90 % read-only range) and by counting page cache like the baselines.",
      },
    );
  }
  const fnNames = [...tcxl.functionP99.keys()].sort();
  const functionRows: ReproRow[] = fnNames.map((name) => {
    const r: ReproRow = { function: name };
    for (const run of runs)
      r[run.result.platform] = round(run.functionP99.get(name) ?? Number.NaN, 1);
    return r;
  });
  const probe = 'hello-python';
  const reap = runs.find((r) => r.result.platform === 'reap-plus')?.functionP99.get(probe);
  const faasnap = runs.find((r) => r.result.platform === 'faasnap-plus')?.functionP99.get(probe);
  const own = tcxl.functionP99.get(probe);
  if (reap !== undefined && faasnap !== undefined && own !== undefined) {
    comparisons.push({
      metric: `one short function's P99: TrEnv / FaaSnap+ / REAP+ (${probe})`,
      paper: '13 / 49 / 90 ms on one case (2nd)',
      simulated: `${round(own, 1)} / ${round(faasnap, 1)} / ${round(reap, 1)} ms`,
      gap: `ratios ${round(faasnap / own, 2)}× and ${round(reap / own, 2)}× vs the paper's 3.8× and 6.9×`,
      why:
        "The paper does not name its function; ours is the catalogue's smallest (30 MiB, 2 ms " +
        'median run), whose P99 is almost all start path: attach + faults vs VMM restore + ' +
        'prefetch or lazy loading (lit costs).',
    });
  }
  const w = config.workload;
  return {
    id: 'trenv-containers',
    title: 'Containers: T-CXL / T-RDMA vs faasd, CRIU, REAP+, FaaSnap+ (with ablations)',
    rows,
    comparisons,
    notes: [
      `${config.cluster?.nodes ?? 1} node(s); ${config.functions?.length ?? 0} functions; ` +
        `workload ${w?.kind ?? 'given'}; seed ${String(config.seed)}.`,
      'Every platform replays the same arrivals and execution times.',
      'Ablations: "repurposing only" restores by CRIU into a repurposed sandbox; "templates ' +
        'only" creates every sandbox; "pool N MiB" holds a quarter of the templates.',
      `T-RDMA vs T-CXL: ${rows.find((r) => r.platform === 'trenv-rdma')?.['T-CXL mem avg vs this'] ?? '–'} memory.`,
    ].filter((n) => !n.endsWith('– memory.')),
    tables: [
      {
        id: 'trenv-containers-functions',
        title: 'End-to-end P99 per function, ms',
        rows: functionRows,
      },
    ],
    runs,
  };
}

/** Sum of the template sizes (memory footprints) of the config's functions, MiB. */
export function totalTemplateMb(config: SimulationConfig): number {
  let sum = 0;
  for (const f of config.functions ?? []) {
    if (typeof f !== 'string') sum += f.memoryMb;
    else sum += catalogueFunction(f).memoryMb;
  }
  return sum;
}

// Speed of the simulator, with peers measured in the same run.
// 1. SimFaaS's README model (performance.md): our engine vs a naive object-per-event loop
//    written here (a heap of event objects, closures, every record kept), same model and
//    results; SimFaaS itself ran 63.5 k requests/s on these machines (performance.md).
// 2. The target: 10 million invocations of the Azure-like workload over 1,000 functions
//    with the fixed keep-alive baseline: invocations/s, events/s, peak memory, and the same at
//    1 million to show memory does not grow with the invocation count.
import { createRng } from '@paperlab/stats';
import {
  FunctionTable,
  KeepAlivePlatform,
  PoissonWorkload,
  Simulator,
  StartPath,
  simulate,
} from '../src/index.js';

const SIMFAAS_PEER_PER_SEC = 63_500; // performance.md, measured on these machines

function simfaasOurs(requests: number) {
  const fns = new FunctionTable([
    {
      name: 'simfaas',
      tenant: 't',
      runtime: 'native',
      imageMb: 0,
      memoryMb: 0,
      touchedFraction: 0,
      readOnlyFraction: 0,
      fileCacheMb: 0,
      initMs: 0,
      exec: { kind: 'exponential', meanMs: 1991 },
    },
  ]);
  const platform = new KeepAlivePlatform(
    'simfaas',
    (_f, _fn, plan) => {
      plan.path = StartPath.cold;
      plan.startupMs = 253;
    },
    600_000,
  );
  const durationMs = (requests / 0.9) * 1000;
  const t0 = performance.now();
  const sim = new Simulator({
    functions: fns,
    platform,
    workload: new PoissonWorkload({ ratesPerSec: [0.9], durationMs }),
    rng: createRng(1),
    nodes: 1,
    coresPerNode: 1e9,
    memoryMbPerNode: 1e9,
    placement: 'least-loaded',
    sampleIntervalMs: 3_600_000,
  });
  sim.run();
  const s = (performance.now() - t0) / 1000;
  const r = sim.results;
  return {
    perSec: sim.arrivalCount / s,
    pCold: r.pathCounts[1]! / r.ended,
    instances: r.averageLive(),
  };
}

/** The same model the way a first simulator is often written: objects and closures per event. */
function simfaasNaive(requests: number) {
  const rng = createRng(1);
  type Ev = { time: number; seq: number; run: () => void };
  const heap: Ev[] = [];
  let seq = 0;
  const push = (e: Ev) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]!.time < e.time || (heap[p]!.time === e.time && heap[p]!.seq < e.seq)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (
          c + 1 < heap.length &&
          (heap[c + 1]!.time < heap[c]!.time ||
            (heap[c + 1]!.time === heap[c]!.time && heap[c + 1]!.seq < heap[c]!.seq))
        )
          c++;
        if (last.time < heap[c]!.time || (last.time === heap[c]!.time && last.seq < heap[c]!.seq))
          break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  interface Instance {
    idleSince: number;
    busy: boolean;
    expires: number;
  }
  const idle: Instance[] = [];
  const records: { arrival: number; cold: boolean; end: number }[] = [];
  let now = 0;
  let arrivals = 0;
  let instances = 0;
  let instanceArea = 0;
  let last = 0;
  const track = (t: number) => {
    instanceArea += instances * (t - last);
    last = t;
  };
  const arrive = () => {
    arrivals++;
    track(now);
    const inst = idle.pop();
    const cold = inst === undefined;
    const sandbox: Instance = inst ?? {
      idleSince: 0,
      busy: true,
      expires: Number.POSITIVE_INFINITY,
    };
    if (cold) instances++;
    sandbox.busy = true;
    const service = rng.exponential(1 / 1991) + (cold ? 253 : 0);
    const rec = { arrival: now, cold, end: now + service };
    records.push(rec);
    push({
      time: rec.end,
      seq: seq++,
      run: () => {
        sandbox.busy = false;
        sandbox.idleSince = now;
        idle.push(sandbox);
        const at = now + 600_000;
        push({
          time: at,
          seq: seq++,
          run: () => {
            if (!sandbox.busy && sandbox.idleSince + 600_000 <= now) {
              const k = idle.indexOf(sandbox);
              if (k >= 0) {
                idle.splice(k, 1);
                track(now);
                instances--;
              }
            }
          },
        });
      },
    });
    if (arrivals < requests)
      push({ time: now + rng.exponential(0.9 / 1000), seq: seq++, run: arrive });
  };
  const t0 = performance.now();
  push({ time: rng.exponential(0.9 / 1000), seq: seq++, run: arrive });
  while (heap.length > 0) {
    const e = pop();
    now = e.time;
    e.run();
  }
  const s = (performance.now() - t0) / 1000;
  const cold = records.filter((r) => r.cold).length;
  return { perSec: arrivals / s, pCold: cold / arrivals, instances: instanceArea / now };
}

function azure(invocations: number) {
  const totalRatePerSec = 1000;
  let peakHeap = 0;
  let peakRss = 0;
  const sampleMemory = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = simulate(
    {
      seed: 2020,
      platform: 'keep-alive',
      cluster: { nodes: 16, coresPerNode: 1024, memoryMbPerNode: 4 * 1024 * 1024 },
      // Room for sampling noise in the count; the run stops at exactly `invocations`.
      workload: {
        kind: 'azure-like',
        functions: 1000,
        durationMs: (1.5 * invocations * 1000) / totalRatePerSec,
        totalRatePerSec,
      },
      maxInvocations: invocations,
      sampleIntervalMs: 600_000,
    },
    { onProgress: sampleMemory },
  );
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  sampleMemory();
  return {
    invocations: r.invocations,
    seconds: s,
    perSec: r.invocations / s,
    perCpuSec: r.invocations / ((cpu.user + cpu.system) / 1e6),
    eventsPerSec: r.events / s,
    peakHeap,
    peakRss,
    cold: r.coldStartFraction,
  };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (x: number) => `${(x / 1e6).toFixed(0)} MB`;

// First, so the peak heap is not inflated by the naive loop's garbage.
azure(200_000); // warm-up
for (const n of [1_000_000, 10_000_000]) {
  const a = azure(n);
  console.log(`Azure-like, 1,000 functions, keep-alive 10 min, ${fmt(a.invocations)} invocations`);
  console.log(
    `  ${fmt(a.perSec)} invocations/s (${fmt(a.perCpuSec)} per CPU-second), ${fmt(a.eventsPerSec)} events/s, ${a.seconds.toFixed(1)} s wall`,
  );
  console.log(
    `  peak heap ${mb(a.peakHeap)}, peak RSS ${mb(a.peakRss)}, cold ${(100 * a.cold).toFixed(2)} %`,
  );
}

console.log('SimFaaS README model (3,000,000 requests, Poisson 0.9/s, keep-alive 600 s)');
// Warm-up passes so both loops are measured after the JIT has compiled them.
simfaasOurs(300_000);
simfaasNaive(300_000);
const ours = simfaasOurs(3_000_000);
const naive = simfaasNaive(3_000_000);
console.log(
  `  ours        ${fmt(ours.perSec)} req/s   P(cold) ${ours.pCold.toFixed(5)}  instances ${ours.instances.toFixed(2)}`,
);
console.log(
  `  naive loop  ${fmt(naive.perSec)} req/s   P(cold) ${naive.pCold.toFixed(5)}  instances ${naive.instances.toFixed(2)}`,
);
console.log(`  ratio ours / naive loop: ${(ours.perSec / naive.perSec).toFixed(1)}×`);
console.log(
  `  ratio ours / SimFaaS (63.5 k req/s, performance.md): ${(ours.perSec / SIMFAAS_PEER_PER_SEC).toFixed(1)}×`,
);

// Speed of the IRO parts: the timing model (events per second), ECP write-verify and
// correction, and the faulty storage wrapper against the plain memory storage it wraps (the
// baseline, measured in the same run). Run: pnpm --filter @paperlab/oram exec tsx bench/benchTiming.ts
import { pathToFileURL } from 'node:url';
import { createRng } from '@paperlab/stats';
import {
  createDesignExpander,
  createEcpTable,
  createFaultyStorage,
  createMemoryStorage,
  createRingOramSequence,
  createTimingModel,
  defaultLayoutParameters,
  hardwareTree,
  iroAsStated,
  type OramStorage,
  replayTrace,
  syntheticWorkloadProfiles,
  type TraceEvent,
} from '../src/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, fn: () => number): number {
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const ops = fn();
    rates.push(ops / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

export function benchTiming(): void {
  const rng = createRng('bench-timing');
  // A Ring-ORAM-shaped trace: L = 15, 64-byte slots, Z = 4, S = 5, eviction every 3rd access.
  const L = 15;
  const shape = { bucketCount: (2 << L) - 1, slotsPerBucket: 9, slotBytes: 64, metaBytes: 128 };
  const accesses: TraceEvent[][] = [];
  for (let i = 0; i < 3000; i++) {
    const events: TraceEvent[] = [];
    let b = (1 << L) - 1 + rng.int(0, (1 << L) - 1);
    const path: number[] = [];
    for (;;) {
      path.unshift(b);
      if (b === 0) break;
      b = (b - 1) >> 1;
    }
    path.forEach((bucket, level) => {
      events.push({ op: 'read', bucket, slot: 'meta', bytes: 128, level, phase: 'online' });
    });
    path.forEach((bucket, level) => {
      events.push({ op: 'read', bucket, slot: rng.int(0, 8), bytes: 64, level, phase: 'online' });
    });
    if (i % 3 === 2) {
      path.forEach((bucket, level) => {
        for (let s = 0; s < 4; s++)
          events.push({ op: 'read', bucket, slot: s, bytes: 64, level, phase: 'evict' });
        for (let s = 0; s < 9; s++)
          events.push({ op: 'write', bucket, slot: s, bytes: 64, level, phase: 'evict' });
        events.push({ op: 'write', bucket, slot: 'meta', bytes: 128, level, phase: 'evict' });
      });
    }
    accesses.push(events);
  }
  const eventCount = accesses.reduce((s, a) => s + a.length, 0);
  const model = createTimingModel({ shape });
  const timingRate = time(5, () => {
    model.reset();
    for (const a of accesses) {
      model.access(a, {
        onlineMacs: 16,
        backgroundMacs: 20,
        onlineHashes: 16,
        backgroundHashes: 16,
      });
      model.compute(50);
    }
    return eventCount;
  });
  console.log(
    `timing model: ${fmt(timingRate)} trace events/s (${fmt((timingRate / eventCount) * accesses.length)} ORAM accesses/s)`,
  );

  // The hardware-scale access sequence (metadata-only Ring ORAM, 24 levels) costed as IRO,
  // generated vs replayed through the timing model (the replay is the yardstick).
  const tree = hardwareTree;
  const seq = createRingOramSequence({
    levels: tree.levels,
    Z: tree.Z,
    S: tree.S,
    A: tree.A,
    capacity: tree.capacity,
    channels: 2,
    replication: true,
    rng: rng.fork('sequence'),
  });
  const ex = createDesignExpander(iroAsStated, tree, defaultLayoutParameters, 2);
  const n = 2000;
  let recorded: ReturnType<typeof ex.expand>[] = [];
  const genRate = time(3, () => {
    recorded = [];
    for (let i = 0; i < n; i++) recorded.push(ex.expand(seq.access(rng.int(0, tree.capacity - 1))));
    return n;
  });
  const trace = { name: 'iro', shape: ex.shape, accesses: recorded };
  const replayRate = time(5, () => {
    replayTrace(trace, {
      profile: syntheticWorkloadProfiles[0]!,
      parameters: { treeTopCachedLevels: 0 },
    });
    return n;
  });
  console.log(
    `IRO on the hardware-scale sequence (24 levels, 10 cached): generated + costed ${fmt(genRate)} accesses/s, replayed through the timing model ${fmt(replayRate)} accesses/s (${(genRate / replayRate).toFixed(2)}× the replay rate)`,
  );

  const lines = 4096;
  const ecp = createEcpTable(lines, 6);
  const intended = rng.fillBytes(new Uint8Array(64 * lines));
  const stored = intended.slice();
  for (let l = 0; l < lines; l++)
    for (let k = 0; k < 3; k++) stored[l * 64 + rng.int(0, 63)]! ^= 1 << rng.int(0, 7);
  const wvRate = time(5, () => {
    ecp.clear();
    for (let l = 0; l < lines; l++) ecp.writeVerify(l, intended, stored, l * 512, 512);
    return lines;
  });
  const out = stored.slice();
  const corrRate = time(5, () => {
    for (let l = 0; l < lines; l++) ecp.correct(l, out, l * 512, 512);
    return lines;
  });
  console.log(
    `ECP-6: write-verify ${fmt(wvRate)} lines/s, correction ${fmt(corrRate)} lines/s (3 stuck cells per line)`,
  );

  const sshape = { bucketCount: 4095, slotsPerBucket: 9, slotBytes: 92, metaBytes: 200 };
  const plain = createMemoryStorage(sshape);
  const faulty = createFaultyStorage(createMemoryStorage(sshape), {
    channels: 2,
    ecpEntries: 6,
    rng: rng.fork('faults'),
  });
  for (let i = 0; i < 2000; i++)
    faulty.stickCell(faulty.randomLocation(), rng.bernoulli(0.5) ? 1 : 0);
  const buf = new Uint8Array(92);
  const ops = 200_000;
  const run = (s: OramStorage) => () => {
    for (let i = 0; i < ops; i++) {
      const b = (i * 7919) % sshape.bucketCount;
      const slot = i % 9;
      if (i & 1) s.writeSlot(b, slot, buf);
      else s.readSlot(b, slot, buf);
    }
    return ops;
  };
  const plainRate = time(3, run(plain));
  const faultyRate = time(3, run(faulty));
  console.log(
    `storage: memory ${fmt(plainRate)} slot ops/s, faulty+ECP-6 with 2000 stuck cells ${fmt(faultyRate)} ops/s (${(plainRate / faultyRate).toFixed(2)}× slower than the baseline)`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  benchTiming();

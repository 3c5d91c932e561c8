import { describe, expect, it } from 'vitest';
import { createDesignExpander } from '../src/timing/designExpander.js';
import { replayTrace } from '../src/timing/designTrace.js';
import { iroDesignVariants, metadataLayout } from '../src/timing/designVariants.js';
import type { SequenceAccess } from '../src/timing/ringOramSequence.js';
import { createTimingModel } from '../src/timing/timingModel.js';
import {
  defaultLayoutParameters,
  defaultTimingParameters,
  type TreeParameters,
} from '../src/timing/timingParameters.js';

// One access on a 2-level tree, worked out by hand (no number below comes from running the
// model first).
//
// Tree: L = 1 (root bucket 0 at level 0, leaf buckets 1 and 2 at level 1), Z = 1, S = 2,
// A = 2, N = 2 blocks, 64-byte blocks, nothing cached, 2 channels. W = Z + S = 3 slots.
// The access: block 0 on leaf 0. ReadPath reads bucket 0 (root, empty: dummy slot 1) and
// bucket 1 (the block is in slot 0; its replica in slot 1). First access of A = 2: no
// EvictPath; counts become 1 < S: no EarlyReshuffle.
//
// Metadata bits (designVariants.metadataLayout): count ⌈log2(S + 1)⌉ = 2, valid W = 3,
// entries Z · (⌈log2 N⌉ + L + ⌈log2 W⌉) = 1 · (1 + 1 + 2) = 4, IV 64 → plain 73 bits.
// Merkle adds 2 × 64 child digests → 201. IRO adds the digests, 2Z = 2 tags of 64 bits (the
// block and its replica) and Z · ⌈log2 W⌉ = 2 bits of replica pointer → 73 + 128 + 128 + 2 =
// 331. All fit one 512-bit burst: 64 B. The package's reconstruction: W = 3 tags of 128 bits
// → 73 + 128 + 384 + 2 = 587 bits, plus ECP-6 (61 bits) for W + m lines with m metadata
// lines: m = 2 gives 587 + 5 · 61 = 892 ≤ 1024 → 2 bursts, 128 B.
//
// Requests, bytes, MACs, digests of the access:
//  - Ring ORAM: 2 metadata reads + 2 slot reads + 2 metadata write-backs = 6 requests of
//    64 B = 384 B; no MAC, no digest.
//  - Merkle over buckets: per bucket its metadata + all 3 slots (1 online, 2 'integrity') = 8
//    reads, + 2 write-backs = 10 requests, 640 B; 2 digest checks + 2 new digests = 4.
//  - Synergy-style MACs: the plain 6 requests (the MAC is in the ECC chip: no extra byte);
//    6 MACs: 2 slot lines + 4 metadata lines (2 read, 2 written); no tree digest.
//  - IRO as stated: 2 metadata reads + 2 slot reads; the write-backs go to MUST (on chip, no
//    request, folded at the next EvictPath) → 4 requests, 256 B; 1 MAC (the real block only:
//    the root's dummy needs none) and 2 digest checks.
//  - the package's reconstruction: 2 × 128 B metadata + 2 × 64 B slots = 384 B; 2 MACs
//    (every slot read), 2 digest checks.
//
// Cycles (DRAM clock = CPU clock = 1000 MHz, DDR4-2400 timings in tCK: tCL 16, tCWL 12,
// tRCD 16, one 64-B burst = 4; AES-GCM 4 units, latency 40, a 16-B block every 10 cycles).
// Layout: a bucket is its 64-B metadata then 3 slots: 256 B, so both buckets are in row 0 of
// bank 0 of each channel. Channels (channelOf): bucket 0's metadata on channel 0, its slot 1
// on channel 1; bucket 1's metadata on channel 1, its slot 0 on channel 1.
//  Ring ORAM: both metadata reads start at 0 on idle banks: tRCD + tCL + 4 = 36 (two
//  activates, one per channel). Slot reads at 36, both on channel 1, row hits: the first
//  36 + 16 + 4 = 56, the second waits for the bank: 56 + 16 + 4 = 76 → the CPU has its block
//  at 76. Write-backs at 76, row hits: bucket 1 on channel 1: 76 + 12 + 4 = 92; bucket 0 on
//  channel 0: 92. Controller free at 92. DRAM: 2 row-empty (activate) + 4 row hits.
//  IRO: metadata in at 36; each digest check is a GMAC of 64 B = 4 blocks: 36 + 3 · 10 + 40 =
//  106 (two units in parallel); slot reads at 106: 106 + 20 = 126, then 126 + 20 = 146; the
//  block's MAC (4 blocks) starts at 146 on a free unit: 146 + 70 = 216. Nothing in the
//  background: done at 216. DRAM: 2 row-empty + 2 row hits.
//  IRO with 1 unit: digests at 36 → 106 and (unit free at 36 + 40 = 76) 76 → 146; slot reads
//  at 146 → 166 → 186; MAC at 186 (unit free at 116) → 256.
//  With 10 cycles of CPU work after the access: Ring ORAM ends at max(76 + 10, 92) = 92,
//  IRO at 216 + 10 = 226: IRO takes 226 / 92 − 1 = +145.65 % on this one access.

const tree: TreeParameters = {
  name: 'two levels',
  levels: 1,
  Z: 1,
  S: 2,
  A: 2,
  capacity: 2,
  blockBytes: 64,
  cachedLevels: 0,
};

const access: SequenceAccess = {
  addr: 0,
  leaf: 0,
  path: [
    { bucket: 0, level: 0, slot: 1, real: false, replicaSlot: -1 },
    { bucket: 1, level: 1, slot: 0, real: true, replicaSlot: 1 },
  ],
  evict: null,
  reshuffles: [],
  stashSize: 1,
};

const variants = new Map(iroDesignVariants([16]).map((v) => [v.id, v]));
const expand = (id: string) =>
  createDesignExpander(variants.get(id)!, tree, defaultLayoutParameters, 2).expand(access);
const bytes = (id: string) => expand(id).events.reduce((s, e) => s + e.bytes, 0);

const timing = {
  cpuClockMhz: 1000,
  channels: 2,
  dram: { ...defaultTimingParameters.dram, clockMhz: 1000 },
  treeTopCachedLevels: 0,
  aesGcm: { units: 4, latency: 40, initiationInterval: 10 },
};

describe('one access on a 2-level tree, by hand', () => {
  it('metadata sizes in bits and bursts', () => {
    const bits = (id: string) => metadataLayout(variants.get(id)!, tree, defaultLayoutParameters);
    expect(bits('ring').bits).toBe(73);
    expect(bits('merkle').bits).toBe(201);
    expect(bits('iro').bits).toBe(331);
    expect(bits('iro').bytes).toBe(64);
    expect(bits('iro-package').bits).toBe(892);
    expect(bits('iro-package').bytes).toBe(128);
  });

  it('requests, bytes, MACs and digests per design', () => {
    const summary = (id: string) => {
      const x = expand(id);
      return [x.events.length, bytes(id), x.macs, x.hashes];
    };
    expect(summary('ring')).toEqual([6, 384, 0, 0]);
    expect(summary('merkle')).toEqual([10, 640, 0, 4]);
    expect(summary('synergy')).toEqual([6, 384, 6, 0]);
    expect(summary('iro')).toEqual([4, 256, 1, 2]);
    expect(summary('iro-package')).toEqual([4, 384, 2, 2]);
    // The MAC is on the real block's read, not on the root's dummy.
    const iro = expand('iro').events.filter((e) => e.slot !== 'meta');
    expect(iro.map((e) => [e.bucket, e.slot, e.mac])).toEqual([
      [0, 1, false],
      [1, 0, true],
    ]);
  });

  it('cycles and DRAM commands of plain Ring ORAM', () => {
    const x = expand('ring');
    const m = createTimingModel({ parameters: timing, shape: shapeOf('ring') });
    const t = m.access(x.events, x.work);
    expect([t.onlineDone, t.done]).toEqual([76, 92]);
    expect(m.stats.dram).toMatchObject({ requests: 6, rowEmpty: 2, rowHits: 4, rowConflicts: 0 });
  });

  it('cycles of IRO with 4 units and with 1 unit', () => {
    const x = expand('iro');
    const m = createTimingModel({ parameters: timing, shape: shapeOf('iro') });
    const t = m.access(x.events, x.work);
    expect([t.onlineDone, t.done]).toEqual([216, 216]);
    expect(m.stats.dram).toMatchObject({ requests: 4, rowEmpty: 2, rowHits: 2 });
    expect(m.stats.macs).toBe(1);
    expect(m.stats.hashes).toBe(2);
    const one = createTimingModel({
      parameters: { ...timing, aesGcm: { ...timing.aesGcm, units: 1 } },
      shape: shapeOf('iro'),
    });
    expect(one.access(x.events, x.work).onlineDone).toBe(256);
  });

  it('execution time of the access with 10 cycles of CPU work', () => {
    const profile = { name: 'ten cycles', mpki: 10, cpi: 0.1 }; // 1000 / 10 × 0.1 = 10
    const run = (id: string) =>
      replayTrace(
        { name: id, shape: shapeOf(id), accesses: [{ ...expand(id) }] },
        { parameters: timing, profile },
      ).cycles;
    expect(run('ring')).toBe(92);
    expect(run('iro')).toBe(226);
    expect(run('iro') / run('ring') - 1).toBeCloseTo(226 / 92 - 1, 12);
  });
});

function shapeOf(id: string) {
  return createDesignExpander(variants.get(id)!, tree, defaultLayoutParameters, 2).shape;
}

// A second access on the same tree, after the first, by hand: MUST and the mirror.
// Access 2 reads leaf 1 (buckets 0 and 2; block 1 in bucket 2's slot 2, the root's dummy in
// slot 2). It is the A-th access: EvictPath on leaf bitReverse(0) = 0 (buckets 0 and 1, both
// now empty of reals: one dummy read each), writing block 0 (and its replica) into bucket 1
// and block 1 (and its replica) into bucket 0. Counts: the root was read twice, but the
// eviction rewrote it (count 0); bucket 2 has 1 < S: no EarlyReshuffle.
//  IRO as stated (MUST folds at every EvictPath, only MUST's writes mirrored). After access 1,
//  MUST holds buckets 1 and 0. ReadPath: bucket 0 is in MUST (no metadata read), its dummy
//  slot is read; bucket 2's metadata is read (1 digest check) and its slot (1 MAC). The
//  write-backs go to MUST (now 1, 2, 0). EvictPath: buckets 0 and 1 are in MUST (no metadata
//  reads), 1 slot read each (no real: no MAC); leaf first, each is written: 3 slots + 1
//  metadata (one copy: an eviction is not MUST's write), 2 MACs (block + replica) and a new
//  digest each; they leave MUST. The fold writes what is left (bucket 2) mirrored: 2 copies,
//  1 digest. Requests: reads 1 + 2 + 2 = 5, writes 6 + 2 + 2 = 10 → 15, 960 B; MACs 1 + 4 =
//  5; digests 1 + 2 + 1 = 4.
//  H1 with a MUST of 16 blocks kept across evictions: the same without the fold: 13 requests,
//  832 B, 5 MACs, 3 digests; bucket 2 stays in MUST.
describe('a second access with EvictPath, by hand: MUST and the mirror', () => {
  const second: SequenceAccess = {
    addr: 1,
    leaf: 1,
    path: [
      { bucket: 0, level: 0, slot: 2, real: false, replicaSlot: -1 },
      { bucket: 2, level: 1, slot: 2, real: true, replicaSlot: 0 },
    ],
    evict: {
      leaf: 0,
      buckets: [
        { bucket: 0, level: 0, readSlots: [0], realsRead: 0, realsWritten: 1, replicasWritten: 1 },
        { bucket: 1, level: 1, readSlots: [2], realsRead: 0, realsWritten: 1, replicasWritten: 1 },
      ],
    },
    reshuffles: [],
    stashSize: 0,
  };
  const run = (id: string) => {
    const ex = createDesignExpander(variants.get(id)!, tree, defaultLayoutParameters, 2);
    ex.expand(access);
    const x = ex.expand(second);
    return { x, bytes: x.events.reduce((s, e) => s + e.bytes, 0) };
  };

  it('IRO as stated: folds MUST at the EvictPath, mirroring only that write', () => {
    const { x, bytes } = run('iro');
    expect([x.events.length, bytes, x.macs, x.hashes]).toEqual([15, 960, 5, 4]);
    const metaWrites = x.events.filter((e) => e.op === 'write' && e.slot === 'meta');
    expect(metaWrites.map((e) => [e.bucket, e.copy ?? 0])).toEqual([
      [1, 0],
      [0, 0],
      [2, 0],
      [2, 1],
    ]);
    const metaReads = x.events.filter((e) => e.op === 'read' && e.slot === 'meta');
    expect(metaReads.map((e) => e.bucket)).toEqual([2]);
  });

  it('H1: a MUST kept across evictions writes nothing more', () => {
    const { x, bytes } = run('h1-must-16');
    expect([x.events.length, bytes, x.macs, x.hashes]).toEqual([13, 832, 5, 3]);
  });
});

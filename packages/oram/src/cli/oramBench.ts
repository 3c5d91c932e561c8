import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { createRng, renderMarkdownTable } from '@paperlab/stats';
import type { IntegrityMode, Oram } from '../oram.js';
import { createPathOram } from '../pathOram.js';
import { createRingOram } from '../ringOram.js';

/**
 * Throughput benchmark of the ORAMs (Node: uses performance.now and process.memoryUsage).
 * Every figure is printed beside a baseline measured in the same run: Ring vs Path, encrypted
 * vs the cipher's own ceiling for the same number of cipher calls, integrity modes vs 'none'.
 */
export interface BenchOptions {
  capacities: number[];
  blockSizes: number[];
  /** Seconds spent per measured configuration (after warm-up). */
  seconds: number;
  log: (line: string) => void;
}

/** Cipher calls per second for one ChaCha20-Poly1305 seal of `bytes` bytes (@noble/ciphers). */
export function cipherCallsPerSecond(bytes: number, seconds: number): number {
  const key = new Uint8Array(32).fill(1);
  const nonce = new Uint8Array(12);
  const pt = new Uint8Array(bytes);
  const out = new Uint8Array(bytes + 16);
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) {
      nonce[0] = n & 255;
      chacha20poly1305(key, nonce).encrypt(pt, out);
      n++;
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

interface Measured {
  perSec: number;
  callsPerAccess: number;
  storageMiB: number;
  heapMiB: number;
  counters: Oram['counters'];
  accesses: number;
}

function measure(make: () => Oram, seconds: number, blockSize: number): Measured {
  const before = process.memoryUsage();
  const oram = make();
  const ops = createRng('bench-ops');
  const data = new Uint8Array(blockSize).fill(7);
  const cap = oram.capacity;
  const step = (): void => {
    const a = ops.int(0, cap - 1);
    if ((a & 1) === 0) oram.write(a, data);
    else oram.read(a);
  };
  for (let i = 0; i < 50; i++) step(); // warm-up (JIT)
  const c0 = oram.counters;
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) step();
    n += 10;
  }
  const elapsed = (performance.now() - t0) / 1000;
  const c1 = oram.counters;
  const after = process.memoryUsage();
  const r = oram as unknown as {
    storage?: { bucketCount: number; slotsPerBucket: number; slotBytes: number; metaBytes: number };
  };
  const s = r.storage;
  const storageBytes = s ? s.bucketCount * (s.slotsPerBucket * s.slotBytes + s.metaBytes) : 0;
  return {
    perSec: n / elapsed,
    callsPerAccess: (c1.cipherCalls - c0.cipherCalls) / n,
    storageMiB: storageBytes / 2 ** 20,
    heapMiB:
      (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 2 ** 20,
    counters: c1,
    accesses: n,
  };
}

const fmt = (x: number, d = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Runs the throughput table and the integrity-mode table; returns the rows printed. */
export function runOramBench(opts: BenchOptions): Record<string, string | number>[] {
  const { log } = opts;
  const rows: Record<string, string | number>[] = [];
  const cipher = new Map<number, number>();
  for (const B of opts.blockSizes)
    cipher.set(B, cipherCallsPerSecond(B, Math.min(1, opts.seconds)));
  log(
    `cipher (@noble/ciphers ChaCha20-Poly1305, one call): ${opts.blockSizes
      .map((B) => `${B} B ${fmt(cipher.get(B)!)} calls/s`)
      .join(', ')}`,
  );
  for (const N of opts.capacities) {
    for (const B of opts.blockSizes) {
      for (const encrypt of [false, true]) {
        const base: Record<string, number | string> = {};
        for (const kind of ['ring', 'path'] as const) {
          const make = (): Oram =>
            kind === 'ring'
              ? createRingOram({ capacity: N, blockSize: B, encrypt, rng: createRng('bench') })
              : createPathOram({ capacity: N, blockSize: B, encrypt, rng: createRng('bench') });
          const row: Record<string, string | number> = {
            oram: kind,
            N: `2^${Math.log2(N)}`,
            block: `${B} B`,
            cipher: encrypt ? 'chacha20-poly1305' : 'off',
          };
          let m: Measured;
          try {
            m = measure(make, opts.seconds, B);
          } catch (e) {
            row['accesses/s'] = `skipped: ${(e as Error).message.slice(0, 70)}`;
            rows.push(row);
            log(renderRow(row));
            continue;
          }
          row['accesses/s'] = fmt(m.perSec);
          if (kind === 'ring') base.ring = m.perSec;
          else
            row['vs ring'] =
              base.ring === undefined
                ? '-'
                : `${((base.ring as number) / m.perSec).toFixed(2)}x slower`;
          row['storage MiB'] = fmt(m.storageMiB, 1);
          row['heap+buffers MiB'] = fmt(m.heapMiB, 1);
          if (encrypt) {
            const ceiling = cipher.get(B)! / m.callsPerAccess;
            row['cipher calls/access'] = fmt(m.callsPerAccess, 1);
            row['ceiling acc/s'] = fmt(ceiling);
            row['of ceiling'] = (m.perSec / ceiling).toFixed(2);
          }
          rows.push(row);
          log(renderRow(row));
        }
      }
    }
  }
  return rows;
}

function renderRow(row: Record<string, string | number>): string {
  return Object.entries(row)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
}

/** Integrity modes side by side (same seed, same workload): throughput and per-access work. */
export function runIntegrityBench(
  capacity: number,
  seconds: number,
  log: (line: string) => void,
): string {
  const rows: Record<string, string | number>[] = [];
  let base = 0;
  for (const mode of ['none', 'merkle', 'rit', 'rit+must'] as IntegrityMode[]) {
    const m = measure(
      () =>
        createRingOram({ capacity, blockSize: 64, integrity: mode, rng: createRng('bench-int') }),
      seconds,
      64,
    );
    const c = m.counters;
    const per = (x: number) => (x / c.accesses).toFixed(2);
    if (mode === 'none') base = m.perSec;
    rows.push({
      mode,
      'accesses/s': fmt(m.perSec),
      'vs none': (m.perSec / base).toFixed(2),
      'hashes/access': per(c.hashComputations),
      'MACs/access': per(c.macComputations),
      'meta reads/access': per(c.metaReads),
      'meta writes/access': per(c.metaWrites),
      'extra meta acc./access': per(c.integrityMetaReads + c.integrityMetaWrites),
      'extra slot reads/access': per(c.integritySlotReads),
    });
  }
  const table = renderMarkdownTable(rows);
  log(table);
  return table;
}

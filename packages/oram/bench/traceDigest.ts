// A digest of the physical trace of seeded runs, for refactors that must not change it: sha256
// over every trace event, every value read, every error, the final counters and the exported
// state, for Ring ORAM configurations with and without faults (a killed channel, random bit
// flips, stuck cells). Run before and after a change and compare the lines:
//   pnpm --filter @paperlab/oram exec tsx --conditions=@paperlab/source bench/traceDigest.ts
import { createHash } from 'node:crypto';
import { createRng } from '@paperlab/stats';
import {
  createFaultyStorage,
  createMemoryStorage,
  createRingOram,
  type RingOramOptions,
  ringStorageShape,
  type TraceEvent,
} from '../src/index.js';

type Fault = 'none' | 'kill' | 'flip' | 'stuck' | 'killMeta';
const configs: [string, Partial<RingOramOptions>, Fault][] = [
  ['default', {}, 'none'],
  ['noenc', { encrypt: false }, 'none'],
  ['rit', { integrity: 'rit' }, 'none'],
  ['ritmust', { integrity: 'rit+must' }, 'none'],
  ['merkle', { integrity: 'merkle' }, 'none'],
  ['xor', { xorTrick: true }, 'none'],
  ['top2', { treeTopLevels: 2 }, 'none'],
  ['large', { parameterSet: 'largeBucket' }, 'none'],
  ['rep+mirror', { replication: true, mirrorMetadata: true, channels: 2 }, 'none'],
  ['rep+mirror kill', { replication: true, mirrorMetadata: true, channels: 2 }, 'kill'],
  ['rep+mirror kill3', { replication: true, mirrorMetadata: true, channels: 3 }, 'kill'],
  ['rep+mirror flip', { replication: true, mirrorMetadata: true, channels: 2 }, 'flip'],
  [
    'rep+mirror rit flip',
    { replication: true, mirrorMetadata: true, channels: 2, integrity: 'rit' },
    'flip',
  ],
  ['rep+mirror stuck', { replication: true, mirrorMetadata: true, channels: 2 }, 'stuck'],
  ['rep kill', { replication: true, channels: 2 }, 'kill'],
  ['rep flip', { replication: true, channels: 2 }, 'flip'],
  ['mirror kill', { mirrorMetadata: true, channels: 2 }, 'kill'],
  ['mirror flip', { mirrorMetadata: true, channels: 2 }, 'flip'],
  ['mirror killMeta', { mirrorMetadata: true, channels: 2 }, 'killMeta'],
  ['mirror top2 flip', { mirrorMetadata: true, channels: 2, treeTopLevels: 2 }, 'flip'],
  [
    'rep+mirror ritmust kill',
    { replication: true, mirrorMetadata: true, channels: 2, integrity: 'rit+must' },
    'kill',
  ],
  [
    'rep+mirror noenc flip',
    { replication: true, mirrorMetadata: true, channels: 2, encrypt: false },
    'flip',
  ],
  ['plain flip', {}, 'flip'],
];

const all = createHash('sha256');
for (const [name, extra, fault] of configs) {
  const h = createHash('sha256');
  const opts: RingOramOptions = {
    capacity: 128,
    blockSize: 16,
    key: new Uint8Array(32).fill(5),
    ...extra,
  } as RingOramOptions;
  const shape = ringStorageShape(opts);
  const rng = createRng(`digest-${name}`);
  const mem = createMemoryStorage(shape);
  const storage = createFaultyStorage(mem, {
    channels: (extra.channels as number) ?? 2,
    ecpEntries: 1,
    rng: rng.fork('faults'),
  });
  const oram = createRingOram({
    ...opts,
    storage,
    rng: rng.fork('oram'),
    observer: (e: TraceEvent) => h.update(JSON.stringify(e)),
  });
  const ops = rng.fork('ops');
  let err = '';
  try {
    for (let i = 0; i < 1200; i++) {
      if (i === 400) {
        if (fault === 'kill') storage.killChannel(1);
        if (fault === 'stuck') {
          for (let bit = 0; bit < 16; bit++) {
            storage.stickCell(
              { bucket: 0, slot: 'meta', copy: 0, bit: bit * 7 },
              (bit & 1) as 0 | 1,
            );
            storage.stickCell({ bucket: 0, slot: 0, bit: bit * 7 }, (bit & 1) as 0 | 1);
          }
        }
      }
      if (fault === 'flip' && i >= 400 && i % 7 === 0)
        storage.flipBit(storage.randomLocation({ metadata: i % 21 === 0 }));
      if (fault === 'killMeta' && i === 400) storage.killChannel(0);
      const a = ops.int(0, 127);
      if (ops.bernoulli(0.5)) oram.write(a, ops.fillBytes(new Uint8Array(16)));
      else h.update(oram.read(a));
      if (i % 300 === 299) {
        try {
          oram.audit();
          h.update('audit ok');
        } catch (e) {
          h.update(`audit ${(e as Error).message}`);
        }
      }
    }
    h.update(oram.exportState());
  } catch (e) {
    err = `${(e as Error).name}: ${(e as Error).message}`;
    h.update(err);
  }
  h.update(JSON.stringify(oram.counters));
  const d = h.digest('hex').slice(0, 16);
  all.update(d);
  console.log(`${name.padEnd(26)} ${d} ${err.slice(0, 90)}`);
}
console.log(`ALL ${all.digest('hex').slice(0, 16)}`);

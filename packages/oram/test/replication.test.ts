// Secure Replication and the mirrored metadata channel, end to end over a storage whose
// channels can die and whose bits can flip (a small test double, not the package's fault injector).
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram, type IntegrityMode, type RingOramOptions } from '../src/index.ts';
import { budget } from './support/budget.ts';
import { withDeadChannel } from './support/deadChannel.ts';
import { rawStorageLike } from './support/rawStorage.ts';

function build(extra: Partial<RingOramOptions>, seed: string) {
  const base = {
    capacity: 64,
    blockSize: 16,
    key: new Uint8Array(32).fill(5),
    mirrorMetadata: true,
    replication: true,
    channels: 2,
    ...extra,
  };
  const probe = createRingOram({ ...base, rng: createRng('probe') });
  const raw = rawStorageLike(probe);
  const dead = { channel: -1 };
  const oram = createRingOram({
    ...base,
    storage: withDeadChannel(raw, base.channels, dead),
    rng: createRng(seed),
  });
  return { oram, raw, dead, channels: base.channels };
}

describe('Secure Replication + mirrored metadata', () => {
  for (const integrity of ['none', 'rit', 'rit+must'] as IntegrityMode[]) {
    for (const channels of [2, 3]) {
      it(`${integrity}, C=${channels}: losing any one channel loses no block`, () => {
        for (let lost = 0; lost < channels; lost++) {
          const { oram, dead } = build(
            { integrity, channels },
            `loss-${integrity}-${channels}-${lost}`,
          );
          const rng = createRng(`w-${lost}`);
          const model: Uint8Array[] = [];
          for (let a = 0; a < 64; a++) {
            model[a] = rng.fillBytes(new Uint8Array(16));
            oram.write(a, model[a]!);
          }
          for (let i = 0; i < budget(200, 20); i++) oram.read(rng.int(0, 63));
          dead.channel = lost;
          // Read every block back, twice (the second pass reads blocks re-placed after the loss).
          for (let pass = 0; pass < 2; pass++)
            for (let a = 0; a < 64; a++) expect(oram.read(a)).toEqual(model[a]);
          const c = oram.counters;
          expect(c.replicaRecoveries).toBeGreaterThan(0);
          expect(c.mirrorRecoveries).toBeGreaterThan(0);
        }
      });
    }
  }

  it('a transient flip in a real slot is caught by the MAC and repaired from the replica', () => {
    const { oram, raw } = build({ integrity: 'rit' }, 'flip');
    const rng = createRng('flip-w');
    const model: Uint8Array[] = [];
    for (let a = 0; a < 64; a++) {
      model[a] = rng.fillBytes(new Uint8Array(16));
      oram.write(a, model[a]!);
    }
    // Each round one bit of one stored slot flips, then every block is read back: a block
    // whose primary was hit is served from its replica and re-placed by the next eviction, so
    // no block ever has both copies hit.
    for (let round = 0; round < budget(100, 15); round++) {
      const b = rng.int(0, raw.bucketCount - 1);
      const s = rng.int(0, raw.slotsPerBucket - 1);
      raw.bytes[raw.slotOffset(b, s) + rng.int(0, raw.slotBytes - 1)]! ^= 1 << rng.int(0, 7);
      for (let a = 0; a < 64; a++) expect(oram.read(a)).toEqual(model[a]);
    }
    expect(oram.counters.replicaRecoveries).toBeGreaterThan(0);
  });

  it('replicas cost no extra storage: every replica sits in a dummy slot', () => {
    const { oram } = build({}, 'overhead');
    const plain = createRingOram({
      capacity: 64,
      blockSize: 16,
      key: new Uint8Array(32).fill(5),
      mirrorMetadata: true,
      rng: createRng('x'),
    });
    for (let a = 0; a < 64; a++) oram.write(a, new Uint8Array(16));
    expect(oram.slotBytes).toBe(plain.slotBytes);
    expect(oram.storage.slotsPerBucket).toBe(plain.storage.slotsPerBucket);
    // Metadata grows by one u16 replica slot index per real entry.
    expect(oram.metaBytes - plain.metaBytes).toBe(2 * oram.parameters.Z);
    expect(oram.counters.replicaWrites).toBeGreaterThan(0);
  });

  it('rejects inconsistent replication settings', () => {
    expect(() =>
      createRingOram({ capacity: 8, blockSize: 8, replication: true, Z: 4, S: 3, A: 3 }),
    ).toThrow(/S must be >= Z \(4\) for replication/);
    expect(() =>
      createRingOram({ capacity: 8, blockSize: 8, replication: true, channels: 1 }),
    ).toThrow(/channels must be >= 2 for replication, got 1/);
    expect(() =>
      createRingOram({ capacity: 8, blockSize: 8, replication: true, integrity: 'merkle' }),
    ).toThrow(/integrity 'merkle'/);
    expect(() =>
      createRingOram({ capacity: 8, blockSize: 8, replication: true, xorTrick: true }),
    ).toThrow(/xorTrick cannot be combined/);
  });
});

// Ring ORAM's options (src/core/ringConfig.ts) against the repository's bad-input rule (a
// RangeError/TypeError naming the field and its allowed range) and the storage layout in closed
// form: 2^(L+1) − 1 buckets of Z + S slots; a slot is the block plus a 16-byte tag whenever it
// is authenticated (encryption, or the checksum that replicas and the mirror carry without it),
// and authenticated metadata adds an 8-byte nonce and a 16-byte tag.
import { describe, expect, it } from 'vitest';
import { createRingOram, ringStorageShape } from '../src/index.ts';

const base = { capacity: 8, blockSize: 8 };

describe('Ring ORAM options', () => {
  it('names the field and the allowed range of every bad option', () => {
    const cases: [object, ErrorConstructor, string | RegExp][] = [
      [{ foo: 1 }, RangeError, /^createRingOram: unknown option 'foo'; the options are capacity, /],
      [{ Z: 0 }, RangeError, 'Z must be an integer in [1, 4096], got 0'],
      [{ S: 0 }, RangeError, 'S must be an integer in [1, 4096], got 0'],
      [{ A: 4097 }, RangeError, 'A must be an integer in [1, 4096], got 4097'],
      [{ levels: 0 }, RangeError, 'levels must be an integer in [1, 30], got 0'],
      [{ encrypt: 1 }, TypeError, 'encrypt must be true or false, got 1'],
      [{ xorTrick: 'x' }, TypeError, 'xorTrick must be true or false, got x'],
      [{ mirrorMetadata: 'x' }, TypeError, 'mirrorMetadata must be true or false, got x'],
      [{ replication: 1 }, TypeError, 'replication must be true or false, got 1'],
      // An object is named by its type, never by its own (possibly throwing) toString.
      [
        {
          xorTrick: {
            toString: () => {
              throw new Error('hostile toString');
            },
          },
        },
        TypeError,
        'xorTrick must be true or false, got an object',
      ],
      [{ encrypt: null }, TypeError, 'encrypt must be true or false, got null'],
      [{ channels: 0 }, RangeError, 'channels must be an integer in [1, 64], got 0'],
      [{ channels: 65 }, RangeError, 'channels must be an integer in [1, 64], got 65'],
      [
        { S: 2, A: 3 },
        RangeError,
        'S must be >= A (3) so a bucket is not reshuffled more often than evicted, got 2',
      ],
      [
        { replication: true, Z: 4, S: 3, A: 3 },
        RangeError,
        'S must be >= Z (4) for replication, so every real block has a dummy slot for its replica, got 3',
      ],
    ];
    for (const [extra, type, message] of cases) {
      const make = () => createRingOram({ ...base, ...extra } as never);
      expect(make, JSON.stringify(extra)).toThrow(type);
      expect(make, JSON.stringify(extra)).toThrow(message);
    }
    // The boundaries themselves are accepted: S = A, and S = Z with replication.
    expect(() => createRingOram({ ...base, Z: 4, S: 3, A: 3 })).not.toThrow();
    expect(() => createRingOram({ ...base, replication: true, Z: 4, S: 4, A: 3 })).not.toThrow();
    expect(() => createRingOram({ ...base, channels: 64 })).not.toThrow();
  });

  it('storage shape in closed form, with and without authentication', () => {
    const L = 2; // 8 blocks, Z = 4: the default tree has 4 leaves
    const shape = (extra: object) =>
      ringStorageShape({ ...base, Z: 4, S: 5, A: 3, levels: L, ...extra } as never);
    const plain = shape({ encrypt: false });
    expect(plain.bucketCount).toBe(2 ** (L + 1) - 1);
    expect(plain.slotsPerBucket).toBe(4 + 5);
    expect(plain.slotBytes).toBe(8);
    for (const extra of [
      {},
      { replication: true },
      { encrypt: false, replication: true },
      { encrypt: false, mirrorMetadata: true },
    ]) {
      const s = shape(extra);
      expect(s.bucketCount, JSON.stringify(extra)).toBe(7);
      expect(s.slotBytes, JSON.stringify(extra)).toBe(8 + 16);
    }
    // Authenticated metadata: the same plaintext plus an 8-byte nonce and a 16-byte tag.
    expect(shape({}).metaBytes).toBe(plain.metaBytes + 8 + 16);
    expect(shape({ encrypt: false, mirrorMetadata: true }).metaBytes).toBe(plain.metaBytes + 24);
    // Replication adds one u16 replica index per real entry (Z of them) to the plaintext.
    expect(shape({ encrypt: false, replication: true }).metaBytes).toBe(
      plain.metaBytes + 24 + 2 * 4,
    );
    // The shape is the one an ORAM built with the same options uses.
    const oram = createRingOram({ ...base, Z: 4, S: 5, A: 3, levels: L, replication: true });
    expect(oram.storage.slotsPerBucket).toBe(9);
    expect(oram.slotBytes).toBe(24);
    expect(oram.metaBytes).toBe(shape({ replication: true }).metaBytes);
  });
});

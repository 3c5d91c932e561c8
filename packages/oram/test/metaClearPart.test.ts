// Metadata format 2 (src/crypto/ringSealer.ts): a sealed body plus a clear part (count, read
// bitmap, child hashes) under its own deterministic tag (src/crypto/clearTagMac.ts).
// - The tag equals the documented construction (length-prepended CBC-MAC over the ChaCha20
//   block function) computed here with @noble/ciphers' ChaCha20, for random keys, positions,
//   lengths and offsets.
// - A ReadPath's metadata write keeps the body's bytes (no re-seal) and changes only the clear
//   part; an eviction's write seals the body at a fresh position.
// - Attacks on the clear part: a flipped bit anywhere in it or its tag, a clear part moved from
//   another bucket, one from an older write generation of the same bucket, and (with a tree)
//   an older clear part of the same generation are each named by audit() and fail an access.
import { chacha20 } from '@noble/ciphers/chacha.js';
import { createRng } from '@paperlab/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClearTagMac } from '../src/crypto/clearTagMac.ts';
import {
  createRingOram,
  IntegrityError,
  type OramStorage,
  type RingOramOptions,
  ringStorageShape,
} from '../src/index.ts';
import { createRawStorage } from './support/rawStorage.ts';

const le = (w: number) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255, (w >>> 24) & 255];
const wordAt = (a: Uint8Array, o: number, end: number) => {
  let w = 0;
  for (let i = 0; i < 4; i++) if (o + i < end) w |= a[o + i]! << (8 * i);
  return w >>> 0;
};

/** F(x0..x3): the first 16 bytes of the ChaCha20 block at counter x0, nonce (x1, x2, x3). */
function nobleF(key: Uint8Array, x: number[]): number[] {
  const nonce = Uint8Array.from([...le(x[1]!), ...le(x[2]!), ...le(x[3]!)]);
  const ks = chacha20(key, nonce, new Uint8Array(64), undefined, x[0]!);
  return [0, 4, 8, 12].map((o) => wordAt(ks, o, 16));
}

/** The clear tag by the construction in clearTagMac.ts's comment. */
function referenceTag(key: Uint8Array, hi: number, lo: number, msg: Uint8Array): Uint8Array {
  const n = msg.length;
  let s = nobleF(key, [n, lo, hi, wordAt(msg, 0, n)]);
  for (let p = 4; p < n; p += 16) {
    s = nobleF(
      key,
      s.map((w, i) => (w ^ wordAt(msg, p + 4 * i, n)) >>> 0),
    );
  }
  return Uint8Array.from(s.flatMap(le));
}

describe('clear-part tag', () => {
  it('equals length-prepended CBC-MAC over ChaCha20 computed with @noble/ciphers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat(0xffffffff),
        fc.nat(0xffffffff),
        fc.uint8Array({ minLength: 0, maxLength: 70 }),
        fc.nat(5),
        (key, hi, lo, msg, off) => {
          const buf = new Uint8Array(off + msg.length + 3).fill(0x5a);
          buf.set(msg, off);
          const mac = new ClearTagMac(key);
          const out = new Uint8Array(20);
          mac.tag(hi, lo, buf, off, msg.length, out, 2);
          expect([...out.subarray(2, 18)]).toEqual([...referenceTag(key, hi, lo, msg)]);
          expect(mac.verify(hi, lo, buf, off, msg.length, out, 2)).toBe(true);
          out[2 + (lo % 16)]! ^= 1;
          expect(mac.verify(hi, lo, buf, off, msg.length, out, 2)).toBe(false);
        },
      ),
      { numRuns: 200, seed: 3012 },
    );
  });
});

// Default parameters (Z = 4, S = 5, W = 9). Stored metadata: header 4 | position 8 | body
// ciphertext | body tag 16 | clear part | clear tag 16. Body: 8 + 10 Z (+ 16 W of slot tags
// under rit); clear part: 4 + ⌈W/8⌉ (+ 32 of child hashes under rit).
const layoutOf = (integrity: 'none' | 'rit') => {
  const body = 8 + 40 + (integrity === 'rit' ? 16 * 9 : 0);
  const clear = 4 + 2 + (integrity === 'rit' ? 32 : 0);
  const clearAt = 12 + body + 16;
  return { clearAt, end: clearAt + clear + 16 };
};

function setUp(integrity: 'none' | 'rit', seed: string) {
  const options: RingOramOptions = {
    capacity: 64,
    blockSize: 16,
    integrity,
    key: new Uint8Array(32).fill(9),
    rng: createRng(seed),
  };
  const shape = ringStorageShape(options);
  const raw = createRawStorage(shape);
  const writes: { b: number; bytes: Uint8Array }[] = [];
  const storage: OramStorage = {
    ...raw,
    writeMeta(b, data, copy) {
      if (copy !== 1) writes.push({ b, bytes: data.slice() });
      raw.writeMeta(b, data, copy);
    },
  };
  const oram = createRingOram({ ...options, storage });
  const ops = createRng(`${seed} ops`);
  for (let i = 0; i < 200; i++) oram.write(ops.int(0, 63), new Uint8Array(16).fill(i & 255));
  expect(shape.metaBytes).toBe(layoutOf(integrity).end);
  return { oram, raw, writes, metaBytes: shape.metaBytes };
}

const auditError = (audit: () => void): IntegrityError => {
  try {
    audit();
  } catch (e) {
    expect(e).toBeInstanceOf(IntegrityError);
    return e as IntegrityError;
  }
  throw new Error('audit passed');
};

describe('a ReadPath re-tags the clear part only', () => {
  for (const integrity of ['none', 'rit'] as const) {
    it(`${integrity}: consecutive writes of a bucket keep the body unless the bucket was rewritten`, () => {
      const { writes } = setUp(integrity, `keep ${integrity}`);
      const { clearAt } = layoutOf(integrity);
      const last = new Map<number, Uint8Array>();
      let kept = 0;
      let resealed = 0;
      for (const { b, bytes } of writes) {
        const before = last.get(b);
        last.set(b, bytes);
        if (before === undefined) continue;
        const samePosition = Buffer.from(bytes.subarray(4, 12)).equals(
          Buffer.from(before.subarray(4, 12)),
        );
        const sameBody = Buffer.from(bytes.subarray(0, clearAt)).equals(
          Buffer.from(before.subarray(0, clearAt)),
        );
        // Same position if and only if the same body: a position is never reused for another.
        expect(sameBody).toBe(samePosition);
        if (sameBody) {
          kept++;
          // The clear part changed: a ReadPath moved the count forward, or (under rit) an early
          // reshuffle below changed a child's hash.
          const count = (a: Uint8Array) => a[clearAt]! | (a[clearAt + 1]! << 8);
          expect(count(bytes)).toBeGreaterThanOrEqual(count(before));
          expect(
            Buffer.from(bytes.subarray(clearAt)).equals(Buffer.from(before.subarray(clearAt))),
          ).toBe(false);
        } else resealed++;
      }
      // Most metadata writes are ReadPath write-backs (every access, L + 1 buckets); one in A
      // accesses rewrites a path.
      expect(kept).toBeGreaterThan(2 * resealed);
      expect(resealed).toBeGreaterThan(0);
    });
  }
});

describe('attacks on the clear part', () => {
  for (const integrity of ['none', 'rit'] as const) {
    it(`${integrity}: every flipped bit of a clear part or its tag is named by audit() and fails an access`, () => {
      const { clearAt, end } = layoutOf(integrity);
      const { oram, raw } = setUp(integrity, `flip ${integrity}`);
      const snapshot = raw.bytes.slice();
      const b = 5;
      const at = raw.metaOffset(b);
      for (let i = clearAt; i < end; i++) {
        for (const bit of [0, 7]) {
          raw.bytes.set(snapshot);
          raw.bytes[at + i]! ^= 1 << bit;
          const e = auditError(() => oram.audit());
          expect([e.bucket, e.slot], `byte ${i} bit ${bit}`).toEqual([b, 'meta']);
        }
      }
      // Through the access path: every path through bucket 5 reads it; the access fails closed.
      raw.bytes.set(snapshot);
      raw.bytes[at + clearAt]! ^= 1;
      let failed = 0;
      for (let a = 0; a < 64 && failed === 0; a++) {
        try {
          oram.read(a);
        } catch (e) {
          expect(e).toBeInstanceOf(IntegrityError);
          expect((e as IntegrityError).bucket).toBe(b);
          failed++;
        }
      }
      expect(failed).toBe(1);
    });

    it(`${integrity}: a clear part moved from another bucket, or from an older write of the same bucket, is refused`, () => {
      const { clearAt, end } = layoutOf(integrity);
      const { oram, raw, writes } = setUp(integrity, `move ${integrity}`);
      const snapshot = raw.bytes.slice();
      // From bucket 6 onto bucket 5 (both at level 2).
      const to = raw.metaOffset(5);
      const from = raw.metaOffset(6);
      raw.bytes.copyWithin(to + clearAt, from + clearAt, from + end);
      expect([auditError(() => oram.audit()).bucket]).toEqual([5]);
      // From an older write generation of the root (another body position) onto the current one.
      raw.bytes.set(snapshot);
      const root = raw.metaOffset(0);
      const current = raw.bytes.subarray(root + 4, root + 12);
      const older = writes.find(
        (w) => w.b === 0 && !Buffer.from(w.bytes.subarray(4, 12)).equals(Buffer.from(current)),
      );
      expect(older).toBeDefined();
      raw.bytes.set(older!.bytes.subarray(clearAt, end), root + clearAt);
      expect([auditError(() => oram.audit()).bucket]).toEqual([0]);
    });
  }

  it('rit: an older clear part of the same write generation (a replayed count) is refused by the tree', () => {
    const { clearAt, end } = layoutOf('rit');
    const { oram, raw, writes } = setUp('rit', 'replay rit');
    const root = raw.metaOffset(0);
    const current = raw.bytes.slice(root, root + end);
    const older = [...writes]
      .reverse()
      .find(
        (w) =>
          w.b === 0 &&
          Buffer.from(w.bytes.subarray(0, clearAt)).equals(
            Buffer.from(current.subarray(0, clearAt)),
          ) &&
          !Buffer.from(w.bytes.subarray(clearAt, end)).equals(
            Buffer.from(current.subarray(clearAt)),
          ),
      );
    expect(older, 'an earlier ReadPath write of the same body').toBeDefined();
    raw.bytes.set(older!.bytes.subarray(clearAt, end), root + clearAt);
    expect([auditError(() => oram.audit()).bucket]).toEqual([0]);
  });
});

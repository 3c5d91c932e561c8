// A new integrity scheme is one file plus one registry line. This test is that file: a scheme
// of ten lines — slot tags kept in the bucket metadata (like RIT) but no tree — registered
// with a fresh id, then run against a Map model and attacked.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createRingOram, IntegrityError, type IntegrityMode } from '../src/index.ts';
import type { IntegrityScheme } from '../src/integrity/integrityScheme.ts';
import { noTree } from '../src/integrity/integrityScheme.ts';
import { registerIntegrityScheme } from '../src/integrity/registry.ts';

const tagsInMetadata: IntegrityScheme = {
  id: 9,
  name: 'tags-in-metadata',
  needsKey: true,
  childHashes: false,
  tagsInMeta: true,
  readsWholeBucket: false,
  create: noTree,
};
registerIntegrityScheme(tagsInMetadata);

const integrity = 'tags-in-metadata' as IntegrityMode;

describe('an integrity scheme defined in a test file', () => {
  it('behaves like a Map and stores its id in every metadata block', () => {
    const oram = createRingOram({ capacity: 40, blockSize: 8, integrity, rng: createRng('s') });
    // No tag after each slot: the slot is exactly one block.
    expect(oram.slotBytes).toBe(8);
    const model = new Map<number, number>();
    const w = createRng('ops');
    for (let i = 0; i < 600; i++) {
      const a = w.int(0, 39);
      if (w.next() < 0.5) {
        oram.write(a, new Uint8Array(8).fill(i & 255));
        model.set(a, i & 255);
      } else expect(oram.read(a)).toEqual(new Uint8Array(8).fill(model.get(a) ?? 0));
    }
    oram.audit();
    const meta = new Uint8Array(oram.metaBytes);
    oram.storage.readMeta(0, meta);
    // Byte 1 of a metadata block: the scheme's id, 0x10 for "encrypted".
    expect(meta[1]).toBe(9 | 0x10);
  });

  it('catches a flipped slot: its tag lives in the (authenticated) metadata', () => {
    const oram = createRingOram({ capacity: 16, blockSize: 8, integrity, rng: createRng('t') });
    for (let a = 0; a < 16; a++) oram.write(a, new Uint8Array(8).fill(a));
    const slot = new Uint8Array(8);
    for (let b = 0; b < oram.bucketCount; b++) {
      for (let s = 0; s < 9; s++) {
        oram.storage.readSlot(b, s, slot);
        slot[0]! ^= 1;
        oram.storage.writeSlot(b, s, slot);
      }
    }
    expect(() => oram.audit()).toThrow(IntegrityError);
    let caught: unknown;
    try {
      for (let a = 0; a < 16; a++) oram.read(a);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IntegrityError);
  });

  it('ids are explicit and unique: a taken id or one out of range is refused', () => {
    expect(() => registerIntegrityScheme({ ...tagsInMetadata, name: 'other', id: 2 })).toThrow(
      /id 2 is taken by 'rit'/,
    );
    expect(() => registerIntegrityScheme({ ...tagsInMetadata, name: 'x', id: 16 })).toThrow(
      /integer in \[0, 15\]/,
    );
    // The range is [0, 15] (4 bits of the metadata's scheme byte): each side of each bound.
    for (const id of [-1, 16, 1.5, Number.NaN]) {
      expect(() => registerIntegrityScheme({ ...tagsInMetadata, name: `bad-${id}`, id })).toThrow(
        new RangeError(`integrity scheme id must be an integer in [0, 15], got ${id}`),
      );
    }
    // 0 and 15 are in range: 0 is refused only because 'none' holds it.
    expect(() => registerIntegrityScheme({ ...tagsInMetadata, name: 'zero', id: 0 })).toThrow(
      new RangeError("integrity scheme id 0 is taken by 'none'"),
    );
    const fifteen = { ...tagsInMetadata, name: 'id-fifteen', id: 15 };
    registerIntegrityScheme(fifteen);
    // Registering the same scheme again (same id, same name) is not a conflict.
    expect(() => registerIntegrityScheme(fifteen)).not.toThrow();
    expect(() => registerIntegrityScheme(tagsInMetadata)).not.toThrow();
    const oram = createRingOram({
      capacity: 8,
      blockSize: 8,
      integrity: 'id-fifteen' as IntegrityMode,
      rng: createRng('fifteen'),
    });
    oram.write(1, new Uint8Array(8).fill(1));
    expect(oram.read(1)).toEqual(new Uint8Array(8).fill(1));
    const meta = new Uint8Array(oram.metaBytes);
    oram.storage.readMeta(0, meta);
    expect(meta[1]).toBe(15 | 0x10);
  });
});

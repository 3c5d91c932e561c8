// Shared by the crash tests' child process and parent: how a test ORAM is opened on a
// directory, and how a block encodes the unique value (a counter) a write stored.
import { join } from 'node:path';
import {
  createPathOram,
  createRingOram,
  type IntegrityMode,
  type OramStorage,
  pathStorageShape as pathShape,
  ringStorageShape as ringShape,
} from '../../src/index.ts';
import { createFileBatchStore } from '../../src/node/fileBatchStore.ts';
import { createFileJournal } from '../../src/node/fileJournal.ts';
import { openDurableOram } from '../../src/remote/durableOram.ts';

export const CAPACITY = 48;
export const BLOCK = 16;
export const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);

export interface CrashConfig {
  dir: string;
  oram: 'ring' | 'path';
  integrity: IntegrityMode;
  fsync: boolean;
}

export function ramOptions(c: CrashConfig) {
  return c.oram === 'ring'
    ? { capacity: CAPACITY, blockSize: BLOCK, key: KEY, integrity: c.integrity }
    : { capacity: CAPACITY, blockSize: BLOCK, key: KEY };
}

export function openCrashOram(c: CrashConfig) {
  const opts = ramOptions(c);
  const shape = c.oram === 'ring' ? ringShape(opts) : pathShape(opts);
  return openDurableOram({
    // A small checkpoint threshold, so kills land inside checkpoints as well as appends.
    store: createFileBatchStore({
      dir: join(c.dir, 'store'),
      shape,
      fsync: c.fsync,
      checkpointBytes: 8192,
    }),
    journal: createFileJournal(join(c.dir, 'client.rec'), { fsync: c.fsync }),
    open: (epochStorage, state) => {
      // The file store answers synchronously, so this is the synchronous epoch storage.
      const storage = epochStorage as OramStorage;
      return c.oram === 'ring'
        ? createRingOram({ ...opts, storage, state })
        : createPathOram({ ...opts, storage, state });
    },
  });
}

export function encodeValue(addr: number, value: number): Uint8Array {
  const b = new Uint8Array(BLOCK);
  const v = new DataView(b.buffer);
  v.setFloat64(0, value, true);
  v.setUint32(8, addr, true);
  return b;
}

/** The counter a block holds (0: never written); throws if the block is not one we wrote. */
export function decodeValue(addr: number, b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const value = v.getFloat64(0, true);
  if (value === 0 && b.every((x) => x === 0)) return 0;
  if (v.getUint32(8, true) !== addr)
    throw new Error(`block ${addr} holds block ${v.getUint32(8, true)}'s data`);
  return value;
}

import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { checkShapeFields, type OramStorage, type StorageShape } from './storage.js';

/**
 * File-backed untrusted storage (Node only): survives close and reopen. The file starts with
 * a 64-byte header recording the shape, so reopening with another shape fails loudly; then
 * the slot area, metadata copy 0 and metadata copy 1. Unwritten regions read as zeros.
 */
const MAGIC = 'PLORAMFS';
const HEADER_BYTES = 64;

export interface FileStorageOptions {
  /** Create the file (truncating nothing: an existing file must have the same shape). */
  create?: boolean;
}

export function createFileStorage(
  path: string,
  shape: StorageShape,
  options: FileStorageOptions = {},
): OramStorage {
  if (typeof path !== 'string' || path.length === 0)
    throw new TypeError('path must be a non-empty string');
  // Files may exceed the in-memory limit, so only the integer ranges are checked here.
  const { bucketCount, slotsPerBucket, slotBytes, metaBytes } = checkShapeFields(shape);
  const exists = existsSync(path);
  if (!exists && !options.create)
    throw new Error(`storage file ${path} does not exist (pass { create: true })`);
  const fd = openSync(path, exists ? 'r+' : 'w+');
  const header = new Uint8Array(HEADER_BYTES);
  const hv = new DataView(header.buffer);
  if (exists && fstatSync(fd).size > 0) {
    readSync(fd, header, 0, HEADER_BYTES, 0);
    const magic = new TextDecoder().decode(header.subarray(0, 8));
    if (magic !== MAGIC) {
      closeSync(fd);
      throw new TypeError(`${path} is not a @paperlab/oram storage file`);
    }
    const stored = [
      hv.getUint32(8, true),
      hv.getUint32(12, true),
      hv.getUint32(16, true),
      hv.getUint32(20, true),
    ];
    const want = [bucketCount, slotsPerBucket, slotBytes, metaBytes];
    const names = ['bucketCount', 'slotsPerBucket', 'slotBytes', 'metaBytes'];
    for (let i = 0; i < 4; i++) {
      if (stored[i] !== want[i]) {
        closeSync(fd);
        throw new RangeError(
          `storage file ${names[i]} is ${stored[i]}, but these options need ${want[i]}`,
        );
      }
    }
  } else {
    header.set(new TextEncoder().encode(MAGIC), 0);
    hv.setUint32(8, bucketCount, true);
    hv.setUint32(12, slotsPerBucket, true);
    hv.setUint32(16, slotBytes, true);
    hv.setUint32(20, metaBytes, true);
    writeSync(fd, header, 0, HEADER_BYTES, 0);
  }
  const slotArea = bucketCount * slotsPerBucket * slotBytes;
  const metaArea = bucketCount * metaBytes;
  const slotAt = (b: number, s: number) => HEADER_BYTES + (b * slotsPerBucket + s) * slotBytes;
  const metaAt = (b: number, copy: 0 | 1) =>
    HEADER_BYTES + slotArea + copy * metaArea + b * metaBytes;
  let open = true;
  const check = (b: number, s: number): void => {
    if (!open) throw new Error('storage file is closed');
    if (!(b >= 0 && b < bucketCount))
      throw new RangeError(`bucket must be an integer in [0, ${bucketCount - 1}], got ${b}`);
    if (!(s >= 0 && s < slotsPerBucket))
      throw new RangeError(`slot must be an integer in [0, ${slotsPerBucket - 1}], got ${s}`);
  };
  const readAt = (out: Uint8Array, n: number, at: number): void => {
    const got = readSync(fd, out, 0, n, at);
    if (got < n) out.fill(0, got, n);
  };
  return {
    bucketCount,
    slotsPerBucket,
    slotBytes,
    metaBytes,
    readSlot(b, s, out) {
      check(b, s);
      readAt(out, slotBytes, slotAt(b, s));
    },
    writeSlot(b, s, data) {
      check(b, s);
      if (data.length !== slotBytes)
        throw new RangeError(`slot data must be ${slotBytes} bytes, got ${data.length}`);
      writeSync(fd, data, 0, slotBytes, slotAt(b, s));
    },
    readMeta(b, out, copy = 0) {
      check(b, 0);
      readAt(out, metaBytes, metaAt(b, copy));
    },
    writeMeta(b, data, copy = 0) {
      check(b, 0);
      if (data.length !== metaBytes)
        throw new RangeError(`metadata must be ${metaBytes} bytes, got ${data.length}`);
      writeSync(fd, data, 0, metaBytes, metaAt(b, copy));
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

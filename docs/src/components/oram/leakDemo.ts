/**
 * The leak demo's two runs of one program (`for d of PIN: table[d] = table[d] + 1`), apart
 * from its React component so the tests can run them without a DOM: over an array of AES-GCM
 * cells (WebCrypto) and over a real Ring ORAM from @paperlab/oram, each returning what the
 * server logs, plus what an attacker reads off each log.
 */
import { createRingOram, type TraceEvent } from '@paperlab/oram';
import { createRng } from '@paperlab/stats';

export const LEAK_CELLS = 10;
export const LEAK_CELL_BYTES = 4;
/** Blocks of the ORAM the table lives in (the ten counters fit with room to spare). */
export const LEAK_ORAM_CAPACITY = 16;

export interface ArrayLog {
  op: 'read' | 'write';
  cell: number;
  ciphertext: string;
}

export interface OramLog {
  op: 'read' | 'write';
  /** The leaf whose path ReadPath fetched. */
  leaf: number;
  /** The buckets of that path, root first. */
  buckets: number[];
  /** Physical accesses (metadata and slots, reads and writes) the access made. */
  physical: number;
}

const hex = (b: Uint8Array, n = 6) =>
  [...b.subarray(0, n)].map((x) => x.toString(16).padStart(2, '0')).join('');

/** The PIN as digits, or a RangeError naming the rule. */
export function parsePin(pin: string): number[] {
  if (!/^\d{1,8}$/.test(pin)) {
    throw new RangeError(`the PIN must be 1 to 8 digits, got ${JSON.stringify(pin)}`);
  }
  return pin.split('').map(Number);
}

/**
 * An array of encrypted cells, each sealed with AES-GCM under a fresh random IV on every write
 * (WebCrypto). The server stores ciphertexts and logs which cell each request names.
 */
export async function runEncryptedArray(pin: readonly number[]): Promise<ArrayLog[]> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const server: { iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer> }[] = [];
  const log: ArrayLog[] = [];
  const seal = async (v: number) => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new Uint8Array(LEAK_CELL_BYTES);
    new DataView(plain.buffer).setUint32(0, v);
    return {
      iv,
      ct: new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain)),
    };
  };
  for (let c = 0; c < LEAK_CELLS; c++) server.push(await seal(0));
  for (const d of pin) {
    const stored = server[d]!;
    log.push({ op: 'read', cell: d, ciphertext: hex(stored.ct) });
    const plain = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: stored.iv }, key, stored.ct),
    );
    const count = new DataView(plain.buffer).getUint32(0);
    server[d] = await seal(count + 1);
    log.push({ op: 'write', cell: d, ciphertext: hex(server[d]!.ct) });
  }
  return log;
}

/**
 * The same program over a Ring ORAM of 16 blocks (ChaCha20-Poly1305 sealed). Also returns
 * the final table as the ORAM holds it, so a caller can check the program ran.
 */
export function runOram(
  pin: readonly number[],
  seed: string,
): { log: OramLog[]; table: number[]; levels: number } {
  let events: TraceEvent[] = [];
  const oram = createRingOram({
    capacity: LEAK_ORAM_CAPACITY,
    blockSize: LEAK_CELL_BYTES,
    rng: createRng(seed),
    observer: (e) => events.push(e),
  });
  const log: OramLog[] = [];
  const record = (op: 'read' | 'write') => {
    const path = events
      .filter((e) => e.phase === 'online' && e.op === 'read' && e.slot === 'meta')
      .map((e) => e.bucket);
    const deepest = Math.max(...path);
    log.push({
      op,
      leaf: deepest - (2 ** oram.levels - 1),
      buckets: path,
      physical: events.length,
    });
    events = [];
  };
  const counterOf = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset).getUint32(0);
  for (const d of pin) {
    const count = counterOf(oram.read(d));
    record('read');
    const next = new Uint8Array(LEAK_CELL_BYTES);
    new DataView(next.buffer).setUint32(0, count + 1);
    oram.write(d, next);
    record('write');
  }
  const table = Array.from({ length: LEAK_CELLS }, (_, c) => counterOf(oram.read(c)));
  return { log, table, levels: oram.levels };
}

/** The attacker's reading of the encrypted array's log: the cell each read names, in order. */
export function arrayGuess(log: readonly ArrayLog[]): string {
  return log
    .filter((l) => l.op === 'read')
    .map((l) => l.cell)
    .join('');
}

/** The attacker's reading of the ORAM's log: the leaves of the paths fetched. */
export function oramGuess(log: readonly OramLog[]): string {
  return log.map((l) => l.leaf).join(' ');
}

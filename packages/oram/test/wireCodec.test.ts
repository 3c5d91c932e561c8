// The wire format between createRemoteStorage and `paperlab-oram serve` (src/remote/wireCodec.ts),
// checked against bytes written out by hand from the format in that module's comment (not
// from the encoder), round trips over random batches (fast-check), and the client's decoding
// of what a hostile server could send: every malformed reply is a WireFormatError that says
// what is wrong, never a wrong value. The server's side (malformed requests) is attacked in
// test/remoteServer.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocResponse,
  checkStoreName,
  decodeBundle,
  decodeBundleResponse,
  decodeRequest,
  decodeResponse,
  decodeSeq,
  encodeBundle,
  encodeBundleResponse,
  encodeError,
  encodeHello,
  encodeRead,
  encodeReadOf,
  encodeResponse,
  encodeSeq,
  encodeWrite,
  encodeWriteOf,
  OP_BUNDLE,
  OP_HELLO,
  OP_READ,
  OP_WRITE,
  peekRequest,
  scanBatchRequest,
  WireFormatError,
} from '../src/remote/wireCodec.ts';
import type { BatchEntry, Location } from '../src/remote/writeBatch.ts';
import { createIoBatch, META_SLOT } from '../src/storage/storageProtocol.ts';

const shape = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8, metaBytes: 5 };
const u32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
const u16 = (v: number) => [v & 255, v >>> 8];
const f64 = (v: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [...b];
};
const loc = (kind: number, bucket: number, slot: number) => [kind, ...u32(bucket), ...u16(slot)];

describe('known-answer bytes (the layout in the module comment)', () => {
  it('HELLO, READ, WRITE, BUNDLE requests', () => {
    expect([...encodeHello(0x01020304, 'ab', shape)]).toEqual([
      1,
      1,
      4,
      3,
      2,
      1,
      2,
      97,
      98,
      ...u32(15),
      ...u32(4),
      ...u32(8),
      ...u32(5),
    ]);
    const locs: Location[] = [
      { kind: 0, bucket: 14, slot: 3 },
      { kind: 2, bucket: 0x10203, slot: 0 },
    ];
    expect([...encodeRead(7, locs)]).toEqual([
      1,
      2,
      ...u32(7),
      ...u32(2),
      ...loc(0, 14, 3),
      ...loc(2, 0x10203, 0),
    ]);
    const entries: BatchEntry[] = [
      { kind: 1, bucket: 2, slot: 0, data: Uint8Array.of(9, 8, 7, 6, 5) },
      { kind: 0, bucket: 3, slot: 1, data: Uint8Array.of(1, 2) },
    ];
    expect([...encodeWrite(0xffffffff, 2 ** 40 + 3, entries)]).toEqual([
      1,
      3,
      ...u32(0xffffffff),
      ...f64(2 ** 40 + 3),
      ...u32(2),
      ...loc(1, 2, 0),
      ...loc(0, 3, 1),
      9,
      8,
      7,
      6,
      5,
      1,
      2,
    ]);
    const r = encodeRead(1, []);
    expect([...encodeBundle(5, [r, Uint8Array.of(42)])]).toEqual([
      1,
      4,
      ...u32(5),
      ...u32(2),
      ...u32(r.length),
      ...r,
      ...u32(1),
      42,
    ]);
  });

  it('responses: ok, error, seq, BUNDLE', () => {
    expect([...encodeResponse(OP_READ, 9, Uint8Array.of(1, 2))]).toEqual([
      1,
      0x82,
      ...u32(9),
      0,
      1,
      2,
    ]);
    expect([...encodeError(OP_WRITE | 0x80, 9, 'no')]).toEqual([1, 0x83, ...u32(9), 1, 110, 111]);
    expect([...encodeSeq(3)]).toEqual(f64(3));
    const a = encodeResponse(OP_READ, 1, new Uint8Array(0));
    expect([...encodeBundleResponse(2, [a])]).toEqual([
      1,
      0x84,
      ...u32(2),
      0,
      ...u32(1),
      ...u32(a.length),
      ...a,
    ]);
    const buf = allocResponse(OP_READ, 3, 2);
    expect([...buf]).toEqual([1, 0x82, ...u32(3), 0, 0, 0]);
  });

  it("encodeReadOf and encodeWriteOf write an IoBatch's locations as encodeRead/encodeWrite do", () => {
    const batch = createIoBatch(4, 64);
    const add = (b: number, s: number, copy: number, off: number) => {
      batch.buckets[batch.count] = b;
      batch.slots[batch.count] = s;
      batch.copies[batch.count] = copy;
      batch.offsets[batch.count] = off;
      batch.count++;
    };
    add(2, META_SLOT, 0, 0);
    add(3, 1, 0, 8);
    add(4, META_SLOT, 1, 16);
    for (let i = 0; i < 32; i++) batch.data[i] = i;
    const locs: Location[] = [
      { kind: 1, bucket: 2, slot: 0 },
      { kind: 0, bucket: 3, slot: 1 },
      { kind: 2, bucket: 4, slot: 0 },
    ];
    expect([...encodeReadOf(6, batch)]).toEqual([...encodeRead(6, locs)]);
    expect([...encodeReadOf(6, batch, Int32Array.of(2, 0), 2)]).toEqual([
      ...encodeRead(6, [locs[2]!, locs[0]!]),
    ]);
    const extra = { kinds: [0], buckets: [9], slots: [3] };
    expect([...encodeReadOf(6, batch, undefined, 0, extra)]).toEqual([
      ...encodeRead(6, [...locs, { kind: 0, bucket: 9, slot: 3 }]),
    ]);
    const data = (off: number, n: number) => batch.data.slice(off, off + n);
    expect([...encodeWriteOf(6, 4, batch, shape)]).toEqual([
      ...encodeWrite(6, 4, [
        { ...locs[0]!, data: data(0, 5) },
        { ...locs[1]!, data: data(8, 8) },
        { ...locs[2]!, data: data(16, 5) },
      ]),
    ]);
  });
});

const locationArb = fc.oneof(
  fc.record({
    kind: fc.constant(0 as const),
    bucket: fc.integer({ min: 0, max: 14 }),
    slot: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom(1 as const, 2 as const),
    bucket: fc.integer({ min: 0, max: 14 }),
    slot: fc.constant(0),
  }),
);
const key = (l: Location) => `${l.kind}:${l.bucket}:${l.slot}`;

describe('round trips (fast-check)', () => {
  it('a READ decodes to its locations; a WRITE to its seq, locations and bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(locationArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 255 }),
        (id, locs, seq, fill) => {
          const r = decodeRequest(encodeRead(id, locs), shape);
          expect(r).toEqual({ op: OP_READ, id, locations: locs });
          const unique = [...new Map(locs.map((l) => [key(l), l])).values()];
          const entries = unique.map((l, i) => ({
            ...l,
            data: new Uint8Array(l.kind === 0 ? 8 : 5).fill((fill + i) & 255),
          }));
          const w = decodeRequest(encodeWrite(id, seq, entries), shape);
          expect(w.op).toBe(OP_WRITE);
          if (w.op !== OP_WRITE) return;
          expect(w.id).toBe(id);
          expect(w.seq).toBe(seq);
          expect(w.entries.map((e) => ({ ...e, data: [...e.data] }))).toEqual(
            entries.map((e) => ({ ...e, data: [...e.data] })),
          );
          const scan = scanBatchRequest(encodeWrite(id, seq, entries), shape);
          expect(scan.payload).toBe(entries.reduce((n, e) => n + e.data.length, 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a BUNDLE and a BUNDLE response give back their parts in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 30 }), { minLength: 1, maxLength: 12 }),
        (bodies) => {
          const reqs = bodies.map((_b, i) => encodeRead(i, []));
          expect(decodeBundle(encodeBundle(1, reqs)).map((p) => [...p])).toEqual(
            reqs.map((p) => [...p]),
          );
          const responses = bodies.map((b, i) => encodeResponse(OP_READ, i, b));
          const res = decodeResponse(encodeBundleResponse(1, responses));
          expect(res.ok && res.op === OP_BUNDLE).toBe(true);
          if (!res.ok) return;
          const parts = decodeBundleResponse(res.body);
          expect(parts.map((p) => (p.ok ? [p.id, [...p.body]] : undefined))).toEqual(
            bodies.map((b, i) => [i, [...b]]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a HELLO decodes to its name and shape; an error response to its message', () => {
    const h = decodeRequest(encodeHello(3, 'store_1-A', shape), undefined);
    expect(h).toEqual({ op: OP_HELLO, id: 3, name: 'store_1-A', shape });
    expect(decodeResponse(encodeError(OP_READ, 4, 'bucket 9: too far'))).toEqual({
      op: OP_READ,
      id: 4,
      ok: false,
      message: 'bucket 9: too far',
    });
    // Only the first 1,000 characters of a long message are sent.
    const long = decodeResponse(encodeError(OP_READ, 4, 'x'.repeat(5000)));
    expect(long.ok === false && long.message.length).toBe(1000);
    expect(decodeSeq(encodeSeq(2 ** 53 - 1))).toBe(2 ** 53 - 1);
    expect(peekRequest(encodeRead(77, []))).toEqual({ op: OP_READ, id: 77 });
    expect(peekRequest(Uint8Array.of(1, 2))).toEqual({ op: 0, id: 0 });
  });
});

describe('what a hostile server can send the client', () => {
  const ok = encodeResponse(OP_READ, 5, Uint8Array.of(1, 2, 3));
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /message too short for the response header: 0 bytes, need 7/],
    ['cut header', ok.subarray(0, 6), /too short for the response header: 6 bytes, need 7/],
    ['wrong version', Uint8Array.from([2, ...ok.subarray(1)]), /version must be 1, got 2/],
    [
      'a request, not a response',
      Uint8Array.from([1, 2, ...ok.subarray(2)]),
      /response op must have bit 0x80 set, got 2/,
    ],
    [
      'unknown status',
      Uint8Array.from([...ok.subarray(0, 6), 2, ...ok.subarray(7)]),
      /response status must be 0 or 1, got 2/,
    ],
  ];
  it.each(cases)('%s: WireFormatError', (_what, bytes, re) => {
    expect(() => decodeResponse(bytes)).toThrow(WireFormatError);
    expect(() => decodeResponse(bytes)).toThrow(re);
  });

  it('a seq reply that is not 8 bytes, or not a safe integer, is refused', () => {
    expect(() => decodeSeq(new Uint8Array(7))).toThrow('seq reply must be 8 bytes, got 7');
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY]) {
      expect(() => decodeSeq(Uint8Array.from(f64(bad)))).toThrow(
        `seq must be an integer in [0, 2^53 - 1], got ${bad}`,
      );
    }
    expect(decodeSeq(Uint8Array.from(f64(0)))).toBe(0);
  });

  it('BUNDLE responses: counts, lengths and nesting are checked', () => {
    const part = encodeResponse(OP_READ, 1, Uint8Array.of(7));
    const body = (b: Uint8Array) => {
      const r = decodeResponse(b);
      if (!r.ok) throw new Error('not ok');
      return r.body;
    };
    const good = body(encodeBundleResponse(9, [part, part]));
    expect(decodeBundleResponse(good)).toHaveLength(2);
    expect(() => decodeBundleResponse(good.subarray(0, 3))).toThrow(
      'message too short for the BUNDLE response count: 3 bytes, need 4',
    );
    expect(() => decodeBundleResponse(Uint8Array.of(0, 0, 0, 0))).toThrow(
      'BUNDLE response count must be in [1, 65536], got 0',
    );
    expect(() => decodeBundleResponse(Uint8Array.from([...u32(2 ** 16 + 1)]))).toThrow(
      'BUNDLE response count must be in [1, 65536], got 65537',
    );
    // Count 2, but the message ends inside the second part's length, then inside its bytes.
    expect(() => decodeBundleResponse(good.subarray(0, 4 + 4 + part.length + 2))).toThrow(
      'BUNDLE response part 1: message ends before its length',
    );
    expect(() => decodeBundleResponse(good.subarray(0, good.length - 1))).toThrow(
      `BUNDLE response part 1: length ${part.length} runs past the end of the message (${part.length - 1} bytes left)`,
    );
    expect(() => decodeBundleResponse(Uint8Array.from([...good, 0]))).toThrow(
      `BUNDLE response of 2 parts must be ${good.length} bytes, got ${good.length + 1} (trailing bytes)`,
    );
    const nested = body(encodeBundleResponse(9, [encodeBundleResponse(8, [part])]));
    expect(() => decodeBundleResponse(nested)).toThrow(
      'a BUNDLE response must not hold a BUNDLE response',
    );
    // A malformed part inside an otherwise good BUNDLE.
    const badPart = Uint8Array.from([1, 2, ...part.subarray(2)]);
    expect(() => decodeBundleResponse(body(encodeBundleResponse(9, [part, badPart])))).toThrow(
      'response op must have bit 0x80 set, got 2',
    );
  });

  it('decodeBundle refuses what is not a BUNDLE', () => {
    expect(() => decodeBundle(encodeRead(1, []))).toThrow('op must be 4 (BUNDLE), got 2');
  });
});

describe('requests the server must refuse (decoded without a server)', () => {
  it('HELLO: exact length, a valid UTF-8 name of the allowed characters', () => {
    const h = encodeHello(1, 'ab', shape);
    expect(() => decodeRequest(h.subarray(0, 6), undefined)).toThrow(
      'message too short for the name length: 6 bytes, need 7',
    );
    expect(() => decodeRequest(Uint8Array.from([...h, 0]), undefined)).toThrow(
      `HELLO must be ${h.length} bytes, got ${h.length + 1}`,
    );
    const badUtf8 = h.slice();
    badUtf8[7] = 0xff;
    expect(() => decodeRequest(badUtf8, undefined)).toThrow('store name is not valid UTF-8');
    const bom = Uint8Array.from([1, 1, 0, 0, 0, 0, 4, 0xef, 0xbb, 0xbf, 97, ...h.subarray(9)]);
    expect(() => decodeRequest(bom, undefined)).toThrow(/store name must be 1 to 64 characters/);
    expect(() => encodeHello(1, '../x', shape)).toThrow(/store name must be 1 to 64 characters/);
    expect(() => encodeHello(1, 'x'.repeat(65), shape)).toThrow(
      /store name must be 1 to 64 characters/,
    );
  });

  it('WRITE: a negative, fractional or unsafe seq; READ with bytes missing', () => {
    for (const bad of [-1, 1.5, 2 ** 53]) {
      expect(() => encodeWrite(1, bad, [])).toThrow(
        `seq must be an integer in [0, 2^53 - 1], got ${bad}`,
      );
    }
    const r = encodeRead(1, [{ kind: 0, bucket: 1, slot: 1 }]);
    expect(() => scanBatchRequest(r.subarray(0, 9), shape)).toThrow(
      'message too short for the location count: 9 bytes, need 10',
    );
    expect(() => scanBatchRequest(r.subarray(0, 16), shape)).toThrow(
      'message too short for 1 locations: 16 bytes, need 17',
    );
    // A READ may name a location twice (the reply repeats it); a WRITE may not.
    const twice = [
      { kind: 0 as const, bucket: 1, slot: 1 },
      { kind: 0 as const, bucket: 1, slot: 1 },
    ];
    expect(scanBatchRequest(encodeRead(1, twice), shape).payload).toBe(16);
    // Different kinds at the same bucket and slot 0 are different locations.
    const w = encodeWrite(1, 1, [
      { kind: 0, bucket: 2, slot: 0, data: new Uint8Array(8) },
      { kind: 1, bucket: 2, slot: 0, data: new Uint8Array(5) },
      { kind: 2, bucket: 2, slot: 0, data: new Uint8Array(5) },
    ]);
    expect(scanBatchRequest(w, shape).count).toBe(3);
  });
});

describe('edges the checks must hold at (each found by a surviving mutant)', () => {
  it('a store name: a string of 1 to 64 allowed characters, 64 included', () => {
    expect(checkStoreName('x'.repeat(64))).toBe('x'.repeat(64));
    expect(() => checkStoreName('x'.repeat(65))).toThrow(/1 to 64 characters/);
    expect(() => checkStoreName('')).toThrow(/1 to 64 characters/);
    // A number would pass the character pattern once made a string: refused as not a string.
    expect(() => checkStoreName(123)).toThrow(/1 to 64 characters of \[A-Za-z0-9_-\], got "123"/);
  });

  it('peekRequest reads the op and id of a request that is just its 6-byte header', () => {
    expect(peekRequest(Uint8Array.of(1, 3, 9, 0, 0, 0))).toEqual({ op: OP_WRITE, id: 9 });
  });

  it('a READ claiming exactly the most locations is checked for its length, not its count', () => {
    const head = Uint8Array.from([1, 2, ...u32(1), ...u32(2 ** 20)]);
    expect(() => scanBatchRequest(head, shape)).toThrow(
      'message too short for 1048576 locations: 10 bytes, need 7340042',
    );
  });

  it('a WRITE naming one location twice is refused wherever the two are, and names the second', () => {
    const e = (kind: 0 | 1 | 2, bucket: number, slot: number): BatchEntry => ({
      kind,
      bucket,
      slot,
      data: new Uint8Array(kind === 0 ? 8 : 5),
    });
    // Not next to each other in the message nor in any one key order.
    const w = encodeWrite(1, 1, [e(0, 3, 2), e(0, 1, 0), e(1, 7, 0), e(0, 1, 0), e(0, 0, 1)]);
    expect(() => scanBatchRequest(w, shape)).toThrow(
      'location 3 (0:1:0) appears twice in one batch',
    );
  });

  it('distinct locations are never taken for one another (the key of a location is unique)', () => {
    // In a shape whose bucket count is a multiple of the slots per bucket, slot (1, 0) and the
    // metadata of bucket 0 (keys 4 and 16 + 0) stay apart.
    const even = { bucketCount: 16, slotsPerBucket: 4, slotBytes: 8, metaBytes: 5 };
    const b = encodeWrite(1, 1, [
      { kind: 0, bucket: 1, slot: 0, data: new Uint8Array(8) },
      { kind: 1, bucket: 0, slot: 0, data: new Uint8Array(5) },
      { kind: 1, bucket: 4, slot: 0, data: new Uint8Array(5) },
    ]);
    expect(scanBatchRequest(b, even).count).toBe(3);
  });

  it('encodeReadOf writes several extra locations one after another', () => {
    const batch = createIoBatch(1, 8);
    const extra = { kinds: [0, 1, 2], buckets: [9, 4, 5], slots: [3, 0, 0] };
    expect([...encodeReadOf(2, batch, undefined, 0, extra)]).toEqual([
      ...encodeRead(2, [
        { kind: 0, bucket: 9, slot: 3 },
        { kind: 1, bucket: 4, slot: 0 },
        { kind: 2, bucket: 5, slot: 0 },
      ]),
    ]);
  });
});

// The eviction planned ahead (planEvictionAhead, takePlannedBucket in src/ringOram.ts) against
// a storage whose `peek` lies with stale copies: EvictPath's slot reads are planned from the
// peeked metadata, and the plan must be checked against the metadata EvictPath then loads. A
// stale copy that still opens (integrity 'none' binds a metadata block to its bucket, not to
// its version) is the strongest lie a server can tell here. The property, over random
// staleness: every value read is the last one written (a Map model), and the only error is
// the IntegrityError of that check, raised before EvictPath acts on the plan, after which the
// ORAM is closed. Without the check's comparison that each live real is planned as a real, a
// stale plan leaves a real behind and the error comes later, from somewhere else ("stale or
// impossible entry"): this test fails (tried by hand on 3 December 2026). Dropping only its
// other comparisons (nothing but a valid dummy planned as a dummy; as many reals, and
// min(Z - reals, valid dummies) dummies) is not seen: with these lies the first one fails
// first. Not in the mutation-testing set (vitest.mutation.config.ts), whose run time was
// measured without it.
import { createRng } from '@paperlab/stats';
import { describe, expect, it } from 'vitest';
import { createAsyncRingOram, IntegrityError, OramFailedError } from '../src/index.ts';
import { hintingStorage } from './support/hintingStorage.ts';

const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

describe('a peek that serves stale metadata', () => {
  it('never yields a wrong value: the plan check fails closed, or the plan was right', async () => {
    const opts = { capacity: 64, blockSize: 16, Z: 2, S: 3, A: 3, integrity: 'none' } as const;
    let caught = 0;
    let lies = 0;
    for (let trial = 0; trial < 24; trial++) {
      const lying = createRng(`stale-peek ${trial}`);
      // Every version of each bucket's metadata peeked so far; a lie serves an older one.
      const versions = new Map<number, Uint8Array[]>();
      const { storage } = hintingStorage(opts, true, (b, bytes) => {
        const seen = versions.get(b) ?? [];
        if (!seen.some((v) => equal(v, bytes))) seen.push(bytes.slice());
        versions.set(b, seen);
        if (seen.length > 1 && lying.next() < 0.05) {
          bytes.set(seen[lying.int(0, seen.length - 2)]!);
          lies++;
        }
      });
      const oram = await createAsyncRingOram({ ...opts, storage, rng: createRng(`oram ${trial}`) });
      const ops = createRng(`stale-peek ops ${trial}`);
      const model = new Map<number, number>();
      let error: unknown;
      for (let i = 0; i < 150 && error === undefined; i++) {
        const written = [...model.keys()];
        const read = written.length > 0 && ops.next() < 0.5;
        const a = read ? written[ops.int(0, written.length - 1)]! : ops.int(0, 63);
        try {
          if (read) expect((await oram.read(a))[0]).toBe(model.get(a));
          else {
            await oram.write(a, new Uint8Array(16).fill(i & 255));
            model.set(a, i & 255);
          }
        } catch (e) {
          error = e;
        }
      }
      // A trial that ran to the end had each of its values checked against the model above.
      if (error === undefined) continue;
      // Not an assertion failure from the read above, nor any other error.
      expect(error).toBeInstanceOf(IntegrityError);
      expect(String(error)).toMatch(/eviction metadata differs/);
      await expect(oram.read(0)).rejects.toBeInstanceOf(OramFailedError);
      caught++;
    }
    expect(lies).toBeGreaterThan(0);
    expect(caught).toBeGreaterThan(0);
  });
});

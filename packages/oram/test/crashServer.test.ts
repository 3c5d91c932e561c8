// Crash consistency of `paperlab-oram serve` itself: the server process is killed with SIGKILL
// while a client streams batches; after each restart on the same DIR the store must be at the
// last acknowledged batch or the one in flight, and every location must hold what the last
// applied batch that wrote it wrote (a reference Map kept by this test).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRemoteStorage, type WebSocketConstructor } from '../src/remote/remoteStorage.ts';
import type { BatchEntry, Location } from '../src/remote/writeBatch.ts';
import { childBundle, killChildren, live } from './support/crashCampaign.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
const shape = { bucketCount: 31, slotsPerBucket: 4, slotBytes: 8, metaBytes: 8 };
const kills = process.env.ORAM_LONG === '1' ? 60 : 16;
afterAll(killChildren);

// A checkpoint (dirty locations into tree.bin, then the journal emptied) every few batches:
// a journal record is 44 bytes of header plus an 18-byte WRITE header and 15 bytes per
// location (1 to 12 per batch here), so about every third batch, and kills land before,
// inside and after checkpoints.
const CHECKPOINT_BYTES = 400;

function startServer(bundle: string, dir: string, fsync: boolean) {
  const child = spawn(process.execPath, [bundle], {
    env: {
      ...process.env,
      SERVER_CONFIG: JSON.stringify({ dir, fsync, checkpointBytes: CHECKPOINT_BYTES }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  live.add(child);
  const exited = new Promise<void>((r) =>
    child.on('exit', () => {
      live.delete(child);
      r();
    }),
  );
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (\S+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error('server exited before it was ready')));
  });
  return { child, url, exited };
}

it(`SIGKILL of the server at random instants, ${kills} kills: batches are all or nothing and acknowledged ones stay`, {
  timeout: 300_000,
}, async () => {
  const bundle = await childBundle('serverChild.ts');
  const dir = mkdtempSync(join(tmpdir(), 'oram-server-crash-'));
  const rng = createRng('server-crash');
  const all: Location[] = [];
  for (let b = 0; b < shape.bucketCount; b++) {
    all.push({ kind: 1, bucket: b, slot: 0 });
    for (let s = 0; s < shape.slotsPerBucket; s++) all.push({ kind: 0, bucket: b, slot: s });
  }
  const key = (l: Location) => `${l.kind}:${l.bucket}:${l.slot}`;
  // value of each location after batch seq, for every seq sent
  const history: Map<string, number>[] = [new Map()];
  let acked = 0;
  let inFlightApplied = 0;
  /** Restarts that found a checkpoint newer than the last one seen, and a journal over it. */
  let newerCheckpoints = 0;
  let replayedOverCheckpoint = 0;
  let lastCheckpoint = 0;
  const storeDir = join(dir, 'crash');
  try {
    for (let k = 0; k < kills; k++) {
      if (k > 0) {
        // What the killed server left: the seq of its last checkpoint in tree.bin's header
        // (a float64 at byte 32), and the journal written since.
        const head = readFileSync(join(storeDir, 'tree.bin')).subarray(0, 64);
        const checkpointSeq = new DataView(head.buffer, head.byteOffset, 64).getFloat64(32, true);
        if (checkpointSeq > lastCheckpoint) newerCheckpoints++;
        lastCheckpoint = checkpointSeq;
        if (checkpointSeq > 0 && statSync(join(storeDir, 'journal.bin')).size > 0)
          replayedOverCheckpoint++;
      }
      const srv = startServer(bundle, dir, k % 2 === 0);
      const store = await createRemoteStorage({
        url: await srv.url,
        name: 'crash',
        shape,
        WebSocket: WS,
      });
      // The store is at the last acknowledged batch, or at the one in flight at the kill.
      expect([acked, acked + 1]).toContain(store.appliedSeq);
      if (store.appliedSeq === acked + 1) inFlightApplied++;
      // Batches sent but never acknowledged past appliedSeq are gone: forget them.
      history.length = store.appliedSeq + 1;
      acked = store.appliedSeq;
      const want = history[acked]!;
      const got = await store.readLocations(all);
      for (let i = 0; i < all.length; i++) {
        const v = new DataView(got[i]!.buffer, got[i]!.byteOffset, 8).getFloat64(0, true);
        expect(v, `kill ${k}, location ${key(all[i]!)}`).toBe(want.get(key(all[i]!)) ?? 0);
      }
      // Stream batches until the kill, at a random instant.
      const killAt = rng.int(0, 60);
      setTimeout(() => srv.child.kill('SIGKILL'), killAt);
      try {
        for (;;) {
          const seq = acked + 1;
          const n = rng.int(1, 12);
          const picked = new Map<string, BatchEntry>();
          while (picked.size < n) {
            const l = all[rng.int(0, all.length - 1)]!;
            const data = new Uint8Array(8);
            new DataView(data.buffer).setFloat64(0, seq * 1000 + picked.size + 1, true);
            picked.set(key(l), { ...l, data });
          }
          const next = new Map(history[acked]!);
          for (const [k2, e] of picked)
            next.set(k2, new DataView(e.data.buffer).getFloat64(0, true));
          history[seq] = next;
          await store.apply({ seq, entries: [...picked.values()] });
          acked = seq;
        }
      } catch {
        // the connection died with the server
      }
      await srv.exited;
      await store.close();
    }
  } finally {
    killChildren();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${kills} server kills, ${acked} batches acknowledged in all, ${inFlightApplied} kills found the batch in flight applied, ${newerCheckpoints} found a newer checkpoint, ${replayedOverCheckpoint} replayed a journal over a checkpoint`,
  );
  expect(acked).toBeGreaterThan(kills);
  // The kills did reach checkpoints, and reopening replayed journals written after them.
  expect(newerCheckpoints).toBeGreaterThan(0);
  expect(replayedOverCheckpoint).toBeGreaterThan(0);
});

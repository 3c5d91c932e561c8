// What the untrusted store sees, recorded at the store's own interface: every batch of
// locations the durable ORAM reads, and every commit it writes. Locations served from the
// client's epoch overlay never reach the store and so never appear here.
import type { BatchStore, Location, WriteBatch } from '@paperlab/oram';

/** One request as the store sees it. */
export interface StoreEvent {
  /** Request number since the page opened the store. */
  n: number;
  op: 'read' | 'write';
  /** [kind, bucket, slot]: kind 0 slot, 1 metadata, 2 metadata mirror. */
  locations: [number, number, number][];
  bytes: number;
  /** The commit number of a write. */
  seq?: number;
}

const KEEP = 400;

export interface TracedStore extends BatchStore {
  readonly events: StoreEvent[];
  readonly requests: number;
}

/** Wraps a BatchStore (here IndexedDB) so each request is logged before it is forwarded. */
export function tracedStore(inner: BatchStore): TracedStore {
  const events: StoreEvent[] = [];
  let requests = 0;
  const log = (e: Omit<StoreEvent, 'n'>): void => {
    events.push({ n: ++requests, ...e });
    if (events.length > KEEP) events.splice(0, events.length - KEEP);
  };
  const triple = (l: Location): [number, number, number] => [l.kind, l.bucket, l.slot];
  return {
    get shape() {
      return inner.shape;
    },
    get appliedSeq() {
      return inner.appliedSeq;
    },
    get keepsClientRecord() {
      return inner.keepsClientRecord;
    },
    get events() {
      return events;
    },
    get requests() {
      return requests;
    },
    async readLocations(locations: readonly Location[]) {
      const got = await inner.readLocations(locations);
      let bytes = 0;
      for (const g of got) bytes += g.length;
      log({ op: 'read', locations: locations.map(triple), bytes });
      return got;
    },
    async apply(batch: WriteBatch, record?: Uint8Array) {
      await inner.apply(batch, record);
      let bytes = record?.length ?? 0;
      for (const e of batch.entries) bytes += e.data.length;
      log({ op: 'write', locations: batch.entries.map(triple), bytes, seq: batch.seq });
    },
    loadClientRecord: inner.loadClientRecord?.bind(inner),
    close: () => inner.close(),
  };
}

/**
 * Where a durable ORAM keeps its redo record (redoRecord.ts). `save` must be atomic and
 * durable before it resolves: after a crash, `load` returns either the previous record or the
 * new one, whole. Node: createFileJournal (@paperlab/oram/node; fsync + atomic rename). The
 * IndexedDB store keeps the record itself, in the transaction that applies the batch.
 */
export interface ClientJournal {
  load(): Promise<Uint8Array | undefined>;
  save(record: Uint8Array): Promise<void>;
}

/**
 * A journal in memory: survives nothing. For a store whose client never restarts (tests,
 * benchmarks) or that only needs the store itself to be consistent.
 */
export function createMemoryJournal(): ClientJournal {
  let record: Uint8Array | undefined;
  return {
    async load() {
      return record?.slice();
    },
    async save(r: Uint8Array) {
      record = r.slice();
    },
  };
}

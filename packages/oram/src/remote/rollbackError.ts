/**
 * The store and the client's own durable record disagree about how far the store has got: the
 * store went back in time (a server restored from an older copy of its directory, or one that
 * serves an old copy on purpose), or the client's record is older than the store (the record
 * was lost or restored, or another client wrote to the store). The ORAM is not opened.
 */
export class RollbackError extends Error {
  /** seq of the last batch the client committed. */
  readonly clientSeq: number;
  /** seq of the last batch the store says it applied. */
  readonly storeSeq: number;
  constructor(clientSeq: number, storeSeq: number, message: string) {
    super(message);
    this.name = 'RollbackError';
    this.clientSeq = clientSeq;
    this.storeSeq = storeSeq;
  }
}

/**
 * Raised when a block the client wrote is neither on its path nor in the stash: the untrusted
 * memory lost it or returned an older version of the bucket that held it. Under integrity
 * 'none' (and in Path ORAM) there is no freshness tree, so a replay is noticed only here, when
 * the data is already unrecoverable; 'rit' or 'rit+must' would name the replayed bucket instead.
 */
export class DataLossError extends Error {
  readonly addr: number;
  readonly leaf: number;
  constructor(addr: number, leaf: number) {
    super(
      `block ${addr} is unrecoverable: it is neither on its path (leaf ${leaf}) nor in the stash, so the untrusted memory lost it or replayed an older bucket`,
    );
    this.name = 'DataLossError';
    this.addr = addr;
    this.leaf = leaf;
  }
}

/**
 * Raised by every call on an ORAM after one of its accesses failed (IntegrityError,
 * DataLossError, ChannelFailedError, …). An access that throws may already have remapped the
 * block's leaf, moved blocks to the stash or rewritten part of a path, so the client state no
 * longer matches memory: the ORAM fails closed rather than risk returning wrong data or
 * reusing state. `cause` is the first failure. Reopen from an earlier `exportState()` over
 * repaired storage to continue.
 */
export class OramFailedError extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `this ORAM detected tampering or data loss (${what}) and refuses further access; reopen it from an earlier exportState() over repaired storage`,
    );
    this.name = 'OramFailedError';
    this.cause = cause;
  }
}

/**
 * Remembers an ORAM's first failed access. `check()` before every call throws
 * OramFailedError once `trip` has recorded a failure.
 */
export class FailureLatch {
  private failure: unknown;
  private failed = false;

  check(): void {
    if (this.failed) throw new OramFailedError(this.failure);
  }

  /** Records `e` as the first failure (if none yet) and rethrows it. */
  trip(e: unknown): never {
    if (!this.failed) {
      this.failed = true;
      this.failure = e;
    }
    throw e;
  }
}

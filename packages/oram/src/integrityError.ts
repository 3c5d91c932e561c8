/**
 * Raised when what the untrusted memory returned does not authenticate: a flipped bit, a
 * replayed older version, or a ciphertext moved to another place. Names where it was found;
 * the ORAM never returns data that failed this check.
 */
export class IntegrityError extends Error {
  readonly bucket: number;
  readonly slot: number | 'meta';
  constructor(bucket: number, slot: number | 'meta', reason: string) {
    super(`integrity check failed at bucket ${bucket}, slot ${slot}: ${reason}`);
    this.name = 'IntegrityError';
    this.bucket = bucket;
    this.slot = slot;
  }
}

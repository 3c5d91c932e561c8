/** Raised when state or storage is opened with a key other than the one that created it. */
export class WrongKeyError extends Error {
  constructor(what: string) {
    super(`wrong key: ${what} was created with a different key`);
    this.name = 'WrongKeyError';
  }
}

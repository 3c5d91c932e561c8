import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Oram } from './oram.js';

/** Writes oram.exportState() to path atomically (temp file + rename). */
export function writeStateFile(path: string, oram: Oram): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, oram.exportState());
  renameSync(tmp, path);
}

/** Reads a state written by writeStateFile, for the `state` option. */
export function readStateFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

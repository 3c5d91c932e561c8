import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { checkOptionNames, type OptionNames } from '@paperlab/stats';
import { checkBooleanOption } from '../checkOptions.js';
import type { ClientJournal } from '../remote/clientJournal.js';

export interface FileJournalOptions {
  /** fsync the record and its directory (default true); see FileBatchStoreOptions.fsync. */
  fsync?: boolean;
}

/**
 * The client's redo record in a file: written to `<path>.tmp`, fsynced, renamed over `path`
 * (atomic), then the directory fsynced, so a crash leaves the old record or the new one, whole
 * (the commit protocol of SQLite's rollback journal, sqlite.org/atomiccommit.html).
 */
export function createFileJournal(path: string, options: FileJournalOptions = {}): ClientJournal {
  if (typeof path !== 'string' || path.length === 0)
    throw new TypeError('path must be a non-empty string');
  checkOptionNames('createFileJournal', options, {
    fsync: true,
  } satisfies OptionNames<FileJournalOptions>);
  const sync = checkBooleanOption('fsync', options.fsync, true);
  const tmp = `${path}.tmp`;
  const dir = dirname(path);
  return {
    async load() {
      // A .tmp is a record whose save never finished: the previous record is the valid one.
      rmSync(tmp, { force: true });
      return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
    },
    async save(record: Uint8Array) {
      const fd = openSync(tmp, 'w');
      try {
        let at = 0;
        while (at < record.length) at += writeSync(fd, record, at, record.length - at);
        if (sync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      if (sync) {
        const d = openSync(dir, 'r');
        try {
          fsyncSync(d);
        } finally {
          closeSync(d);
        }
      }
    },
  };
}

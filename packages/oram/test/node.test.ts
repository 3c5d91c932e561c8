import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@paperlab/stats';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../src/cli/program.ts';
import {
  createFileStorage,
  createRingOram,
  readStateFile,
  WrongKeyError,
  writeStateFile,
} from '../src/node.ts';

const dir = mkdtempSync(join(tmpdir(), 'oram-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file storage + state file', () => {
  it('survives close and reopen; a wrong key or shape fails clearly', () => {
    const key = new Uint8Array(32).fill(3);
    const probe = createRingOram({
      capacity: 30,
      blockSize: 16,
      key,
      integrity: 'rit',
      encrypt: true,
      rng: createRng(0),
    });
    const shape = {
      bucketCount: probe.bucketCount,
      slotsPerBucket: 9,
      slotBytes: probe.slotBytes,
      metaBytes: probe.metaBytes,
    };
    const file = join(dir, 'tree.bin');
    const storage = createFileStorage(file, shape, { create: true });
    const a = createRingOram({
      capacity: 30,
      blockSize: 16,
      key,
      integrity: 'rit',
      storage,
      rng: createRng(1),
    });
    for (let i = 0; i < 30; i++) a.write(i, new Uint8Array(16).fill(i + 1));
    writeStateFile(join(dir, 'state.bin'), a);
    storage.close?.();
    expect(() => storage.readSlot(0, 0, new Uint8Array(shape.slotBytes))).toThrow(/closed/);

    const reopened = createFileStorage(file, shape);
    const state = readStateFile(join(dir, 'state.bin'));
    const b = createRingOram({
      capacity: 30,
      blockSize: 16,
      key,
      integrity: 'rit',
      storage: reopened,
      state,
      rng: createRng(2),
    });
    for (let i = 0; i < 30; i++) expect(b.read(i)[0]).toBe(i + 1);
    b.audit();
    expect(() =>
      createRingOram({
        capacity: 30,
        blockSize: 16,
        key: new Uint8Array(32),
        integrity: 'rit',
        storage: reopened,
        state,
      }),
    ).toThrow(WrongKeyError);
    reopened.close?.();
    expect(() => createFileStorage(file, { ...shape, slotBytes: shape.slotBytes + 1 })).toThrow(
      /storage file slotBytes is \d+, but these options need \d+/,
    );
    expect(() => createFileStorage(join(dir, 'missing.bin'), shape)).toThrow(/does not exist/);
  });
});

describe('paperlab-oram CLI', () => {
  function run(args: string[]): string {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      lines.push(a.map(String).join(' '));
    });
    try {
      buildProgram()
        .exitOverride()
        .parse(['node', 'paperlab-oram', ...args]);
    } finally {
      spy.mockRestore();
    }
    return lines.join('\n');
  }
  it('demo prints logical accesses beside the physical trace', () => {
    const out = run(['demo', '--accesses', '4']);
    expect(out.split('\n')).toHaveLength(5);
    expect(out).toMatch(/\| read b0:s\d b[12]:s\d/);
  });
  it('bandwidth prints measured equal to formula', () => {
    const out = run(['bandwidth', '--capacity', '256', '--accesses', '300']);
    for (const line of out.split('\n').filter((l) => /^\| (Path|Ring)/.test(l))) {
      const cells = line.split('|').map((c) => c.trim());
      expect(cells[4]).toBe(cells[5]);
    }
  });
});

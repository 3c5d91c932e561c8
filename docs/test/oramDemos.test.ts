// The tamper and fault demos' state machines (src/components/oram/tamperLab.ts, faultRig.ts),
// driven without a DOM. The references are outside the demo code: the place the test itself
// tampered with, what each integrity design can and cannot see (encryption alone cannot tell
// a replayed old ciphertext from a fresh one; a Merkle tree over whole buckets names the
// bucket, not the slot), ECP-6's reach of six stuck cells per 512-bit line (Schechter et al.,
// ISCA 2010), and the library's own FaultyStorage statistics.
import type { IntegrityMode } from '@paperlab/oram';
import { describe, expect, it } from 'vitest';
import {
  checkedRead,
  createRig,
  ECP_ENTRIES,
  FAULT_CAPACITY,
  flipBits,
  killChannel,
  readAll as readAllFaults,
  stickCells,
  workload,
} from '../src/components/oram/faultRig';
import {
  type Attack,
  audit,
  blockFor,
  createLab,
  readAll,
  TAMPER_CAPACITY,
  tamper,
} from '../src/components/oram/tamperLab';

const modes: IntegrityMode[] = ['none', 'merkle', 'rit', 'rit+must'];

describe('tamper demo', () => {
  it('sets up 16 blocks written twice; untouched memory reads back and audits clean', () => {
    for (const mode of modes) {
      const lab = createLab(mode, 'tamper');
      expect(lab.model.size).toBe(TAMPER_CAPACITY);
      expect(new TextDecoder().decode(lab.model.get(3))).toBe('block 3 v2......');
      expect(lab.model.get(3)).toEqual(blockFor(3, 2));
      expect(readAll(lab).outcome.kind, mode).toBe('clean');
      expect(audit(lab).outcome, mode).toEqual({
        kind: 'clean',
        text: 'audit: every metadata block and slot verifies',
      });
    }
  });

  // What the audit concludes after each attack on bucket 5 (slot 2 for the slot flip), by design:
  // RIT names the exact place; Merkle over whole buckets detects a slot flip but can only name
  // the bucket; with encryption alone a replay of validly sealed old bytes passes.
  const auditExpected: Record<IntegrityMode, Record<Attack, string>> = {
    'rit+must': {
      replay: 'detected 5/meta',
      'flip-meta': 'detected 5/meta',
      'flip-slot': 'detected 5/2',
    },
    rit: { replay: 'detected 5/meta', 'flip-meta': 'detected 5/meta', 'flip-slot': 'detected 5/2' },
    merkle: {
      replay: 'detected 5/meta',
      'flip-meta': 'detected 5/meta',
      'flip-slot': 'detected 5/meta',
    },
    none: { replay: 'clean', 'flip-meta': 'detected 5/meta', 'flip-slot': 'detected 5/2' },
  };
  for (const mode of modes) {
    for (const attack of ['replay', 'flip-meta', 'flip-slot'] as const) {
      it(`${mode}, ${attack} of bucket 5: the audit says ${auditExpected[mode][attack]}`, () => {
        const lab = createLab(mode, 'tamper');
        const { at } = tamper(lab, attack, 5, 2);
        expect(at).toEqual({ bucket: 5, slot: attack === 'flip-slot' ? 2 : 'meta' });
        const { outcome, line } = audit(lab);
        const got =
          outcome.kind === 'detected'
            ? `detected ${outcome.at.bucket}/${outcome.at.slot}`
            : outcome.kind;
        expect(got).toBe(auditExpected[mode][attack]);
        if (outcome.kind === 'detected') {
          expect(outcome.text).toMatch(/^IntegrityError: .*bucket 5, slot /);
          expect(line).toBe(
            `client: audit: IntegrityError at bucket ${outcome.at.bucket}, slot ${outcome.at.slot}`,
          );
        }
      });
    }
  }

  it('reading every block: a replay is caught by the trees, never silently wrong without one', () => {
    for (const mode of ['rit+must', 'rit', 'merkle'] as const) {
      const lab = createLab(mode, 'tamper');
      tamper(lab, 'replay', 5, 0);
      const { outcome } = readAll(lab);
      expect(outcome.kind, mode).toBe('detected');
      if (outcome.kind === 'detected') expect(outcome.at.bucket).toBe(5);
    }
    // Encryption only: the old bytes decrypt fine, and the client ends up with a block it
    // cannot find; the library says so rather than returning wrong data.
    const lab = createLab('none', 'tamper');
    tamper(lab, 'replay', 5, 0);
    const { outcome } = readAll(lab);
    expect(outcome.kind).not.toBe('clean');
    expect(outcome.kind).not.toBe('detected');
    expect(outcome.text).toMatch(/^\w+Error: /);
  });

  it('the audit names the flipped slot by bucket and slot (as the browser suite does)', () => {
    const lab = createLab('rit+must', 'tamper');
    tamper(lab, 'flip-slot', 3, 2);
    const { outcome } = audit(lab);
    expect(outcome.kind === 'detected' && outcome.at).toEqual({ bucket: 3, slot: 2 });
    expect(outcome.text).toContain('bucket 3, slot 2');
  });

  it('rejects a place outside the tree and leaves memory untouched', () => {
    const lab = createLab('rit+must', 'tamper');
    const buckets = lab.oram.bucketCount;
    expect(() => tamper(lab, 'replay', buckets, 0)).toThrow(
      `bucket must be an integer in [0, ${buckets - 1}], got ${buckets}`,
    );
    expect(() => tamper(lab, 'flip-slot', 0, -1)).toThrow(RangeError);
    expect(audit(lab).outcome.kind).toBe('clean');
  });
});

describe('fault demo', () => {
  const counts = (rig: ReturnType<typeof createRig>) => ({
    correct: rig.tally.correct,
    refused: rig.tally.refused,
    wrong: rig.tally.silentlyWrong,
  });

  it('a dead channel under Secure Replication: every block reads back, recovered from copies', () => {
    const rig = createRig(true, 'faults');
    expect(killChannel(rig, 1)).toBe(
      'channel 1 killed: every slot and metadata copy on it is gone',
    );
    expect(readAllFaults(rig)).toBe('read every block: 16 correct, 0 refused, 0 silently wrong');
    expect(counts(rig)).toEqual({ correct: FAULT_CAPACITY, refused: 0, wrong: 0 });
    const s = rig.storage.stats;
    expect(s.channelsKilled).toBe(1);
    expect(s.channelFailedAccesses).toBeGreaterThan(0);
    expect(rig.oram.counters.replicaRecoveries).toBeGreaterThan(0);
    expect(rig.oram.counters.mirrorRecoveries).toBeGreaterThan(0);
    // The page draws a location black when its channel is dead: the library's own mapping.
    expect(rig.storage.isChannelAlive(1)).toBe(false);
    expect(rig.storage.isChannelAlive(0)).toBe(true);
  });

  it('a dead channel without replication is refused with an error, never silently wrong', () => {
    const rig = createRig(false, 'faults');
    killChannel(rig, 0);
    expect(readAllFaults(rig)).toBe('read every block: 0 correct, 1 refused, 0 silently wrong');
    expect(rig.tally.lastError).toMatch(/^ChannelFailedError: memory channel 0 failed/);
    // Reading stops at the first refusal; a second try is refused again.
    expect(checkedRead(rig, 0)).toBe(false);
    expect(counts(rig)).toEqual({ correct: 0, refused: 2, wrong: 0 });
  });

  it(`stuck cells within ECP-${ECP_ENTRIES}'s reach are all patched, none uncorrectable`, () => {
    const rig = createRig(true, 'faults');
    const { injected, line } = stickCells(rig, ECP_ENTRIES, 8);
    expect(injected).toBe(ECP_ENTRIES * 8);
    expect(line).toBe('48 cells stuck (6 in each of 8 random lines)');
    expect(rig.storage.stats.stuckCells).toBe(injected);
    workload(rig, 100);
    readAllFaults(rig);
    const s = rig.storage.stats;
    expect(s.ecpCorrectedReads).toBeGreaterThan(0);
    expect(s.ecpEntriesAllocated).toBeLessThanOrEqual(injected);
    expect(s.uncorrectableWrites).toBe(0);
    expect(counts(rig).wrong).toBe(0);
    expect(counts(rig).refused).toBe(0);
  });

  it('one stuck cell too many per line: ECP runs out, the ORAM recovers from copies', () => {
    const rig = createRig(true, 'faults');
    stickCells(rig, ECP_ENTRIES + 1, 8);
    workload(rig, 100);
    readAllFaults(rig);
    const s = rig.storage.stats;
    // At most ECP_ENTRIES entries per line, whatever the number of stuck cells.
    expect(s.ecpEntriesAllocated).toBeLessThanOrEqual(ECP_ENTRIES * 8);
    expect(s.uncorrectableWrites).toBeGreaterThan(0);
    expect(counts(rig).wrong).toBe(0);
    expect(counts(rig).refused).toBe(0);
  });

  it('the workload log line adds up to the tally, and transient flips are counted', () => {
    const rig = createRig(true, 'faults');
    expect(flipBits(rig, 8)).toBe('8 random stored bits flipped (transient faults)');
    expect(rig.storage.stats.transientFlips).toBe(8);
    const line = workload(rig, 100);
    const m =
      /^(\d+) random accesses \(half writes\): (\d+) reads correct, (\d+) refused, (\d+) silently wrong$/.exec(
        line,
      );
    expect(m, line).not.toBeNull();
    expect(Number(m![1])).toBe(100);
    expect([Number(m![2]), Number(m![3]), Number(m![4])]).toEqual([
      rig.tally.correct,
      rig.tally.refused,
      rig.tally.silentlyWrong,
    ]);
    expect(rig.tally.silentlyWrong).toBe(0);
  });
});

describe("tamper demo: MUST's on-chip subtree, as drawn", () => {
  // The set the page draws is followed from the trace; the reference is the library itself,
  // attacked: a metadata block MUST holds on chip is never read back from memory before the
  // fold overwrites it (audit() folds first), so flipping its stored copy goes unnoticed, while
  // a flip anywhere else fails the audit at exactly that bucket.
  const flipAndAudit = (b: number) => {
    const lab = createLab('rit+must', 'tamper');
    tamper(lab, 'flip-meta', b, 0);
    return audit(lab).outcome;
  };

  it('a flip is caught by the audit exactly where the drawing shows no on-chip copy', () => {
    const held = [...createLab('rit+must', 'tamper').onChip()].sort((x, y) => x - y);
    // The root is on every path, so after any access it is held (the demo's text says so).
    expect(held).toContain(0);
    expect(held.length).toBeLessThan(15);
    for (let b = 0; b < 15; b++) {
      const o = flipAndAudit(b);
      if (held.includes(b)) expect(o.kind, `bucket ${b} is held on chip`).toBe('clean');
      else {
        expect(o.kind, `bucket ${b} is not held`).toBe('detected');
        if (o.kind === 'detected') expect(o.at).toEqual({ bucket: b, slot: 'meta' });
      }
    }
  });

  it('the subtree is closed under parents, empties at each eviction, and is empty without MUST', () => {
    const lab = createLab('rit+must', 'tamper');
    // Default Ring ORAM parameters evict every A accesses; the fold leaves nothing held, and
    // every access in between holds at least its read path's buckets.
    const A = lab.oram.parameters.A;
    expect(A).toBeGreaterThan(1);
    for (let a = 0; a < 9; a++) {
      lab.oram.read(a);
      const held = lab.onChip();
      for (const b of held) if (b > 0) expect(held.has((b - 1) >> 1), `parent of ${b}`).toBe(true);
      const evicted = lab.oram.counters.accesses % A === 0;
      if (evicted) expect(held.size).toBe(0);
      else expect(held.size).toBeGreaterThanOrEqual(lab.oram.levels + 1);
    }
    for (const mode of ['rit', 'merkle', 'none'] as const)
      expect(createLab(mode, 'tamper').onChip().size, mode).toBe(0);
  });
});

describe('demo fields', () => {
  it('an empty field is an error naming it, never 0; integers pass through', async () => {
    const { parseIntegerField } = await import('../src/components/oram/fieldInput');
    for (const empty of ['', '  '])
      expect(() => parseIntegerField('bucket', empty)).toThrow(/^bucket is empty/);
    expect(() => parseIntegerField('slot', '2.5')).toThrow(/slot must be an integer, got "2.5"/);
    expect(parseIntegerField('address', ' 7 ')).toBe(7);
    // Range is the library's business: an out-of-range bucket reaches tamper(), which refuses
    // it and leaves memory as it was.
    const lab = createLab('rit', 'tamper');
    const n = parseIntegerField('bucket', '99');
    expect(() => tamper(lab, 'flip-meta', n, 0)).toThrow(/bucket must be an integer in \[0, 14\]/);
    expect(audit(lab).outcome.kind).toBe('clean');
  });
});

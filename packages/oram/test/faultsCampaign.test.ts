import { describe, expect, it } from 'vitest';
import { runFaultCampaign } from '../src/reliability/faultCampaign.js';

describe('fault campaign on IRO (rit+must, mirrored metadata, Secure Replication, ECP-6)', () => {
  const capacity = 64;
  const result = runFaultCampaign({ seed: 'campaign-test', capacity, accesses: 120, trials: 2 });
  const byName = new Map(result.scenarios.map((s) => [s.scenario, s]));

  it('never returns wrong data silently, whatever the fault', () => {
    for (const s of result.scenarios) expect(s.silentCorruptions, s.scenario).toBe(0);
    expect(result.total.silentCorruptions).toBe(0);
  });

  it('losing any one channel loses no block: every block reads back, from replicas', () => {
    for (const c of [0, 1]) {
      const s = byName.get(`channel ${c} lost`)!;
      expect(s.detectedUnrecoverable, s.messages.join('; ')).toBe(0);
      expect(s.repairedFromReplica).toBeGreaterThan(0);
      // The final read-back alone reads every block once.
      expect(s.readsCorrect).toBeGreaterThanOrEqual(capacity);
    }
  });

  it('up to n stuck cells per line are all corrected by ECP: every read is right', () => {
    const s = byName.get('6 stuck cells per line')!;
    expect(s.faultsInjected).toBeGreaterThan(100);
    expect(s.correctedByEcp).toBeGreaterThan(0);
    expect(s.detectedUnrecoverable, s.messages.join('; ')).toBe(0);
    expect(s.readsCorrect).toBeGreaterThanOrEqual(2 * capacity);
  });

  it('n + 1 stuck cells per line are refused by ECP, caught by the MAC and repaired from a replica', () => {
    const s = byName.get('7 stuck cells per line')!;
    expect(s.faultsInjected).toBeGreaterThan(0);
    expect(s.silentCorruptions).toBe(0);
    expect(s.detectedUnrecoverable, s.messages.join('; ')).toBe(0);
    expect(s.repairedFromReplica).toBeGreaterThan(0);
  });

  it('transient flips (one per bucket) are caught by the MAC and repaired', () => {
    const s = byName.get('transient bit flips')!;
    expect(s.faultsInjected).toBeGreaterThan(0);
    expect(s.detectedUnrecoverable, s.messages.join('; ')).toBe(0);
    expect(s.repairedFromReplica).toBeGreaterThan(0);
  });

  it('without replication a lost channel is detected, never silently wrong', () => {
    const r = runFaultCampaign({
      seed: 'no-replica',
      capacity: 32,
      accesses: 40,
      trials: 1,
      replication: false,
    });
    const lost = r.scenarios.filter((s) => s.scenario.endsWith('lost'));
    expect(lost.some((s) => s.detectedUnrecoverable > 0)).toBe(true);
    for (const s of lost) {
      expect(s.silentCorruptions).toBe(0);
      for (const name of Object.keys(s.errors))
        expect(['ChannelFailedError', 'IntegrityError']).toContain(name);
    }
  });

  it('reports ECP-6 as 61 bits per 512-bit line', () => {
    expect(result.ecpBitsPerLine).toBe(61);
  });

  it('rejects bad options naming the field', () => {
    expect(() => runFaultCampaign({ capacity: 1 })).toThrow(
      'capacity must be an integer in [2, 65536], got 1',
    );
    expect(() => runFaultCampaign({ ecpEntries: 0 })).toThrow(/ecpEntries must be an integer/);
    expect(() => runFaultCampaign({ combined: 'yes' as never })).toThrow(
      'combined must be true or false, got yes',
    );
  });
});

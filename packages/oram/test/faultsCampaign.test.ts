import { describe, expect, it } from 'vitest';
import { runFaultCampaign } from '../src/reliability/faultCampaign.js';

describe('fault campaign on the IRO configuration (rit+must, mirrored metadata, ECP-6)', () => {
  const result = runFaultCampaign({
    seed: 'campaign-test',
    capacity: 64,
    accesses: 120,
    trials: 2,
  });
  const byName = new Map(result.scenarios.map((s) => [s.scenario, s]));

  it('never returns wrong data silently, whatever the fault', () => {
    for (const s of result.scenarios) expect(s.silentCorruptions, s.scenario).toBe(0);
    expect(result.total.silentCorruptions).toBe(0);
  });

  it('up to n stuck cells per line are all corrected by ECP: every read is right', () => {
    const s = byName.get('6 stuck cells per line')!;
    expect(s.faultsInjected).toBeGreaterThan(100);
    expect(s.correctedByEcp).toBeGreaterThan(0);
    expect(s.detectedUnrecoverable).toBe(0);
    // Every trial ran to the end: its reads in the mix plus the full read-back.
    expect(s.readsCorrect).toBeGreaterThanOrEqual(2 * 64);
  });

  it('n + 1 stuck cells per line are detected or repaired, never miscorrected', () => {
    const s = byName.get('7 stuck cells per line')!;
    expect(s.faultsInjected).toBeGreaterThan(0);
    expect(s.silentCorruptions).toBe(0);
    expect(s.detectedUnrecoverable + s.repairedFromReplica).toBeGreaterThan(0);
    for (const name of Object.keys(s.errors)) expect(name).toBe('IntegrityError');
  });

  it('transient flips are caught by the MAC (repaired from the mirror or reported)', () => {
    const s = byName.get('transient bit flips')!;
    expect(s.silentCorruptions).toBe(0);
    for (const name of Object.keys(s.errors)) expect(name).toBe('IntegrityError');
  });

  it('a lost channel never yields wrong data; errors name the failed channel', () => {
    for (const c of [0, 1]) {
      const s = byName.get(`channel ${c} lost`)!;
      expect(s.silentCorruptions).toBe(0);
      for (const name of Object.keys(s.errors)) expect(name).toBe('ChannelFailedError');
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
  });
});

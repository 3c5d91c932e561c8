// Crash consistency of the durable file store (README, "Remote storage and crash
// consistency"): SIGKILL at random instants, every reopen checked against a reference Map.
// `pnpm test` runs 25 kills here and 16 in crashServer.test.ts; `pnpm test:long` (ORAM_LONG=1) runs 240 and 60.
import { afterAll, describe, expect, it } from 'vitest';
import type { IntegrityMode } from '../src/index.ts';
import { killChildren, runCrashCampaign } from './support/crashCampaign.ts';

const long = process.env.ORAM_LONG === '1';
const configs: { oram: 'ring' | 'path'; integrity: IntegrityMode; fsync: boolean }[] = [
  { oram: 'ring', integrity: 'none', fsync: false },
  { oram: 'ring', integrity: 'merkle', fsync: false },
  { oram: 'ring', integrity: 'rit', fsync: false },
  { oram: 'ring', integrity: 'rit+must', fsync: true },
  { oram: 'path', integrity: 'none', fsync: true },
];
const killsEach = long ? 48 : 5;

afterAll(killChildren);

describe('SIGKILL campaign over the durable file store', () => {
  for (const c of configs) {
    it(`${c.oram} ORAM, integrity ${c.integrity}, fsync ${c.fsync}: ${killsEach} kills, contract holds`, {
      timeout: 600_000,
    }, async () => {
      const r = await runCrashCampaign(c, killsEach, `crash/${c.oram}/${c.integrity}`);
      console.log(
        `${c.oram}/${c.integrity}: ${r.kills} kills, ${r.acknowledged} acknowledged writes, in flight at the kill: ${r.inFlightApplied} applied, ${r.inFlightLost} lost`,
      );
      expect(r.violations).toEqual([]);
      expect(r.kills).toBe(killsEach);
      // The campaign must actually have exercised acknowledged writes.
      expect(r.acknowledged).toBeGreaterThan(0);
    });
  }
});

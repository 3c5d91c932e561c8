// A small fault campaign on IRO's configuration (RIT + MUST, mirrored metadata, Secure
// Replication, ECP-6): whatever is injected, no read returns wrong data without an error, and
// within the fault model (one channel, ≤ n stuck cells per line, one flip per bucket) every
// access is served. Its .out is a golden file: a change detector for the campaign's seeded
// run (test/examples.test.ts), not a statistic; the campaign's claims are asserted in
// test/faultsCampaign.test.ts.
import { runFaultCampaign } from '@paperlab/oram';

const result = runFaultCampaign({ seed: 'example', capacity: 32, accesses: 60, trials: 1 });
console.log(
  `ECP-6: ${result.ecpBitsPerLine} bits per 512-bit line, ${result.ecpBitsPerBucket} bits per bucket`,
);
for (const s of result.scenarios) {
  // Both repair paths, counted separately: with n + 1 stuck cells ECP still patches the lines
  // it can (write-verify allocates entries) while the refused lines are served by copies.
  console.log(
    `${s.scenario}: silently wrong ${s.silentCorruptions}, refused ${s.detectedUnrecoverable}, ECP entries ${s.correctedByEcp}, served from replica/mirror ${s.repairedFromReplica}`,
  );
}
try {
  runFaultCampaign({ ecpEntries: 0 });
} catch (error) {
  console.log((error as Error).message);
}

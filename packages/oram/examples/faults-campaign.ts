// A small fault campaign on IRO's configuration (RIT + MUST, mirrored metadata, Secure
// Replication, ECP-6): whatever is injected, no read returns wrong data without an error, and
// within the fault model (one channel, ≤ n stuck cells per line, one flip per bucket) every
// access is served.
import { runFaultCampaign } from '@paperlab/oram';

const result = runFaultCampaign({ seed: 'example', capacity: 32, accesses: 60, trials: 1 });
console.log(
  `ECP-6: ${result.ecpBitsPerLine} bits per 512-bit line, ${result.ecpBitsPerBucket} bits per bucket`,
);
for (const s of result.scenarios) {
  const repaired =
    s.correctedByEcp > 0 ? 'ECP' : s.repairedFromReplica > 0 ? 'replica/mirror' : 'nothing needed';
  console.log(
    `${s.scenario}: silently wrong ${s.silentCorruptions}, refused ${s.detectedUnrecoverable}, repaired by ${repaired}`,
  );
}
try {
  runFaultCampaign({ ecpEntries: 0 });
} catch (error) {
  console.log((error as Error).message);
}

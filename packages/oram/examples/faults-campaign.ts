// A small fault campaign on IRO's configuration (RIT + MUST, mirrored metadata, ECP-6):
// whatever is injected, no read may return wrong data without an error.
import { runFaultCampaign } from '@paperlab/oram';

const result = runFaultCampaign({ seed: 'example', capacity: 32, accesses: 60, trials: 1 });
console.log(
  `ECP-6: ${result.ecpBitsPerLine} bits per 512-bit line, ${result.ecpBitsPerBucket} bits per bucket`,
);
for (const s of result.scenarios) {
  console.log(
    `${s.scenario}: ${s.faultsInjected > 0 ? 'faults injected' : 'no fault'}, silently wrong reads: ${s.silentCorruptions}`,
  );
}
const stuck = result.scenarios.find((s) => s.scenario === '6 stuck cells per line')!;
console.log(
  `6 stuck cells per line: every access served: ${stuck.detectedUnrecoverable === 0}, ECP entries used: ${stuck.correctedByEcp > 0}`,
);
try {
  runFaultCampaign({ ecpEntries: 0 });
} catch (error) {
  console.log((error as Error).message);
}

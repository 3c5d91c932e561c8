// Child process of traceHardening.test.ts: reads each hostile trace file named on the command
// line through the public file reader and prints, as JSON, the error of each and the peak RSS,
// so the test can check that memory stayed bounded (the process, not just the V8 heap).
import { readAzureTrace } from '../../src/node.js';

const errors: string[] = [];
for (const path of process.argv.slice(2)) {
  try {
    await readAzureTrace(path);
    errors.push('accepted');
  } catch (e) {
    errors.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}
// resourceUsage().maxRSS is in KiB.
console.log(JSON.stringify({ errors, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

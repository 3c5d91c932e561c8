// Replaying the Azure Functions 2019 format: per-minute invocation counts per function. The
// builder takes lines (from a file stream in Node, a fetch stream in the browser); here three
// functions over five minutes, written inline. The replay reproduces every count exactly.
import { Azure2019TraceBuilder, simulate } from '@paperlab/serverless-sim';

const csv = `HashOwner,HashApp,HashFunction,Trigger,1,2,3,4,5
o1,app1,resize,http,12,0,3,40,7
o1,app1,thumbs,queue,0,1,0,0,1
o2,app2,report,timer,1,1,1,1,1`;

const builder = new Azure2019TraceBuilder();
for (const line of csv.split('\n')) builder.invocationsLine(line);
const { functions, workload } = builder.build({ spread: 'even' });

const perMinute = functions.map(() => [0, 0, 0, 0, 0]);
const r = simulate(
  { seed: 3, platform: 'keep-alive' },
  {
    functions,
    workload,
    onRecord: (rec) => perMinute[rec.fn]![Math.floor(rec.arrivalMs / 60_000)]!++,
  },
);
functions.forEach((f, i) => {
  console.log(`${f.name.padEnd(12)} ${perMinute[i]!.join(' ')}`);
});
console.log(`${r.invocations} invocations, ${r.startPaths.cold} cold, ${r.startPaths.warm} warm`);

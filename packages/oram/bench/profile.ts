// A CPU profile of one Ring ORAM configuration on a prefilled tree, the bench's workload
// (uniform addresses, a fair coin between read and write), with the prefill left out of the
// profile. Prints the functions with the most self time; writes the whole profile for Chrome
// DevTools. Run in packages/oram:
//   pnpm exec tsx --conditions=@paperlab/source bench/profile.ts --capacity 65536 \
//     --block 4096 --cipher aes --seconds 6 [--tree-top 3] [--out /tmp/oram.cpuprofile]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createBenchWorkload } from '../src/cli/benchWorkload.js';
import { chacha20Poly1305, createRingOram } from '../src/index.js';
import { nodeAes } from '../src/node.js';

const { values: args } = parseArgs({
  options: {
    capacity: { type: 'string', default: '65536' },
    block: { type: 'string', default: '64' },
    cipher: { type: 'string', default: 'aes' },
    seconds: { type: 'string', default: '5' },
    out: { type: 'string' },
    top: { type: 'string', default: '20' },
    'tree-top': { type: 'string', default: '0' },
  },
});
const capacity = Number(args.capacity);
const blockSize = Number(args.block);
const seconds = Number(args.seconds);
const ciphers = { aes: nodeAes, chacha: chacha20Poly1305, off: undefined } as const;
if (!(args.cipher! in ciphers)) throw new RangeError('--cipher must be aes, chacha or off');
const cipher = ciphers[args.cipher as keyof typeof ciphers];
if (!(seconds > 0 && seconds <= 600)) throw new RangeError('--seconds must be in (0, 600]');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const treeTopLevels = Number(args['tree-top']);
const oram = createRingOram({
  capacity,
  blockSize,
  encrypt: cipher !== undefined,
  cipher,
  treeTopLevels,
});
// The bench's own prefill and workload (src/cli/benchWorkload.ts).
const workload = createBenchWorkload(oram, capacity, blockSize);
workload.prefill();
const step = workload.step;
for (let i = 0; i < 300; i++) step();

const session = new Session();
session.connect();
const post = <T>(method: string): Promise<T> =>
  new Promise((resolve, reject) =>
    session.post(method, (e, r) => (e ? reject(e) : resolve(r as T))),
  );
await post('Profiler.enable');
await post('Profiler.start');
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < seconds * 1000) {
  for (let k = 0; k < 10; k++) step();
  n += 10;
}
const rate = n / ((performance.now() - t0) / 1000);
const { profile } = await post<{ profile: Profile }>('Profiler.stop');
if (args.out !== undefined) writeFileSync(args.out, JSON.stringify(profile));

const byId = new Map(profile.nodes.map((x) => [x.id, x]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const f = byId.get(id)!.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}`;
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
console.log(
  `ring 2^${Math.log2(capacity)} x ${blockSize} B, cipher ${args.cipher}, treeTopLevels ${treeTopLevels}: ${rate.toFixed(0)} accesses/s while profiled, ${(oram.counters.macComputations / oram.counters.accesses).toFixed(1)} MACs/access; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`);
}

// The child process of the crash tests: opens the durable ORAM on a directory and does
// accesses until it is killed. Before a write it prints `I addr value` (in flight) and after
// its promise resolved `A addr value` (acknowledged: must survive); `R` lines report reads.
// Output is written with writeSync so a line is in the pipe before the next step runs.
import { writeSync } from 'node:fs';
import { createRng } from '@paperlab/stats';
import {
  CAPACITY,
  type CrashConfig,
  decodeValue,
  encodeValue,
  openCrashOram,
} from './crashWorkload.ts';

const config = JSON.parse(process.env.CRASH_CONFIG ?? '{}') as CrashConfig & {
  seed: string;
  start: number;
};
const say = (line: string) => writeSync(1, `${line}\n`);
const rng = createRng(config.seed);
const oram = await openCrashOram(config);
say('ready');
let counter = config.start;
for (;;) {
  const k = rng.int(1, 3);
  const addrs = new Set<number>();
  while (addrs.size < k) addrs.add(rng.int(0, CAPACITY - 1));
  const ops = [...addrs].map((addr) => {
    if (rng.next() < 0.7) {
      const value = ++counter;
      say(`I ${addr} ${value}`);
      return oram.write(addr, encodeValue(addr, value)).then(() => `A ${addr} ${value}`);
    }
    return oram.read(addr).then((b) => `R ${addr} ${decodeValue(addr, b)}`);
  });
  for (const line of await Promise.all(ops)) say(line);
}

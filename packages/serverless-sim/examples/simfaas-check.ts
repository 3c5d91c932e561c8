// An outside check against SimFaaS (performance.md): its README case is Poisson 0.9 req/s,
// warm service 1.991 s, cold 2.244 s, expiration 600 s; SimFaaS reports P(cold) 0.00133 and
// 7.70 instances on average (1.79 running, 5.90 idle). Here a fifth of its run length.
import { preset, simulate } from '@paperlab/serverless-sim';

const config = preset('simfaas-readme');
config.workload = { kind: 'poisson', ratePerSec: 0.9, durationMs: 2e6 * 1000 };
const r = simulate(config);
const row = (name: string, ours: number, simfaas: number, digits: number) =>
  console.log(
    `${name.padEnd(20)} ${ours.toFixed(digits).padStart(8)}   SimFaaS ${simfaas.toFixed(digits)}`,
  );
console.log(`${r.invocations} requests`);
row('P(cold)', r.coldStartFraction, 0.00133, 5);
row('instances', r.instances.averageLive, 7.7, 2);
row('running', r.instances.averageInSystem, 1.79, 2);
row('idle', r.instances.averageIdle, 5.9, 2);

// One seed, independent named substreams: adding a consumer never shifts the others.
import { createRng } from '@paperlab/stats';

const rng = createRng('paperlab-demo');
const arrivals = rng.fork('arrivals');
const services = rng.fork('services');

const gaps = Array.from({ length: 5 }, () => arrivals.exponential(2).toFixed(4));
console.log('inter-arrival gaps (rate 2/s):', gaps.join(' '));

const latencies = Array.from({ length: 5 }, () =>
  services.lognormalFromMedianP99(120, 900).toFixed(1),
);
console.log('service times (median 120 ms, p99 900 ms):', latencies.join(' '));

const dice = Array.from({ length: 10 }, () => rng.int(1, 6));
console.log('ten dice:', dice.join(' '));

const popular = Array.from({ length: 10 }, () => rng.zipf(100, 1.1));
console.log('zipf(100, 1.1) keys:', popular.join(' '));

console.log('poisson(4):', Array.from({ length: 8 }, () => rng.poisson(4)).join(' '));
console.log('weighted pick:', rng.choice(['cold', 'warm', 'hot'], [1, 3, 6]));

// The arrivals stream is the same no matter what else was drawn or forked before.
const again = createRng('paperlab-demo').fork('arrivals');
console.log('arrivals reproducible:', again.exponential(2).toFixed(4) === gaps[0]);

// 200 000 simulated latencies: exact summary vs the bounded-memory recorder, and a
// time-weighted gauge of instances in use.
import { createGauge, createRecorder, createRng, summarize } from '@paperlab/stats';

const rng = createRng('latencies').fork('service');
const n = 200_000;
const all = new Float64Array(n);
const recorder = createRecorder({ exactCapacity: 10_000, relativeError: 0.01 });
for (let i = 0; i < n; i++) {
  const ms = rng.lognormalFromMedianP99(120, 900);
  all[i] = ms;
  recorder.add(ms);
}

const exact = summarize(all);
const approx = recorder.summary();
const ms = (x: number) => x.toFixed(1).padStart(7);
console.log('            exact   recorder');
for (const key of ['mean', 'p50', 'p90', 'p99', 'p999', 'max'] as const) {
  console.log(`${key.padEnd(8)} ${ms(exact[key])}    ${ms(approx[key])}`);
}
console.log(
  `array: ${(all.byteLength / 1024).toFixed(0)} KiB, recorder: ${(recorder.memoryBytes() / 1024).toFixed(1)} KiB`,
);

// Instances in use over 10 s of simulated time: 2 from t=0, 5 from t=3, one fewer at t=4.
const instances = createGauge(0);
instances.set(0, 2);
instances.add(3, 3);
instances.add(4, -1);
console.log(
  `instances: average ${instances.average(10)}, peak ${instances.peak}, now ${instances.current}`,
);

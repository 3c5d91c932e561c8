// Time one ReadPath by hand-made trace: metadata of three buckets, then one slot of each.
// With IRO-style integrity each slot read is followed by a MAC check on an AES-GCM unit.
import { createTimingModel, type TraceEvent } from '@paperlab/oram';

const shape = { bucketCount: 7, slotsPerBucket: 9, slotBytes: 64, metaBytes: 64 };
const path = [0, 1, 3];
const trace: TraceEvent[] = [
  ...path.map(
    (bucket, level): TraceEvent => ({
      op: 'read',
      bucket,
      slot: 'meta',
      bytes: 64,
      level,
      phase: 'online',
    }),
  ),
  ...path.map(
    (bucket, level): TraceEvent => ({
      op: 'read',
      bucket,
      slot: 2,
      bytes: 64,
      level,
      phase: 'online',
    }),
  ),
];

for (const units of [1, 4]) {
  const model = createTimingModel({
    shape,
    parameters: { channels: 2, treeTopCachedLevels: 0, aesGcm: { units } },
  });
  const plain = model.access(trace);
  model.reset();
  const checked = model.access(trace, { onlineMacs: 3 });
  console.log(
    `${units} AES-GCM unit(s): block ready after ${plain.onlineDone.toFixed(1)} cycles without MACs, ${checked.onlineDone.toFixed(1)} with MAC checks`,
  );
}
const bad = createTimingModel({ shape });
try {
  bad.access(trace, { onlineMacs: -1 });
} catch (error) {
  console.log((error as Error).message);
}

// A small run of the IRO reproduction: the real Ring ORAM's traces (no integrity, a Merkle
// tree over buckets, and IRO) through the DDR4 + AES-GCM timing model. The CLI command
// `paperlab-oram iro` runs the full-size version with sweeps.
import { resolveTimingParameters, ringOramDesigns, runIroReproduction } from '@paperlab/oram';

const parameters = resolveTimingParameters({ channels: 2 });
const result = runIroReproduction({
  ...ringOramDesigns({ capacity: 256, treeTopLevels: parameters.treeTopCachedLevels }),
  accesses: 300,
  seed: 'example',
  parameters,
  unitSweep: [1, 4],
  channelSweep: [2],
  pipelineSweep: [1],
});
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
for (const row of result.rows) {
  console.log(
    `${row.setting}: IRO vs Ring ORAM ${pct(row.vsRing)}, vs Ring ORAM + Merkle ${pct(row.vsMerkle)} (paper ${pct(row.paper ?? 0)})`,
  );
}
for (const t of result.traces) {
  console.log(
    `${t.design}: ${t.bytesPerAccess.toFixed(0)} B, ${t.macsPerAccess.toFixed(1)} MACs, ${t.hashesPerAccess.toFixed(1)} digests per access`,
  );
}
const b = result.breakdown[0]!;
console.log(
  `with 4 units the overhead splits into memory ${pct(b.memory)}, digests ${pct(b.hashes)}, MACs ${pct(b.macs)}`,
);

// A small run of the IRO reproduction: the metadata-only Ring ORAM's access sequence on the
// teaching tree, costed for every labelled design and timed on the DDR4 + AES-GCM model.
// `paperlab-oram iro` runs the hardware-scale tree (24 levels, 10 cached) with the sweeps.
import { runIroReproduction, syntheticWorkloadProfiles, teachingTree } from '@paperlab/oram';

const result = runIroReproduction({
  tree: teachingTree,
  accesses: 300,
  seed: 'example',
  profiles: syntheticWorkloadProfiles.slice(0, 2),
  aesSweep: false,
});
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
for (const v of result.variants) {
  const vs = result.baselines
    .map((b) => `vs ${b} ${pct(v.vs[b]!.fourUnits)} / ${pct(v.vs[b]!.enoughUnits)}`)
    .join(', ');
  console.log(
    `${v.name}: ${v.bytesPerAccess.toFixed(0)} B, ${v.macsPerAccess.toFixed(1)} MACs per access; ${vs}`,
  );
}
console.log(
  `(4 units / ${result.enoughUnits} units; the paper: +7.54 % / -2.14 % vs its Baseline)`,
);
console.log(`closest: ${result.closest.variant} vs ${result.closest.baseline}`);

// `paperlab-oram list`: what the commands can be pointed at (bench configurations, IRO trees,
// integrity modes), as text or, with --json, as one JSON document on stdout.
import type { Command } from 'commander';
import { hardwareTree, teachingTree } from '../timing/timingParameters.js';
import { printJson } from './jsonOutput.js';
import { BENCH_CONFIGS } from './oramBench.js';

/** The integrity modes `faults --integrity` and the bench take. */
export const integrityModes = ['rit+must', 'rit', 'merkle', 'none'] as const;

export function listing() {
  return {
    benchConfigurations: BENCH_CONFIGS.map((c) => ({
      kind: c.kind,
      cipher: c.cipher,
      blockSizes: [...c.blockSizes],
    })),
    trees: { hardware: hardwareTree, teaching: teachingTree },
    integrityModes: [...integrityModes],
  };
}

export function register(program: Command): void {
  program
    .command('list')
    .description(
      'bench configurations, IRO trees (iro --tree) and integrity modes (faults --integrity)',
    )
    .option('--json', 'as JSON on stdout')
    .action((o: { json?: boolean }) => {
      const l = listing();
      if (o.json === true) {
        printJson(l);
        return;
      }
      console.log('bench configurations:');
      for (const c of l.benchConfigurations) {
        console.log(
          `  ${c.kind} ORAM, cipher ${c.cipher}, blocks of ${c.blockSizes.join(' / ')} B`,
        );
      }
      console.log('trees (iro --tree):');
      for (const [name, t] of Object.entries(l.trees)) console.log(`  ${name}: ${t.name}`);
      console.log(`integrity modes (faults --integrity): ${l.integrityModes.join(', ')}`);
    });
}

import { renderMarkdownTable } from '@paperlab/stats';
import { type Command, InvalidArgumentError } from 'commander';
import { runFaultCampaign } from '../reliability/faultCampaign.js';
import { intOption } from './iroCommand.js';
import { printJson } from './jsonOutput.js';

/** `paperlab-oram faults`: a fault campaign on the IRO configuration and its summary. */
export function register(program: Command): void {
  program
    .command('faults')
    .description(
      'inject channel loss, stuck-at cells (ECP-n) and transient flips into an IRO Ring ORAM and count what was corrected, repaired, detected and silently wrong',
    )
    .option('--seed <seed>', 'seed of faults, workload, keys and ORAM randomness', 'fault-campaign')
    .option('--capacity <n>', 'logical blocks', intOption('--capacity', 2, 1 << 16), 128)
    .option('--channels <n>', 'memory channels', intOption('--channels', 1, 64), 2)
    .option('--ecp <n>', 'ECP entries per 512-bit line', intOption('--ecp', 1, 64), 6)
    .option(
      '--accesses <n>',
      'random accesses after the faults',
      intOption('--accesses', 0, 1_000_000),
      200,
    )
    .option('--trials <n>', 'fresh ORAMs per random scenario', intOption('--trials', 1, 10_000), 3)
    .option(
      '--integrity <mode>',
      "'rit+must' (IRO), 'rit', 'merkle' or 'none'",
      (v: string) => {
        if (v !== 'rit+must' && v !== 'rit' && v !== 'merkle' && v !== 'none') {
          throw new InvalidArgumentError(
            `--integrity must be one of rit+must, rit, merkle, none, got ${v}`,
          );
        }
        return v;
      },
      'rit+must',
    )
    .option('--no-replication', 'turn Secure Replication off (it is always off with merkle)')
    .option('--json', 'write the campaign result as JSON on stdout')
    .action(
      (o: {
        seed: string;
        capacity: number;
        channels: number;
        ecp: number;
        accesses: number;
        trials: number;
        integrity: 'rit+must' | 'rit' | 'merkle' | 'none';
        replication: boolean;
        json?: boolean;
      }) => {
        const replication = o.replication && o.integrity !== 'merkle';
        const r = runFaultCampaign({
          seed: o.seed,
          capacity: o.capacity,
          channels: o.channels,
          ecpEntries: o.ecp,
          accesses: o.accesses,
          trials: o.trials,
          integrity: o.integrity,
          // A Merkle tree over whole buckets cannot skip a dead channel's slots, so the ORAM
          // refuses replication with it.
          replication: replication,
        });
        if (o.json === true) {
          const { json: _json, ...options } = o;
          printJson({ command: 'faults', options: { ...options, replication }, result: r });
          return;
        }
        const rows = [
          ...r.scenarios,
          { scenario: 'total', trials: 0, errors: {}, messages: [], ...r.total },
        ].map((s) => ({
          scenario: s.scenario,
          'faults injected': s.faultsInjected,
          'corrected (ECP)': s.correctedByEcp,
          'repaired from replica/mirror': s.repairedFromReplica,
          'reads correct': s.readsCorrect,
          'detected, unrecoverable': s.detectedUnrecoverable,
          'silently wrong': s.silentCorruptions,
          errors: Object.entries(s.errors)
            .map(([k, v]) => `${k} ×${v}`)
            .join(', '),
        }));
        console.log(
          `Fault campaign: Ring ORAM, integrity ${o.integrity}, mirrored metadata, Secure Replication ${replication ? 'on' : 'off'}, ${o.channels} channels, ECP-${o.ecp} (${r.ecpBitsPerLine} bits per 512-bit line, ${r.ecpBitsPerBucket} bits per bucket packed into its metadata of ${r.metaBytes * 8} bits).`,
        );
        const lines = r.ecpBitsPerBucket / r.ecpBitsPerLine;
        console.log(
          `Compact ECP metadata: ${lines} lines per bucket packed at bit granularity take ${Math.ceil(r.ecpBitsPerBucket / 8)} B per bucket; a byte-aligned table of ${Math.ceil(r.ecpBitsPerLine / 8)} B per line would take ${lines * Math.ceil(r.ecpBitsPerLine / 8)} B and a separate access.`,
        );
        console.log('A trial stops at its first refused access; "silently wrong" must be 0.');
        console.log('');
        console.log(renderMarkdownTable(rows));
      },
    );
}

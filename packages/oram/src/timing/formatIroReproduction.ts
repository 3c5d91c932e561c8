import { renderCsv, renderMarkdownTable } from '@paperlab/stats';
import type { IroReproductionResult, ReproductionRow } from './iroReproduction.js';
import type { TimingParameters } from './timingParameters.js';

const pct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} %`;

function rowCells(r: ReproductionRow): Record<string, string | number> {
  return {
    setting: r.setting,
    'IRO vs Ring ORAM': pct(r.vsRing),
    'IRO vs Ring ORAM + Merkle': pct(r.vsMerkle),
    paper: r.paper === undefined ? '' : pct(r.paper),
  };
}

/**
 * The reproduction as text: the paper's two settings beside its figures, the sweeps, what each
 * design's trace costs per access, and a breakdown of the overhead into memory traffic, tree
 * digests and MACs, which is what explains the distance to the paper's numbers.
 */
export function formatIroReproduction(
  result: IroReproductionResult,
  parameters: TimingParameters,
  format: 'markdown' | 'csv' = 'markdown',
): string {
  if (format === 'csv') {
    const all = [
      ...result.rows,
      ...result.unitSweep,
      ...result.channelSweep,
      ...result.pipelineSweep,
    ];
    return renderCsv(all.map(rowCells));
  }
  const out: string[] = [];
  const p = parameters;
  out.push(
    `Execution time of IRO normalised to the baseline, mean over the synthetic workload profiles (see timingParameters).`,
    `DRAM DDR4 ${p.dram.tCL}-${p.dram.tRCD}-${p.dram.tRP} at ${p.dram.clockMhz} MHz, CPU ${p.cpuClockMhz} MHz; AES-GCM latency ${p.aesGcm.latency} cycles, one 16-B block per ${p.aesGcm.initiationInterval} cycles per unit; tree digests on ${p.hash.engine === 'aes-gcm' ? 'the AES-GCM units' : 'a dedicated hash engine'}, ${p.verifyMetadataBeforeSlotReads ? 'checked before the slot reads' : 'checked while the slot reads proceed (speculative)'}; "enough" = ${result.enoughUnits} units.`,
    '',
    renderMarkdownTable(result.rows.map(rowCells)),
    '',
    'Sweep over AES-GCM units (2 channels):',
    '',
    renderMarkdownTable(result.unitSweep.map(rowCells), [
      'setting',
      'IRO vs Ring ORAM',
      'IRO vs Ring ORAM + Merkle',
    ]),
    '',
    'Sweep over channels (4 AES-GCM units; the ORAM trace is recorded once with 2 channels, the sweep changes the memory system):',
    '',
    renderMarkdownTable(result.channelSweep.map(rowCells), [
      'setting',
      'IRO vs Ring ORAM',
      'IRO vs Ring ORAM + Merkle',
    ]),
    '',
    'Sensitivity to the AES-GCM unit pipelining (2 channels):',
    '',
    renderMarkdownTable(result.pipelineSweep.map(rowCells), [
      'setting',
      'IRO vs Ring ORAM',
      'IRO vs Ring ORAM + Merkle',
    ]),
    '',
    'Per access, as recorded from the ORAM:',
    '',
    renderMarkdownTable(
      result.traces.map((t) => ({
        design: t.design,
        'memory requests': Number(t.eventsPerAccess.toFixed(1)),
        bytes: Math.round(t.bytesPerAccess),
        MACs: Number(t.macsPerAccess.toFixed(1)),
        'tree digests': Number(t.hashesPerAccess.toFixed(1)),
      })),
    ),
    '',
    ...(result.variants.length === 0
      ? []
      : [
          'Variants against Ring ORAM (2 channels):',
          '',
          renderMarkdownTable(
            result.variants.map((v) => ({
              design: v.design,
              '4 AES-GCM units': pct(v.fourUnits),
              'enough units': pct(v.enoughUnits),
            })),
          ),
          '',
        ]),
    'Where the overhead over Ring ORAM comes from (each term adds to the total):',
    '',
    renderMarkdownTable(
      result.breakdown.map((b) => ({
        setting: b.setting,
        'memory traffic': pct(b.memory),
        'tree digests': pct(b.hashes),
        MACs: pct(b.macs),
        total: pct(b.memory + b.hashes + b.macs),
      })),
    ),
  );
  return out.join('\n');
}

import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { register as registerFaults } from '../src/cli/faultsCommand.js';
import { register as registerIro } from '../src/cli/iroCommand.js';

function run(args: string[]): string {
  const program = new Command('paperlab-oram').exitOverride();
  registerIro(program);
  registerFaults(program);
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(' '));
  });
  try {
    program.parse(['node', 'paperlab-oram', ...args]);
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

describe('iro and faults commands', () => {
  it('iro prints every variant with its costs, its overheads and the paper beside', () => {
    const out = run(['iro', '--tree', 'teaching', '--accesses', '60', '--no-sweep']);
    expect(out).toContain('teaching tree (N 4,096');
    for (const name of [
      'Ring ORAM ',
      'Ring ORAM + Merkle over buckets',
      'Ring ORAM + Synergy MACs',
      'IRO as stated',
      "IRO as this package's ORAM builds it",
      'H1: MUST of 4096 blocks',
      'H2: reads go to the less loaded channel',
    ]) {
      expect(out).toContain(`| ${name}`);
    }
    // Each non-baseline row: overheads vs the three baselines at 4 and enough units, then the paper.
    expect(out).toMatch(
      /\| IRO as stated +\| iro +\|(?: +[\d.]+ +\|){5}(?: [+−][\d.]+ % +\|){6} \+7\.54 % \/ −2\.14 % +\|/,
    );
    expect(out).toContain('Closest to the paper');
    expect(out).not.toContain('under the AES-GCM unknowns');
    const csv = run([
      'iro',
      '--tree',
      'teaching',
      '--accesses',
      '30',
      '--format',
      'csv',
      '--no-sweep',
    ]);
    expect(csv.split('\n')[0]).toBe(
      'variant,role,metadata B,requests/access,bytes/access,MACs/access,digests/access,vs ring (4 units) %,vs ring (enough) %,vs merkle (4 units) %,vs merkle (enough) %,vs synergy (4 units) %,vs synergy (enough) %,paper (4 units) %,paper (enough) %',
    );
  });

  it('iro sweeps the AES-GCM unknowns and takes timing options', () => {
    const out = run([
      'iro',
      '--tree',
      'teaching',
      '--accesses',
      '30',
      '--speculative',
      '--hash-engine',
      'dedicated',
      '--aes-latency',
      '20',
    ]);
    expect(out).toContain('IRO as stated under the AES-GCM unknowns');
    expect(out).toContain('AES-GCM latency 20 cycles');
  });

  it('faults prints the campaign summary with a zero silent-corruption total', () => {
    const out = run(['faults', '--capacity', '16', '--accesses', '20', '--trials', '1']);
    expect(out).toContain('ECP-6 (61 bits per 512-bit line');
    expect(out).toMatch(/\| total +\|.*\| +0 \|[^|]*\|$/m);
    // With Merkle (or --no-replication) a lost channel is detected, still never silently wrong.
    const merkle = run([
      'faults',
      '--capacity',
      '16',
      '--accesses',
      '20',
      '--trials',
      '1',
      '--integrity',
      'merkle',
    ]);
    expect(merkle).toContain('Secure Replication off');
    expect(merkle).toMatch(/\| total +\|.*\| +0 \|[^|]*\|$/m);
  });

  it('rejects bad options naming them', () => {
    const program = new Command('paperlab-oram')
      .exitOverride()
      .configureOutput({ writeErr: () => {} });
    registerIro(program);
    registerFaults(program);
    expect(() => program.parse(['node', 'x', 'iro', '--accesses', '0'])).toThrow(
      '--accesses must be an integer in [1, 1000000], got 0',
    );
    expect(() => program.parse(['node', 'x', 'iro', '--tree', 'huge'])).toThrow(
      '--tree must be one of hardware, teaching, got huge',
    );
    expect(() => program.parse(['node', 'x', 'faults', '--integrity', 'crc'])).toThrow(
      '--integrity must be one of rit+must, rit, merkle, none, got crc',
    );
  });
});

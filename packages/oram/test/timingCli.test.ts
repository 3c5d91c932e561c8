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
  it('iro prints both paper settings beside the paper figures, and the sweeps', () => {
    const out = run(['iro', '--accesses', '60', '--capacity', '64']);
    expect(out).toMatch(/\| 2 channels, 4 AES-GCM units \| [+−][\d.]+ % .*\| \+7\.54 % \|/);
    expect(out).toMatch(/\| 2 channels, enough units .*\| −2\.14 % \|/);
    expect(out).toContain('Sweep over AES-GCM units');
    expect(out).toContain('Sweep over channels');
    expect(out).toContain('Where the overhead over Ring ORAM comes from');
    expect(out).toMatch(/\| IRO \(RIT \+ mirror \+ replicas \+ ECP-6\) +\| [+−]/);
    const csv = run(['iro', '--accesses', '60', '--capacity', '64', '--format', 'csv']);
    expect(csv.split('\n')[0]).toBe('setting,IRO vs Ring ORAM,IRO vs Ring ORAM + Merkle,paper');
  });

  it('iro runs the large-bucket Ring ORAM set too', () => {
    const out = run(['iro', '--accesses', '60', '--capacity', '64', '--ring-set', 'largeBucket']);
    expect(out).toContain('| 2 channels, 4 AES-GCM units |');
    const spec = run([
      'iro',
      '--accesses',
      '60',
      '--capacity',
      '64',
      '--speculative',
      '--hash-engine',
      'dedicated',
    ]);
    expect(spec).toContain(
      'a dedicated hash engine, checked while the slot reads proceed (speculative)',
    );
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
    expect(() => program.parse(['node', 'x', 'faults', '--integrity', 'crc'])).toThrow(
      '--integrity must be one of rit+must, rit, merkle, none, got crc',
    );
  });
});

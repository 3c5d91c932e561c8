import { channelOf } from '../channels.js';
import { IntegrityError } from '../integrityError.js';
import { MAX_RECOVERED_MAC_FAILURES } from '../parameters.js';

/**
 * Which memory channels the client no longer reads when it has a choice (ours, README
 * "Oblivious recovery"): a channel is avoided after its first failure (dead, or caught lying by
 * a MAC). Recovery then reads the replica or mirror INSTEAD of the avoided location, so every
 * ReadPath still reads one slot per bucket. MAC failures recovered from a copy are bounded:
 * faults and tampering look alike, and an adversary must not get unbounded probes.
 */
export class ChannelHealth {
  private readonly avoided: Uint8Array;
  count = 0;
  private readonly macFailures: string[] = [];

  constructor(readonly channels: number) {
    this.avoided = new Uint8Array(channels);
  }

  isAvoided(b: number, s: number | 'meta', copy: 0 | 1 = 0): boolean {
    return this.count > 0 && this.avoided[channelOf(b, s, copy, this.channels)] === 1;
  }

  avoid(channel: number): void {
    if (channel < 0 || channel >= this.channels || this.avoided[channel] === 1) return;
    this.avoided[channel] = 1;
    this.count++;
  }

  /** A MAC failure at (b, s) was recovered from a copy: avoid its channel; fail past the bound. */
  noteMacFailure(b: number, s: number | 'meta'): void {
    this.avoid(channelOf(b, s, 0, this.channels));
    this.macFailures.push(`bucket ${b} slot ${s}`);
    const n = this.macFailures.length;
    if (n > MAX_RECOVERED_MAC_FAILURES) {
      const list = this.macFailures.slice(0, 5).join(', ');
      throw new IntegrityError(
        b,
        s,
        `${n} MAC failures in this session (${list}${n > 5 ? ', …' : ''}), more than the ${MAX_RECOVERED_MAC_FAILURES} recovered from replicas or the mirror: refusing to recover again (tampering, or memory failing beyond its fault model)`,
      );
    }
  }
}

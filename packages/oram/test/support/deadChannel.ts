// A test double: a storage whose memory channel `dead.channel` fails every read and write
// (set it to -1 for none; change it while the ORAM runs to kill a channel mid-workload).
import { ChannelFailedError, channelOf, type OramStorage } from '../../src/index.ts';
import type { RawStorage } from './rawStorage.ts';

export function withDeadChannel(
  raw: RawStorage,
  channels: number,
  dead: { channel: number },
): OramStorage {
  const check = (b: number, s: number | 'meta', copy: 0 | 1) => {
    if (channelOf(b, s, copy, channels) === dead.channel)
      throw new ChannelFailedError(dead.channel, b, s);
  };
  return {
    bucketCount: raw.bucketCount,
    slotsPerBucket: raw.slotsPerBucket,
    slotBytes: raw.slotBytes,
    metaBytes: raw.metaBytes,
    readSlot: (b, s, out) => {
      check(b, s, 0);
      raw.readSlot(b, s, out);
    },
    writeSlot: (b, s, d) => {
      check(b, s, 0);
      raw.writeSlot(b, s, d);
    },
    readMeta: (b, out, copy = 0) => {
      check(b, 'meta', copy);
      raw.readMeta(b, out, copy);
    },
    writeMeta: (b, d, copy = 0) => {
      check(b, 'meta', copy);
      raw.writeMeta(b, d, copy);
    },
  };
}

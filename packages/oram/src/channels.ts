/**
 * The bucket/slot -> memory channel mapping (ours; IRO's paper does not publish one).
 *
 * Slot-interleaved within a bucket, rotated by level: slot s of a bucket at tree level l lives
 * on channel (l + s) mod C; the bucket's metadata copy k (k = 0 primary, 1 mirror) on channel
 * (l + k) mod C. Why:
 * - every bucket spans all C channels, so Secure Replication can keep a block's replica in a
 *   dummy slot of the same bucket on another channel. Primary and replica are then written
 *   and rewritten together, so a replica never goes stale or needs carrying (see README);
 * - the rotation by level spreads a path's metadata reads over all channels;
 * - the metadata mirror is always on a different channel than its primary (for C >= 2).
 */
export function levelOfBucket(bucket: number): number {
  return 31 - Math.clz32(bucket + 1);
}

export function channelOf(
  bucket: number,
  slot: number | 'meta',
  copy: 0 | 1,
  channels: number,
): number {
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(`channels must be an integer >= 1, got ${channels}`);
  }
  const level = levelOfBucket(bucket);
  return (level + (slot === 'meta' ? copy : slot)) % channels;
}

export type ChannelMapping = typeof channelOf;

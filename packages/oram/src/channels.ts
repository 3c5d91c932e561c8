/**
 * The bucket/slot -> memory channel mapping (ours; IRO's paper does not publish one).
 *
 * Level-interleaved: every slot of a bucket at tree level l lives on channel l mod C, and the
 * bucket's metadata copy k (k = 0 primary, 1 mirror) on channel (l + k) mod C. Why by level:
 * - a tree path touches consecutive levels, so with C channels a path spreads evenly over all
 *   of them (the timing model gets channel parallelism on every ReadPath);
 * - the two neighbours of a bucket on any path sit on other channels (for C >= 2), so Secure
 *   Replication can place a replica on the same eviction path but another channel;
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
  return (level + (slot === 'meta' ? copy : 0)) % channels;
}

export type ChannelMapping = typeof channelOf;

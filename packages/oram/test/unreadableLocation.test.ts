// A storage reports an unreadable location with an error per location (under a dead channel,
// about half of every eviction's writes): these errors carry no stack, which cost more to
// capture than the rest of the access, and leave Error.stackTraceLimit as it was.
import { describe, expect, it } from 'vitest';
import { ChannelFailedError, UnreadableLocationError } from '../src/index.ts';
import { UncorrectableLineError } from '../src/reliability/faultyStorage.ts';

describe('unreadable-location errors', () => {
  it('name the location, keep their class, and capture no stack frames', () => {
    const before = Error.stackTraceLimit;
    const e = new ChannelFailedError(1, 5, 'meta');
    expect(Error.stackTraceLimit).toBe(before);
    expect(e).toBeInstanceOf(UnreadableLocationError);
    expect(e).toBeInstanceOf(Error);
    expect([e.channel, e.bucket, e.slot]).toEqual([1, 5, 'meta']);
    expect(e.stack).toBe('ChannelFailedError: memory channel 1 failed (bucket 5, slot meta)');
    const u = new UncorrectableLineError(3, 2, 0);
    expect(u).toBeInstanceOf(UnreadableLocationError);
    expect(u.stack).toBe(`UncorrectableLineError: ${u.message}`);
    expect(u.message).toMatch(/line 0 of bucket 3, slot 2/);
    // Other errors still have their stack.
    expect(new Error('x').stack).toMatch(/\n\s+at /);
  });
});

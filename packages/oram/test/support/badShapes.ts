// Storage shapes with one field that is not an integer in its range, each with the error a
// client must give before it connects or opens anything (the fields go on the wire as u32,
// so an unchecked value would arrive wrapped: -1 as 4294967295, 4.5 as 4).
const good = { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8, metaBytes: 5 };

export const badShapes: [Record<string, unknown>, RegExp][] = [
  [
    { ...good, bucketCount: -1 },
    /shape\.bucketCount must be an integer in \[1, 2147483648\], got -1/,
  ],
  [
    { ...good, slotsPerBucket: 4.5 },
    /shape\.slotsPerBucket must be an integer in \[1, 4096\], got 4\.5/,
  ],
  [
    { ...good, slotBytes: 2 ** 32 + 8 },
    /shape\.slotBytes must be an integer in \[1, 16777216\], got 4294967304/,
  ],
  [
    { bucketCount: 15, slotsPerBucket: 4, slotBytes: 8 },
    /shape\.metaBytes must be an integer in \[0, 1048576\], got undefined/,
  ],
  [{ ...good, metaBytes: '5' }, /shape\.metaBytes must be an integer in \[0, 1048576\], got 5/],
];

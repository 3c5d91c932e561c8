// ECP-6 on a 512-bit line: six stuck cells are patched, a seventh makes the line refuse to read.
import { createEcpTable, ecpBitsPerLine } from '@paperlab/oram';

console.log(
  `ECP-6 needs ${ecpBitsPerLine(6)} bits per 512-bit line; ECP-1 needs ${ecpBitsPerLine(1)}`,
);

const table = createEcpTable(1, 6);
const intended = new Uint8Array(64).fill(0xaa);
const stored = intended.slice();
// Cells stuck at the opposite of what was written: write-verify sees them.
const stuckBits = [3, 70, 129, 200, 333, 511];
for (const bit of stuckBits) stored[bit >>> 3]! ^= 1 << (bit & 7);
console.log('entries added by write-verify:', table.writeVerify(0, intended, stored, 0, 512));
const read = stored.slice();
table.correct(0, read, 0, 512);
console.log(
  'read back equals written data:',
  read.every((b, i) => b === intended[i]),
);

stored[50]! ^= 1; // a seventh stuck cell
console.log(
  'seventh cell:',
  table.writeVerify(0, intended, stored, 0, 512) === -1
    ? 'uncorrectable, line refused'
    : 'corrected',
);
console.log('active entries still:', table.activeEntries(0));

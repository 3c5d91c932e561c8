// Per-call costs of the MAC and keystream candidates (for large slots, the 4 KiB row, and for
// the short messages of the 64-B row), so the choices in README "Encryption" rest on a
// measurement. Run in packages/oram:
//   pnpm exec tsx --conditions=@paperlab/source bench/macCost.ts [--bytes 4096] [--ms 300]
// Prints µs per call (median of 5 rounds) for each candidate at the given message size.
import { createCipheriv, createHash, createHmac, hash, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sha256 } from '@noble/hashes/sha2.js';
import { Poly1305 } from '../src/crypto/poly1305.js';
import { nodeAes } from '../src/nodeAes.js';

const { values: args } = parseArgs({
  options: { bytes: { type: 'string', default: '4096' }, ms: { type: 'string', default: '300' } },
});
const n = Number(args.bytes);
const ms = Number(args.ms);
if (!(Number.isInteger(n) && n >= 16 && n <= 1 << 20))
  throw new RangeError(`--bytes must be an integer in [16, 2^20], got ${args.bytes}`);
if (!(ms > 0 && ms <= 10_000)) throw new RangeError(`--ms must be in (0, 10000], got ${args.ms}`);

const key = randomBytes(32);
const msg = new Uint8Array(randomBytes(n));
const msg32 = new Uint32Array(msg.buffer, msg.byteOffset, n >>> 2);
const pad = new Uint8Array(16);
const out = new Uint8Array(32);
const poly = new Poly1305(key);
const aesDigest = nodeAes.create(key).digest!;
const ecb = createCipheriv('aes-256-ecb', key, null);
ecb.setAutoPadding(false);
const ctrStream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
const provider = nodeAes.create(key);
const blocks = Math.max(1, n >>> 6);
let nextLo = 0;
const iv12 = Buffer.alloc(12);
const iv16 = Buffer.alloc(16);
let sink = 0;

const cases: [string, () => void][] = [
  ['js poly1305 (ours)', () => poly.tag(1, 2, 3, 4, msg, 0, n, pad, 0, out, 0, msg32)],
  ['crypto.hash sha256 (buffer)', () => (sink ^= hash('sha256', msg, 'buffer')[0]!)],
  [
    'crypto.hash sha256 (binary = latin1 string)',
    () => (sink ^= hash('sha256', msg, 'binary').charCodeAt(0)),
  ],
  ['nodeAes digest (the provider)', () => aesDigest(msg, 0, n, out, 0)],
  ['createHash sha256', () => (sink ^= createHash('sha256').update(msg).digest()[0]!)],
  ['createHmac sha256', () => (sink ^= createHmac('sha256', key).update(msg).digest()[0]!)],
  [
    'gmac: aes-256-gcm setAAD',
    () => {
      iv12[0] = (iv12[0]! + 1) & 255;
      const g = createCipheriv('aes-256-gcm', key, iv12);
      g.setAAD(msg);
      g.final();
      sink ^= g.getAuthTag()[0]!;
    },
  ],
  [
    'chacha20-poly1305 setAAD',
    () => {
      iv12[1] = (iv12[1]! + 1) & 255;
      const g = createCipheriv('chacha20-poly1305', key, iv12, { authTagLength: 16 });
      g.setAAD(msg, { plaintextLength: 0 });
      g.final();
      sink ^= g.getAuthTag()[0]!;
    },
  ],
  ['noble sha256', () => (sink ^= sha256(msg)[0]!)],
  ['aes-256-ecb update (n B)', () => (sink ^= ecb.update(msg)[0]!)],
  ['aes-256-ctr reused update (n B)', () => (sink ^= ctrStream.update(msg)[0]!)],
  [
    'aes-256-ctr new object + update (n B)',
    () => {
      iv16[0] = (iv16[0]! + 1) & 255;
      sink ^= createCipheriv('aes-256-ctr', key, iv16).update(msg)[0]!;
    },
  ],
  // The provider as the nonce reservoir uses it: runs of ⌊n/64⌋ positions (the native CTR
  // path from CTR_MIN_BLOCKS = 64 positions, i.e. n ≥ 4096), back to back or with a gap.
  [
    'nodeAes generate, runs back to back',
    () => {
      sink ^= provider.generate!(1, nextLo, blocks)[0]!;
      nextLo += blocks;
    },
  ],
  [
    'nodeAes generate, a gap before each run',
    () => {
      sink ^= provider.generate!(1, nextLo + 1, blocks)[0]!;
      nextLo += blocks + 1;
    },
  ],
  [
    'aes-256-gcm new object, encrypt n B + tag',
    () => {
      iv12[2] = (iv12[2]! + 1) & 255;
      const g = createCipheriv('aes-256-gcm', key, iv12);
      sink ^= g.update(msg)[0]!;
      g.final();
      sink ^= g.getAuthTag()[0]!;
    },
  ],
];

console.log(
  `per-call cost at ${n} B, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const [name, f] of cases) {
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms / 5) {
      for (let k = 0; k < 50; k++) f();
      calls += 50;
      t = performance.now();
    }
    rounds.push(((t - t0) * 1000) / calls);
  }
  rounds.sort((a, b) => a - b);
  const us = rounds[2]!;
  console.log(
    `${name.padEnd(44)} ${us.toFixed(2).padStart(8)} µs  ${((n / us) * 1e-3).toFixed(2)} GB/s`,
  );
}
if (sink === 0.5) console.log('');

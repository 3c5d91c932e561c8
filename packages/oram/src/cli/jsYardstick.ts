import { gcm } from '@noble/ciphers/aes.js';

/**
 * A machine yardstick that runs the same code in Node and in a browser: @noble/ciphers'
 * AES-256-GCM (pure JavaScript), one 64-B seal per call with a fresh 12-byte IV from
 * `crypto.getRandomValues` and a new cipher object each, i.e. the shape of the Node bench's
 * node:crypto yardstick without the native code. Measured in both engines in the same run, its
 * ratio says how fast the browser's JavaScript runs next to Node's on the same machine, which
 * is what the ORAM's own (JavaScript) access path depends on.
 */
export function jsYardstickSealsPerSecond(seconds: number): number {
  const key = new Uint8Array(32);
  crypto.getRandomValues(key);
  const pt = new Uint8Array(64);
  const iv = new Uint8Array(12);
  const seal = (): void => {
    crypto.getRandomValues(iv);
    gcm(key, iv).encrypt(pt);
  };
  for (let i = 0; i < 200; i++) seal();
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) seal();
    n += 20;
  }
  return n / ((performance.now() - t0) / 1000);
}

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { type CipherProvider, type CipherSuite, createNonceWriter, subkey } from './cipherSuite.js';
import { TAG_BYTES } from './parameters.js';

/**
 * Node-only cipher provider (option `cipher: nodeAesGcm`, from '@paperlab/oram/node'):
 * AES-256-GCM through node:crypto (OpenSSL, AES-NI) for slots and metadata, AES-256-CTR for
 * the dummy keystream, same nonce scheme (domain, counter, session) and the same 16-byte tag
 * as the default. Never imported by the browser entry. Keys are HKDF subkeys with their own
 * labels, so the key check differs from ChaCha20-Poly1305's and a store written with one
 * cipher is refused (WrongKeyError) with the other.
 */
export const nodeAesGcm: CipherProvider = {
  name: 'aes-256-gcm (node:crypto)',
  create: createNodeAesGcmSuite,
};

function createNodeAesGcmSuite(key: Uint8Array): CipherSuite {
  const dataKey = subkey(key, 'aes-256-gcm data');
  const dummyKey = subkey(key, 'aes-256-ctr dummy');
  const stateKey = subkey(key, 'aes-256-gcm state');
  const keyCheck = subkey(key, 'aes-256-gcm check').subarray(0, 16);
  const { nonce, setNonce } = createNonceWriter();
  const iv = new Uint8Array(16); // CTR: 12-byte nonce, 32-bit block counter from 0
  const suite: CipherSuite = {
    enabled: true,
    tagBytes: TAG_BYTES,
    keyCheck,
    calls: 0,
    aeadCalls: 0,
    aeadBytes: 0,
    streamCalls: 0,
    streamBytes: 0,
    seal(domain, lo, hi, plain, out, aad) {
      setNonce(domain, lo, hi);
      suite.calls++;
      suite.aeadCalls++;
      suite.aeadBytes += plain.length;
      const c = createCipheriv('aes-256-gcm', dataKey, nonce);
      if (aad !== undefined) c.setAAD(aad);
      const body = c.update(plain);
      out.set(body, 0);
      const fin = c.final();
      if (fin.length > 0) out.set(fin, body.length);
      out.set(c.getAuthTag(), plain.length);
    },
    open(domain, lo, hi, sealed, out, aad) {
      setNonce(domain, lo, hi);
      suite.calls++;
      suite.aeadCalls++;
      suite.aeadBytes += out.length;
      const n = sealed.length - TAG_BYTES;
      try {
        const d = createDecipheriv('aes-256-gcm', dataKey, nonce);
        if (aad !== undefined) d.setAAD(aad);
        d.setAuthTag(sealed.subarray(n));
        const body = d.update(sealed.subarray(0, n));
        d.final();
        out.set(body.subarray(0, out.length));
        return true;
      } catch {
        return false;
      }
    },
    keystream(domain, lo, hi, out) {
      setNonce(domain, lo, hi);
      iv.set(nonce, 0);
      suite.calls++;
      suite.streamCalls++;
      suite.streamBytes += out.length;
      out.fill(0);
      const c = createCipheriv('aes-256-ctr', dummyKey, iv);
      out.set(c.update(out));
    },
    sealState(plain, stateNonce) {
      const c = createCipheriv('aes-256-gcm', stateKey, stateNonce);
      const body = Buffer.concat([c.update(plain), c.final()]);
      const out = new Uint8Array(body.length + TAG_BYTES);
      out.set(body);
      out.set(c.getAuthTag(), body.length);
      return out;
    },
    openState(sealed, stateNonce) {
      try {
        const n = sealed.length - TAG_BYTES;
        const d = createDecipheriv('aes-256-gcm', stateKey, stateNonce);
        d.setAuthTag(sealed.subarray(n));
        return new Uint8Array(Buffer.concat([d.update(sealed.subarray(0, n)), d.final()]));
      } catch {
        return undefined;
      }
    },
  };
  return suite;
}

// The Node-only examples (examples/node/: they need a server, so the docs' in-browser runner
// does not run them) against a server started here on an ephemeral loopback port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { defineExampleTests } from '../../../vitest.examples.ts';
import { type OramServer, startOramServer } from '../src/node/oramServer.ts';

const dir = mkdtempSync(join(tmpdir(), 'oram-example-'));
let server: OramServer;
beforeAll(async () => {
  server = await startOramServer({ dir, port: 0, fsync: false });
  process.env.ORAM_URL = server.url;
});
afterAll(async () => {
  delete process.env.ORAM_URL;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

defineExampleTests(fileURLToPath(new URL('../examples/node', import.meta.url)));

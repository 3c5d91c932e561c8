// Mutation testing of the wire format between createRemoteStorage and `paperlab-oram serve`
// (src/remote/wireCodec.ts), in a unit of its own (`pnpm test:mutation oram.wire`): the codec
// is the boundary with an untrusted server, so every check it makes on a message must be one
// that a test sees fail. Its tests: the known-answer bytes, round trips and hostile replies of
// test/wireCodec.test.ts, then the server attacked with malformed requests
// (test/remoteServer.test.ts).
import { packageStrykerConfig } from '../../scripts/mutation-config.mjs';

export default packageStrykerConfig(import.meta.url, {
  mutate: ['src/remote/wireCodec.ts'],
  vitestConfig: 'vitest.mutation.wire.config.ts',
});

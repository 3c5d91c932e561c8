// The platform registry: every platform the config, presets and CLI can name. Adding a
// platform is one line here (the config schema's enum is built from these keys).
import { parseWith } from '../configError.js';
import { MAX_MS, num, object, withDefault } from '../configFields.js';
import { keepAliveMs } from '../parameters.js';
import type { PlatformFactory } from '../platform.js';
import { planVanillaCold } from '../startPaths/coldStart.js';
import { planCriuRestore } from '../startPaths/criuRestore.js';
import { planFaasnap, planReap } from '../startPaths/microVmSnapshot.js';
import { HybridHistogramPlatform, hybridSchema } from './hybridHistogram.js';
import { KeepAlivePlatform, type MissPlanner } from './keepAlivePlatform.js';
import { trenvCxlFactory, trenvRdmaFactory } from './trenv.js';

const ttlSchema = (defaultMs: number) =>
  withDefault(object({ keepAliveMs: withDefault(num(0, MAX_MS), defaultMs) }), {
    keepAliveMs: defaultMs,
  });

function keepAliveFactory(
  name: string,
  description: string,
  planner: MissPlanner,
  defaultTtlMs: number,
): PlatformFactory {
  const schema = ttlSchema(defaultTtlMs);
  return {
    description,
    create(options) {
      const o = parseWith(schema, options, 'platformOptions');
      return new KeepAlivePlatform(name, planner, o.keepAliveMs);
    },
  };
}

export const platforms: Record<string, PlatformFactory> = {
  faasd: keepAliveFactory(
    'faasd',
    'faasd-style: a new container, runtime and app init on every invocation',
    planVanillaCold,
    0,
  ),
  'keep-alive': keepAliveFactory(
    'keep-alive',
    'vanilla containers kept warm for a fixed time (default 10 min, Lambda)',
    planVanillaCold,
    keepAliveMs.lambda,
  ),
  'hybrid-histogram': {
    description: "vanilla containers, hybrid-histogram keep-alive and pre-warm (ATC'20)",
    create(options) {
      return new HybridHistogramPlatform(parseWith(hybridSchema, options, 'platformOptions'));
    },
  },
  criu: keepAliveFactory(
    'criu',
    'a new container restored from a local CRIU image; fixed keep-alive (default 0)',
    planCriuRestore,
    0,
  ),
  'reap-plus': keepAliveFactory(
    'reap-plus',
    'Firecracker snapshot restore with working-set prefetch (REAP+); fixed keep-alive (default 0)',
    planReap,
    0,
  ),
  'faasnap-plus': keepAliveFactory(
    'faasnap-plus',
    'Firecracker snapshot restore with concurrent loading (FaaSnap+); fixed keep-alive (default 0)',
    planFaasnap,
    0,
  ),
  // --- TrEnv / TrEnv-X / agents ---
  'trenv-cxl': trenvCxlFactory,
  'trenv-rdma': trenvRdmaFactory,
};

/** Names of the registered platforms. */
export function platformNames(): string[] {
  return Object.keys(platforms);
}

/** Builds a registered platform by name. */
export function createPlatform(name: string, options?: Record<string, unknown>) {
  // Own keys only: platforms['__proto__'] is Object.prototype ("f.create is not a function").
  const f = Object.hasOwn(platforms, name) ? platforms[name] : undefined;
  if (f === undefined) {
    throw new RangeError(`platform must be one of ${platformNames().join(', ')}, got ${name}`);
  }
  return f.create(options);
}

// CRIU with its fixed restore work moved: the registry's `criu` platform, whose plan gets
// `baseMs − criu.restoreBaseMs` added to its start-up. That fixed part is an estimate drawn
// through two points of one CRIU issue (parameters.ts), so the sweep varies it; the wrapper only
// uses the public Platform interface.
import { criu } from '../parameters.js';
import type { Platform } from '../platform.js';
import { createPlatform } from '../platforms/index.js';

export function criuPlatform(baseMs: number = criu.restoreBaseMs): Platform {
  if (!(baseMs >= 0) || !Number.isFinite(baseMs)) {
    throw new RangeError(`baseMs must be a finite number >= 0, got ${baseMs}`);
  }
  const inner = createPlatform('criu');
  const delta = baseMs - criu.restoreBaseMs;
  if (delta === 0) return inner;
  // Delegates by call (not by prototype) so the inner platform keeps its own state.
  return {
    name: inner.name,
    init: (ctx) => inner.init(ctx),
    warmStartMs: (fn, node) => inner.warmStartMs(fn, node),
    plan: (fn, node, now, plan) => {
      inner.plan(fn, node, now, plan);
      plan.startupMs += delta;
    },
    onIdle: (fn, node, now, out) => inner.onIdle(fn, node, now, out),
  };
}
